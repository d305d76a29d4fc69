package dev.causeway.ops.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code --duration} option of the long-running v2 commands ({@code v2-node}, {@code
 * filter-subscribe}): how long to run before stopping by themselves, or null to run until
 * SIGTERM/SIGINT. A picocli mixin.
 */
public final class RunDuration {
  @Option(
      names = "--duration",
      paramLabel = "<duration>",
      description = "Stop after this long (ISO-8601, e.g. PT60S).")
  Duration duration;
}

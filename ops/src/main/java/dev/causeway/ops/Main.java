package dev.causeway.ops;

import dev.causeway.ops.cli.CausewayCommand;
import picocli.CommandLine;

/** Entry point of the {@code causeway} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Exits even when a library left a non-daemon thread behind: a command that returned is done.
    System.exit(new CommandLine(new CausewayCommand()).execute(args));
  }
}

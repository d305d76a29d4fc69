package dev.causeway.ops;

import dev.causeway.ops.cli.CausewayCommand;
import picocli.CommandLine;

/** Entry point of the {@code causeway} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = new CommandLine(new CausewayCommand()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}

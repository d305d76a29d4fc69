package dev.causeway.ops.cli;

import dev.causeway.ops.demo.DemoCommand;
import picocli.CommandLine.Command;

/** The {@code causeway} command and its sub-commands. */
@Command(
    name = "causeway",
    mixinStandardHelpOptions = true,
    version = "causeway 0.1.0",
    description = "Waku v1 <-> v2 bridge appliance.",
    subcommands = {
      DemoCommand.class,
      LightPushCommand.class,
      V1NodeCommand.class,
      V1PostCommand.class,
      V2NodeCommand.class,
      V2PublishCommand.class
    })
public final class CausewayCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}

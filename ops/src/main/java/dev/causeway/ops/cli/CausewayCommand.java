package dev.causeway.ops.cli;

import dev.causeway.ops.demo.DemoCommand;
import dev.causeway.ops.demo.V1LineDemoCommand;
import picocli.CommandLine.Command;

/** The {@code causeway} command and its sub-commands. */
@Command(
    name = "causeway",
    mixinStandardHelpOptions = true,
    version = "causeway 0.1.0",
    description = "Waku v1 <-> v2 bridge appliance.",
    subcommands = {
      DemoCommand.class,
      V1LineDemoCommand.class,
      BridgeCommand.class,
      FilterSubscribeCommand.class,
      LightPushCommand.class,
      V1NodeCommand.class,
      V1PostCommand.class,
      V2NodeCommand.class,
      V2PublishCommand.class,
      StoreQueryCommand.class
    })
public final class CausewayCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}

package dev.causeway.ops.cli;

import dev.causeway.bridge.Bridge;
import dev.causeway.ops.config.ConfigException;
import dev.causeway.ops.config.ConfigFile;
import dev.causeway.ops.config.LayeredConfig;
import dev.causeway.ops.lifecycle.Termination;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the bridge: a Waku v1 node, a Waku v2 node and the {@link Bridge} between them, until
 * SIGTERM/SIGINT (or {@code --duration}). Settings come from option defaults, a config file, {@code
 * CAUSEWAY_*} environment variables and flags, each overriding the one before ({@link
 * LayeredConfig}; names in {@link BridgeOptions}).
 *
 * <p>Output (stdout, one JSON object per line): {@code started} (enode, peer id, addresses,
 * topics), then a {@code status} line every {@code --status-interval} with peer counts and the
 * bridge counters, and a final {@code stopped} line. Logs go to stderr. Exit codes: 0 after an
 * orderly stop (signal or {@code --duration}), 2 for bad settings.
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description = {
      "Bridge Waku v1 (devp2p, waku/1) and Waku v2 (libp2p relay) both ways.",
      "Settings: defaults < --config-file (TOML or YAML) < CAUSEWAY_* environment < flags."
    },
    footerHeading = "%nConfiguration:%n",
    footer = {
      "A config file has one key per option, the long name without dashes (devp2p-tcp-port ="
          + " 30303; a list for repeatable options); unknown keys are an error. Each option is"
          + " also read from the environment variable CAUSEWAY_<NAME> (CAUSEWAY_DEVP2P_TCP_PORT;"
          + " commas separate the values of repeatable ones); CAUSEWAY_CONFIG_FILE names the"
          + " file. See docs/bridge.example.toml."
    })
public final class BridgeCommand implements Callable<Integer> {
  /*
   * Threads: the nodes' event loops and the gossipsub thread belong to the nodes and the bridge;
   * this command only reads counter snapshots, on its own scheduled "causeway-status" thread, so
   * a slow stdout never holds up relaying. The command's thread waits on the Termination and then
   * closes in reverse start order: the bridge first (it stops taking messages from the nodes),
   * then the v2 and the v1 node.
   */
  private static final Logger LOG = LoggerFactory.getLogger(BridgeCommand.class);
  static final String ENV_PREFIX = "CAUSEWAY_";
  static final String CONFIG_FILE = "--config-file";

  @Spec CommandSpec spec;

  @Mixin BridgeOptions flags;

  @Option(
      names = CONFIG_FILE,
      paramLabel = "<path>",
      description =
          "TOML (.toml) or YAML (.yaml, .yml) file of settings (or $CAUSEWAY_CONFIG_FILE).")
  Path configFile;

  /** The environment; tests replace it. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    BridgeOptions o;
    try {
      o = resolve();
      o.clusterId(); // refuses inconsistent topic/cluster settings before anything starts
    } catch (ConfigException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    o.applyLogLevel();
    SecureRandom random = new SecureRandom();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Clock clock = Clock.systemUTC();
    JsonLines out = new JsonLines(spec.commandLine().getOut());
    WakuV1Node v1 = new WakuV1Node(o.v1Config(random), registry, clock, random);
    WakuV2Node v2 = new WakuV2Node(o.v2Config(random), registry, clock, random);
    Bridge bridge = new Bridge(v1, v2, o.bridgeConfig(), registry, clock);
    ScheduledExecutorService status =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "causeway-status");
              t.setDaemon(true);
              return t;
            });
    Termination termination = Termination.install("bridge");
    try {
      v1.start();
      v2.start();
      bridge.start();
      Map<String, Object> started = JsonLines.object("started");
      started.put("enode", v1.enode().url());
      started.put("peerId", v2.peerId().toBase58());
      List<String> addrs = new ArrayList<>();
      v2.listenAddresses().forEach(a -> addrs.add(a.toString()));
      started.put("addrs", addrs);
      started.put("clusterId", o.clusterId());
      List<String> topics = new ArrayList<>();
      o.topics().forEach(t -> topics.add(t.toString()));
      started.put("pubsubTopics", topics);
      out.print(started);
      LOG.info("bridge started: v1 {} <-> v2 {} on {}", v1.enode().url(), v2.peerId(), topics);
      long period = o.statusInterval().toMillis();
      status.scheduleAtFixedRate(
          () -> out.print(status("status", v1, v2, bridge)), period, period, TimeUnit.MILLISECONDS);
      if (!termination.await(o.duration())) {
        termination.request("--duration " + o.duration() + " elapsed");
      }
    } finally {
      status.shutdownNow();
      bridge.close();
      v2.close();
      v1.close();
      Map<String, Object> stopped = status("stopped", v1, v2, bridge);
      stopped.put("reason", termination.reason());
      out.print(stopped);
      LOG.info("bridge stopped ({})", termination.reason());
      termination.close();
    }
    return 0;
  }

  /** The settings from all layers. */
  BridgeOptions resolve() throws ConfigException {
    Path file = configFile;
    if (file == null && env.get(ENV_PREFIX + "CONFIG_FILE") != null) {
      file = Path.of(env.get(ENV_PREFIX + "CONFIG_FILE"));
    }
    List<String> cli =
        LayeredConfig.matchedArgs(spec.commandLine().getParseResult(), Set.of(CONFIG_FILE));
    return LayeredConfig.resolve(
        BridgeOptions::new, cli, env, ENV_PREFIX, file == null ? null : ConfigFile.read(file));
  }

  private static Map<String, Object> status(
      String type, WakuV1Node v1, WakuV2Node v2, Bridge bridge) {
    Map<String, Object> m = JsonLines.object(type);
    m.put("v1Peers", v1.activePeerCount());
    m.put("v2Peers", v2Peers(v2));
    m.putAll(BridgeStatus.counts(bridge.stats()));
    return m;
  }

  /** Peers we have a pubsub stream to. */
  private static int v2Peers(WakuV2Node v2) {
    return v2.relay().gossipsub().connectedPeers().size();
  }
}

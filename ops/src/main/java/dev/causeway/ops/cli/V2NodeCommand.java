package dev.causeway.ops.cli;

import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multiaddr.MultiaddrException;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.node.ServiceConfig;
import dev.causeway.v2.node.WakuServiceNode;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import dev.causeway.v2.store.archive.ArchiveException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Runs a Waku v2 relay node until SIGTERM/SIGINT (or {@code --duration}): prints a {@code
 * listening} JSON line with its peer id and addresses, then one {@code message} line per received
 * relay message ({@link V2Messages}). Flags follow nwaku's {@code wakunode2} ({@link
 * V2NodeOptions}); listening: {@code --listen-address}, {@code --tcp-port}, {@code
 * --websocket-support}, {@code --websocket-port}; {@code --relay=false} starts the node without
 * joining any topic.
 */
@Command(
    name = "v2-node",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Waku v2 relay node; print each received message as a JSON line.",
      "nwaku options causeway does not implement yet are ignored with a warning."
    },
    footerHeading = "%nTopics:%n",
    footer = {
      "Without --pubsub-topic, --shard or --content-topic the node relays, on cluster 0, the"
          + " default pubsub topic /waku/2/default-waku/proto (nwaku up to v0.2x; --shard=0 gives"
          + " newer nwaku's /waku/2/rs/0/0), and with autosharding every shard of the network"
          + " (cluster 1: /waku/2/rs/1/0 .. /waku/2/rs/1/7)."
    })
public final class V2NodeCommand implements Callable<Integer> {
  /*
   * Output: the relay calls listeners on its gossipsub thread, which must not block, while stdout
   * may be a slow pipe. Every line (the listening line included, so it always comes first) goes
   * through one LinePrinter; when its queue is full a message line is dropped and counted rather
   * than stalling the relay, and the count is reported on stderr.
   */

  @Spec CommandSpec spec;

  @Mixin V2NodeOptions node;

  /** nwaku options not implemented here: warned about and ignored. */
  @Unmatched List<String> unmatched = new ArrayList<>();

  @Option(
      names = "--listen-address",
      paramLabel = "<ip>",
      defaultValue = "0.0.0.0",
      converter = Converters.IpAddress.class,
      description = "IP address to listen on (default: ${DEFAULT-VALUE}).")
  String listenAddress;

  @Option(
      names = "--tcp-port",
      paramLabel = "<port>",
      defaultValue = "60000",
      converter = Converters.Port.class,
      description = "libp2p TCP port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
  int tcpPort;

  @Option(
      names = "--websocket-support",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "<bool>",
      description =
          "Also listen for WebSocket connections (default: true when --store, --filter or"
              + " --lightpush serve light clients, which reach us from browsers that way; else"
              + " false).")
  Boolean websocketSupport;

  @Option(
      names = "--store",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      paramLabel = "<bool>",
      description =
          "Archive relayed messages and serve store v3 and legacy store (default:"
              + " ${DEFAULT-VALUE}).")
  boolean store;

  @Option(
      names = "--store-message-db-url",
      paramLabel = "<url>",
      defaultValue = "sqlite://store.sqlite3",
      description =
          "Archive database: sqlite://<path> or postgres://user:password@host:port/db (default:"
              + " ${DEFAULT-VALUE}).")
  String storeDbUrl;

  @Option(
      names = "--store-message-retention-policy",
      paramLabel = "<policy>",
      defaultValue = ServiceConfig.DEFAULT_RETENTION,
      description =
          "time:<seconds>, capacity:<count> or size:<n>(KB|MB|GB); several joined by ';'; none"
              + " (default: ${DEFAULT-VALUE}).")
  String retentionPolicy;

  @Option(
      names = "--store-max-page-size",
      paramLabel = "<n>",
      defaultValue = "100",
      description = "Largest store page served (default: ${DEFAULT-VALUE}).")
  int storeMaxPageSize;

  @Option(
      names = "--filter",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      paramLabel = "<bool>",
      description = "Serve filter v2 to light clients (default: ${DEFAULT-VALUE}).")
  boolean filter;

  @Option(
      names = "--lightpush",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      paramLabel = "<bool>",
      description = "Serve light push v2 and v3 to light clients (default: ${DEFAULT-VALUE}).")
  boolean lightpush;

  @Option(
      names = "--websocket-port",
      paramLabel = "<port>",
      defaultValue = "8000",
      converter = Converters.Port.class,
      description = "WebSocket port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
  int websocketPort;

  @Option(
      names = "--relay",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      paramLabel = "<bool>",
      description = "Relay (and print) messages of the topics (default: ${DEFAULT-VALUE}).")
  boolean relay;

  @Mixin RunDuration run;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = node.begin(spec, unmatched);
    V2Topics topics = node.topics(spec);
    List<PubsubTopic> subscriptions;
    try {
      subscriptions =
          relay
              ? topics.subscriptions(node.pubsubTopics, node.shards, node.contentTopics)
              : List.of();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (!relay) {
      Stderr.warn(err, "v2-node", "--relay=false: the node joins no topic and prints no messages");
    }
    SecureRandom random = new SecureRandom();
    WakuV2Config cfg =
        WakuV2Config.defaults(node.key(random), listenAddresses(), subscriptions)
            .withClusterId(topics.clusterId())
            .withStaticNodes(node.staticNodes);

    WakuServiceNode service;
    try {
      service =
          new WakuServiceNode(
              cfg,
              services(),
              topics.autosharding().orElse(null),
              new SimpleMeterRegistry(),
              Clock.systemUTC(),
              random);
    } catch (ArchiveException e) {
      return Stderr.fail(
          err, 1, "ERROR: v2-node: cannot open the store database: " + e.getMessage());
    }
    WakuV2Node n = service.node();
    LinePrinter printer =
        new LinePrinter(
            new JsonLines(spec.commandLine().getOut()),
            LinePrinter.OUTPUT_QUEUE,
            "causeway-v2-output");
    StopSignal stop = StopSignal.install();
    try {
      service.start();
      Map<String, Object> listening = JsonLines.object("listening");
      listening.put("peerId", n.peerId().toBase58());
      List<String> addrs = new ArrayList<>();
      n.listenAddresses().forEach(a -> addrs.add(a.toString()));
      listening.put("addrs", addrs);
      listening.put("clusterId", topics.clusterId());
      List<String> names = new ArrayList<>();
      subscriptions.forEach(t -> names.add(t.toString()));
      listening.put("pubsubTopics", names);
      List<String> serving = new ArrayList<>();
      if (store) {
        serving.add("store");
      }
      if (filter) {
        serving.add("filter");
      }
      if (lightpush) {
        serving.add("lightpush");
      }
      listening.put("services", serving);
      // Queued before any listener exists, so it is always the first line.
      printer.print(listening);
      for (PubsubTopic t : subscriptions) {
        n.subscribe(t, (topic, m, h) -> printer.print(() -> V2Messages.describe(topic, m, h)))
            .get(10, TimeUnit.SECONDS);
      }
      stop.await(run.duration);
    } finally {
      service.close();
      printer.close(err, "v2-node");
      stop.close();
    }
    return 0;
  }

  /** The services asked for, as {@link WakuServiceNode} takes them. */
  ServiceConfig services() {
    ServiceConfig c =
        ServiceConfig.none()
            .withFilter(filter)
            .withLightpush(lightpush)
            .withStoreMaxPageSize(storeMaxPageSize)
            .withRetention(retentionPolicy, ServiceConfig.none().retentionInterval());
    return store ? c.withStore(storeDbUrl) : c;
  }

  /** WebSocket listening: as asked, else on exactly when light clients are served. */
  boolean websocketEnabled() {
    return websocketSupport != null ? websocketSupport : store || filter || lightpush;
  }

  private List<Multiaddr> listenAddresses() throws MultiaddrException {
    String ip = Converters.ipMultiaddr(listenAddress);
    List<Multiaddr> out = new ArrayList<>();
    out.add(Multiaddr.parse(ip + "/tcp/" + tcpPort));
    if (websocketEnabled()) {
      out.add(Multiaddr.parse(ip + "/tcp/" + websocketPort + "/ws"));
    }
    return out;
  }
}

package dev.causeway.ops.cli;

import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.filter.FilterClient;
import dev.causeway.v2.filter.FilterResponse;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * A filter v2 light client (spec v2-filter-lightpush.md §1): connects to the service node {@code
 * --peer} (which it keeps re-dialling), subscribes to the {@code --content-topic}s on one pubsub
 * topic, prints a {@code subscribed} JSON line and then one {@code message} line per pushed message
 * ({@link V2Messages}), sends a SUBSCRIBER_PING every {@code --keep-alive} (re-subscribing when the
 * service answers 404, i.e. has dropped us), until SIGTERM/SIGINT or {@code --duration}.
 *
 * <p>The pubsub topic is the single {@code --pubsub-topic} or {@code --shard}, else the one that
 * carries the content topics ({@link V2Topics}); all content topics must share it.
 */
@Command(
    name = "filter-subscribe",
    mixinStandardHelpOptions = true,
    description =
        "Subscribe to content topics at a filter service node (--peer) and print pushed messages"
            + " as JSON lines.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:stopped (signal or --duration)",
      "2:usage error",
      "3:could not reach the service node within --timeout",
      "4:the service node refused the subscription"
    })
public final class FilterSubscribeCommand implements java.util.concurrent.Callable<Integer> {
  /*
   * Pushes arrive on connection event loops, which must not block, while stdout may be a slow
   * pipe: lines go through one LinePrinter (bounded queue, drops counted and reported on stderr),
   * as in v2-node.
   */
  static final int UNREACHABLE = 3;
  static final int REFUSED = 4;
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  @Spec CommandSpec spec;

  @Mixin V2NodeOptions node;

  /** nwaku options not implemented here: warned about and ignored. */
  @Unmatched List<String> unmatched = new ArrayList<>();

  @Option(
      names = "--peer",
      required = true,
      paramLabel = "<multiaddr>",
      converter = Converters.PeerAddress.class,
      description = "Filter service node, /ip4/.../tcp/<port>[/ws]/p2p/<peer id>.")
  Multiaddr peer;

  @Option(
      names = "--keep-alive",
      defaultValue = "PT1M",
      paramLabel = "<duration>",
      description = "SUBSCRIBER_PING interval (ISO-8601, default: ${DEFAULT-VALUE}, as js-waku).")
  Duration keepAlive;

  @Option(
      names = "--timeout",
      defaultValue = "PT30S",
      paramLabel = "<duration>",
      description = "Give up subscribing after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin RunDuration run;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = node.begin(spec, unmatched);
    if (node.contentTopics.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give at least one --content-topic");
    }
    if (!node.staticNodes.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "filter-subscribe takes --peer, not --staticnode");
    }
    V2Topics topics = node.topics(spec);
    PubsubTopic topic = null;
    List<String> contentTopics = new ArrayList<>();
    try {
      for (ContentTopic ct : node.contentTopics) {
        PubsubTopic t = topics.publishTopic(node.pubsubTopics, node.shards, ct);
        if (topic != null && !topic.equals(t)) {
          throw new IllegalArgumentException(
              "content topics "
                  + contentTopics.get(0)
                  + " and "
                  + ct
                  + " are on different"
                  + " pubsub topics ("
                  + topic
                  + ", "
                  + t
                  + "): subscribe to each separately");
        }
        topic = t;
        contentTopics.add(ct.toString());
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PeerId service = peer.peerId().orElseThrow();

    SecureRandom random = new SecureRandom();
    WakuV2Config cfg =
        WakuV2Config.defaults(node.key(random), List.of(), List.of())
            .withClusterId(topics.clusterId())
            .withStaticNodes(List.of(peer));
    LinePrinter printer =
        new LinePrinter(
            new JsonLines(spec.commandLine().getOut()),
            LinePrinter.OUTPUT_QUEUE,
            "causeway-filter-output");
    ScheduledExecutorService pinger =
        Executors.newSingleThreadScheduledExecutor(
            r -> Threads.daemon(r, "causeway-filter-keepalive"));
    StopSignal stop = StopSignal.install();
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), Clock.systemUTC(), random);
    try (FilterClient client =
        new FilterClient(
            n.host(),
            (from, t, m) -> printer.print(() -> V2Messages.describe(t, m, MessageHash.of(t, m))),
            Duration.ofSeconds(10),
            new SimpleMeterRegistry())) {
      n.start();
      long deadline = System.nanoTime() + timeout.toNanos();
      FilterResponse r = subscribe(client, service, topic, contentTopics, deadline);
      if (r == null) {
        return Stderr.fail(
            err,
            UNREACHABLE,
            "filter-subscribe: could not reach "
                + peer
                + " within "
                + timeout
                + (n.host().connections().isEmpty()
                    ? " (no connection: is the address right and the node up?)"
                    : " (connected, but it does not answer filter requests)"));
      }
      if (!r.isSuccess()) {
        return Stderr.fail(
            err,
            REFUSED,
            "filter-subscribe: subscription refused: "
                + r.statusCode()
                + " "
                + r.statusDesc().orElse(""));
      }
      Map<String, Object> line = JsonLines.object("subscribed");
      line.put("peer", service.toBase58());
      line.put("pubsubTopic", topic.toString());
      line.put("contentTopics", contentTopics);
      printer.print(line);
      PubsubTopic t = topic;
      long every = keepAlive.toMillis();
      pinger.scheduleWithFixedDelay(
          () -> keepAlive(client, service, t, contentTopics, err),
          every,
          every,
          TimeUnit.MILLISECONDS);
      stop.await(run.duration);
    } finally {
      pinger.shutdownNow();
      n.close();
      printer.close(err, "filter-subscribe");
      stop.close();
    }
    return 0;
  }

  /** Subscribes, retrying while the peer is not reachable; null if the deadline passes. */
  private static FilterResponse subscribe(
      FilterClient client, PeerId service, PubsubTopic topic, List<String> cts, long deadline)
      throws InterruptedException {
    while (System.nanoTime() - deadline < 0) {
      try {
        return client
            .subscribe(service, topic, cts)
            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // not connected yet (the node dials --peer in the background): try again shortly
        LockSupport.parkNanos(RETRY_NANOS);
      }
    }
    return null;
  }

  private static void keepAlive(
      FilterClient client, PeerId service, PubsubTopic topic, List<String> cts, PrintWriter err) {
    try {
      FilterResponse r = client.ping(service).get(30, TimeUnit.SECONDS);
      if (r.statusCode() == 404) {
        FilterResponse again = client.subscribe(service, topic, cts).get(30, TimeUnit.SECONDS);
        if (!again.isSuccess()) {
          warn(
              err,
              "re-subscribing failed: " + again.statusCode() + " " + again.statusDesc().orElse(""));
        }
      } else if (!r.isSuccess()) {
        warn(err, "ping answered " + r.statusCode() + " " + r.statusDesc().orElse(""));
      }
    } catch (ExecutionException | TimeoutException e) {
      warn(err, "ping failed: " + (e.getCause() != null ? e.getCause().getMessage() : e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void warn(PrintWriter err, String text) {
    Stderr.warn(err, "filter-subscribe", text);
  }
}

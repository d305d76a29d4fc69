package dev.causeway.ops.cli;

import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
 * Publishes one message over Waku v2 relay: starts an ephemeral node (it listens nowhere) that
 * dials the {@code --staticnode}s, waits until one of them is subscribed to the message's pubsub
 * topic (otherwise gossipsub would have nobody to send it to), publishes it with the current time
 * as timestamp, prints a {@code published} JSON line with its deterministic hash and exits.
 *
 * <p>The pubsub topic is the single {@code --pubsub-topic} or {@code --shard}, else the one
 * carrying {@code --content-topic} ({@link V2Topics}: autosharding on cluster 1, the default topic
 * on cluster 0).
 */
@Command(
    name = "v2-publish",
    mixinStandardHelpOptions = true,
    description = "Publish one message to Waku v2 relay peers (--staticnode) and exit.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:published",
      "2:usage error",
      "3:no static node subscribed to the topic (or publishing stalled) within --timeout",
      "4:the message was refused (e.g. too large)"
    })
public final class V2PublishCommand implements Callable<Integer> {
  static final int NOT_SUBSCRIBED = 3;
  static final int REFUSED = 4;

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  @Spec CommandSpec spec;

  @Mixin V2NodeOptions node;

  /** nwaku options not implemented here: warned about and ignored. */
  @Unmatched List<String> unmatched = new ArrayList<>();

  @Option(names = "--message", required = true, description = "Message text (UTF-8 payload).")
  String message;

  @Option(
      names = "--timeout",
      defaultValue = "PT30S",
      description = "Give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = node.begin(spec, unmatched);
    if (node.staticNodes.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--staticnode is required to publish");
    }
    if (node.contentTopics.size() != 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give exactly one --content-topic for the message");
    }
    ContentTopic contentTopic = node.contentTopics.get(0);
    V2Topics topics = node.topics(spec);
    PubsubTopic topic;
    try {
      topic = topics.publishTopic(node.pubsubTopics, node.shards, contentTopic);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Set<PeerId> targets = new HashSet<>();
    for (Multiaddr a : node.staticNodes) {
      a.peerId().ifPresent(targets::add);
    }

    long deadline = System.nanoTime() + timeout.toNanos();
    SecureRandom random = new SecureRandom();
    WakuV2Config cfg =
        WakuV2Config.defaults(node.key(random), List.of(), List.of(topic))
            .withClusterId(topics.clusterId())
            .withStaticNodes(node.staticNodes);
    try (WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), Clock.systemUTC(), random)) {
      n.start();
      GossipsubService g = n.relay().gossipsub();
      String t = topic.toString();
      while (!subscribed(g, t, targets, deadline)) {
        if (System.nanoTime() - deadline >= 0) {
          return Stderr.fail(
              err,
              NOT_SUBSCRIBED,
              "v2-publish: no static node subscribed to "
                  + t
                  + " within "
                  + timeout
                  + (n.host().connections().isEmpty()
                      ? " (no connection: is the address right and the node up?)"
                      : " (connected, but the peer does not relay this topic: check"
                          + " --cluster-id and the topic flags)"));
        }
        LockSupport.parkNanos(POLL_NANOS);
      }
      WakuMessage m =
          WakuMessage.of(
              message.getBytes(StandardCharsets.UTF_8),
              contentTopic.toString(),
              Nanos.unixNow(Clock.systemUTC()));
      MessageHash h;
      try {
        // Completes once the router has handed the RPC to the peers' streams; closing the node
        // afterwards half-closes those streams behind the write.
        h = n.publish(topic, m).get(Nanos.remaining(deadline), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        return Stderr.fail(
            err, REFUSED, "v2-publish: message refused: " + e.getCause().getMessage());
      } catch (TimeoutException e) {
        return Stderr.fail(
            err, NOT_SUBSCRIBED, "v2-publish: publishing did not complete within " + timeout);
      }
      Map<String, Object> out = JsonLines.object("published");
      out.put("hash", h.to0xHex());
      out.put("pubsubTopic", t);
      out.put("contentTopic", m.contentTopic());
      out.put("timestamp", m.timestampOrZero());
      new JsonLines(spec.commandLine().getOut()).print(out);
      return 0;
    }
  }

  private static boolean subscribed(
      GossipsubService g, String topic, Set<PeerId> targets, long deadline)
      throws InterruptedException, ExecutionException {
    Set<PeerId> peers;
    try {
      peers =
          g.call(() -> g.router().topicPeers(topic))
              .get(Nanos.remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return false;
    }
    for (PeerId p : peers) {
      if (targets.contains(p)) {
        return true;
      }
    }
    return false;
  }
}

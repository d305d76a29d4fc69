package dev.causeway.v2.node;

import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.PeerScore;
import dev.causeway.libp2p.pubsub.gossipsub.ScoreTracker;
import dev.causeway.libp2p.pubsub.gossipsub.WakuScoring;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.metadata.MetadataConfig;
import dev.causeway.v2.metadata.MetadataService;
import dev.causeway.v2.relay.RelayListener;
import dev.causeway.v2.relay.WakuRelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Waku v2 relay node: our libp2p host, the metadata protocol on every connection (peers of
 * another cluster are dropped), and relay on the configured pubsub topics, with static nodes kept
 * connected. Lifecycle: {@link #start()} once, {@link #close()} idempotently.
 */
public final class WakuV2Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WakuV2Node.class);

  private final WakuV2Config config;
  private final Libp2pHost host;
  private final WakuRelay relay;
  private final MetadataService metadata;
  private final ScheduledExecutorService timer;
  private volatile boolean closed;

  /** A node scoring peers with nwaku's and go-waku's parameters (spec gossipsub §8.3). */
  public WakuV2Node(WakuV2Config config, MeterRegistry registry, Clock clock, SecureRandom random) {
    this(config, wakuScore(config, clock), registry, clock, random);
  }

  private static ScoreTracker wakuScore(WakuV2Config config, Clock clock) {
    PeerScore score = new PeerScore(WakuScoring.params(), clock::millis);
    for (PubsubTopic t : config.pubsubTopics()) {
      score.setTopicParams(t.toString(), WakuScoring.topicParams());
    }
    return score;
  }

  public WakuV2Node(
      WakuV2Config config,
      ScoreTracker score,
      MeterRegistry registry,
      Clock clock,
      SecureRandom random) {
    this.config = config;
    HostConfig hc =
        HostConfig.defaults(config.nodeKey(), config.listenAddresses())
            .withAgentVersion(config.agentVersion());
    this.host = new Libp2pHost(hc, registry, random);
    List<Integer> shards = new ArrayList<>();
    for (PubsubTopic t : config.pubsubTopics()) {
      if (t.isStaticShard() && t.clusterId() == config.clusterId()) {
        shards.add(t.shardId());
      }
    }
    List<Integer> shardList = List.copyOf(shards);
    this.metadata =
        new MetadataService(MetadataConfig.of(config.clusterId(), () -> shardList), registry);
    this.relay =
        new WakuRelay(
            host, config.gossipsub(), score, config.validation(), clock, random, registry);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "waku-v2-timer");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() throws InterruptedException {
    metadata.start(host);
    relay.start();
    host.start();
    for (PubsubTopic t : config.pubsubTopics()) {
      relay.subscribe(t);
    }
    timer.scheduleWithFixedDelay(
        this::dialStaticNodes, 0, config.redialInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void dialStaticNodes() {
    for (Multiaddr a : config.staticNodes()) {
      PeerId p = a.peerId().orElse(null);
      if (p != null && host.connections(p).stream().anyMatch(c -> c.isOpen())) {
        continue;
      }
      host.dial(a)
          .exceptionally(
              e -> {
                LOG.debug("static node {} not reachable: {}", a, e.toString());
                return null;
              });
    }
  }

  public PeerId peerId() {
    return host.peerId();
  }

  /** Listen addresses with {@code /p2p/<our id>}. */
  public List<Multiaddr> listenAddresses() {
    List<Multiaddr> out = new ArrayList<>();
    for (Multiaddr a : host.listenAddresses()) {
      out.add(a.withPeerId(host.peerId()));
    }
    return out;
  }

  public Libp2pHost host() {
    return host;
  }

  public WakuRelay relay() {
    return relay;
  }

  public MetadataService metadata() {
    return metadata;
  }

  public CompletableFuture<Void> subscribe(PubsubTopic topic, RelayListener listener) {
    return relay.subscribe(topic, listener);
  }

  public CompletableFuture<MessageHash> publish(PubsubTopic topic, WakuMessage message) {
    return relay.publish(topic, message);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timer.shutdownNow();
    relay.close();
    metadata.close();
    host.close();
  }
}

package dev.causeway.v2.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.GossipRouter;
import dev.causeway.libp2p.pubsub.gossipsub.GossipVersion;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.libp2p.pubsub.gossipsub.MessageIdFunction;
import dev.causeway.libp2p.pubsub.gossipsub.Validator;
import dev.causeway.testing.Await;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Twelve of our relay nodes on 127.0.0.1 in a seeded random sparse topology: every message
 * published anywhere reaches every node exactly once, meshes stay within D_high, and a peer that
 * floods invalid messages is graylisted by the score and disconnected.
 */
class RelayNetworkIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(0, 0);
  private static final int NODES = 12;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private WakuV2Node node(List<Multiaddr> staticNodes) throws Exception {
    WakuV2Config cfg =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                List.of(TOPIC))
            .withStaticNodes(staticNodes)
            .withGossipsub(
                GossipsubConfig.defaults().toBuilder()
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build());
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), Clock.systemUTC(), RANDOM);
    closeables.add(n);
    n.start();
    return n;
  }

  @Test
  void everyMessageReachesEveryNodeExactlyOnce() throws Exception {
    Random topo = new Random(42);
    List<WakuV2Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      // Each node dials the previous one (a chain) and, sometimes, one more random earlier node.
      List<Multiaddr> dial = new ArrayList<>();
      if (i > 0) {
        dial.add(nodes.get(i - 1).listenAddresses().get(0));
        if (i > 2 && topo.nextBoolean()) {
          dial.add(nodes.get(topo.nextInt(i - 1)).listenAddresses().get(0));
        }
      }
      nodes.add(node(dial));
    }
    Map<MessageHash, AtomicInteger>[] seen = newSeen(NODES);
    for (int i = 0; i < NODES; i++) {
      Map<MessageHash, AtomicInteger> mine = seen[i];
      nodes
          .get(i)
          .subscribe(
              TOPIC,
              (t, m, h) -> mine.computeIfAbsent(h, k -> new AtomicInteger()).incrementAndGet())
          .get(10, TimeUnit.SECONDS);
    }
    // Wait until every node has a mesh on the topic.
    for (WakuV2Node n : nodes) {
      Await.until(Duration.ofSeconds(30), "the node meshed", () -> meshSize(n) > 0);
    }
    Set<MessageHash> published = new HashSet<>();
    Random pick = new Random(7);
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int k = 0; k < 30; k++) {
      WakuV2Node from = nodes.get(pick.nextInt(NODES));
      WakuMessage m =
          WakuMessage.of(
              ("message " + k).getBytes(StandardCharsets.UTF_8), "/causeway/1/test/proto", now + k);
      published.add(from.publish(TOPIC, m).get(10, TimeUnit.SECONDS));
      // The publisher does not deliver to itself: count it as seen there.
      int idx = nodes.indexOf(from);
      seen[idx]
          .computeIfAbsent(MessageHash.of(TOPIC, m), h -> new AtomicInteger())
          .incrementAndGet();
    }
    for (int i = 0; i < NODES; i++) {
      Map<MessageHash, AtomicInteger> mine = seen[i];
      Await.until(
          Duration.ofSeconds(30),
          "the node received every published message",
          () -> mine.keySet().containsAll(published));
    }
    for (int i = 0; i < NODES; i++) {
      assertThat(seen[i].keySet()).containsExactlyInAnyOrderElementsOf(published);
      assertThat(seen[i].values()).allMatch(c -> c.get() == 1);
      int mesh = meshSize(nodes.get(i));
      assertThat(mesh).isBetween(1, GossipsubConfig.defaults().dHigh());
    }
  }

  @Test
  void invalidMessageFlooderIsGraylistedAndDisconnected() throws Exception {
    WakuV2Node victim = node(List.of());
    victim.subscribe(TOPIC, (t, m, h) -> {}).get(10, TimeUnit.SECONDS);
    // The flooder: a bare gossipsub peer that accepts anything and publishes garbage.
    Libp2pHost host =
        new Libp2pHost(
            HostConfig.defaults(
                Keys.generateEd25519(RANDOM), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))),
            new SimpleMeterRegistry(),
            RANDOM);
    closeables.add(host);
    Map<String, GossipVersion> protocols = new LinkedHashMap<>();
    protocols.put(ProtocolIds.RELAY, GossipVersion.V1_1);
    GossipsubConfig cfg =
        GossipsubConfig.defaults().toBuilder()
            .protocols(protocols)
            .heartbeatInterval(Duration.ofMillis(200))
            .build();
    GossipsubService flooder =
        new GossipsubService(
            host,
            List.of(ProtocolIds.RELAY),
            1 << 20,
            sink ->
                GossipRouter.builder(cfg, sink)
                    .idFunction(MessageIdFunction.sha256OfData())
                    .validator(Validator.acceptAll())
                    .build());
    closeables.add(flooder);
    // It speaks metadata (same cluster), or the victim would drop it before relay starts.
    dev.causeway.v2.metadata.MetadataService md =
        new dev.causeway.v2.metadata.MetadataService(
            dev.causeway.v2.metadata.MetadataConfig.of(0, () -> List.of(0)),
            new SimpleMeterRegistry());
    md.start(host);
    closeables.add(md);
    flooder.start();
    host.start();
    host.dial(victim.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
    flooder.subscribe(TOPIC.toString()).get(10, TimeUnit.SECONDS);
    PeerId flooderId = host.peerId();
    Await.until(
        Duration.ofSeconds(30),
        "the victim sees the flooder on the topic",
        () ->
            victim
                .relay()
                .gossipsub()
                .call(
                    () ->
                        victim
                            .relay()
                            .gossipsub()
                            .router()
                            .topicPeers(TOPIC.toString())
                            .contains(flooderId))
                .join());
    for (int i = 0; i < 40 && !victim.host().connections(flooderId).isEmpty(); i++) {
      byte[] garbage = ("not a waku message " + i).getBytes(StandardCharsets.UTF_8);
      flooder.publish(TOPIC.toString(), garbage).get(10, TimeUnit.SECONDS);
    }
    Await.until(
        Duration.ofSeconds(30),
        "the victim closed the connection to the flooder",
        () -> victim.host().connections(flooderId).isEmpty());
    assertThat(victim.relay().metrics().rejectedCount(RelayMetrics.Rejected.UNDECODABLE))
        .isGreaterThanOrEqualTo(11.0);
  }

  /**
   * A publisher that keeps a bounded number of publications unfinished cannot overrun the per-peer
   * send limit: a publication finishes only once it is handed to the peer's stream. 12,000 messages
   * of 1 KiB (more than the 8 MiB limit) published back to back all arrive, none is dropped at the
   * sender.
   */
  @Test
  void boundedPublisherLosesNothingAtFullSpeed() throws Exception {
    WakuV2Node a = node(List.of());
    WakuV2Node b = node(List.of(a.listenAddresses().get(0)));
    Set<MessageHash> got = ConcurrentHashMap.newKeySet();
    AtomicInteger deliveries = new AtomicInteger();
    b.subscribe(
            TOPIC,
            (t, m, h) -> {
              got.add(h);
              deliveries.incrementAndGet();
            })
        .get(10, TimeUnit.SECONDS);
    Await.until(Duration.ofSeconds(30), "a and b meshed", () -> meshSize(a) > 0 && meshSize(b) > 0);
    int count = 12_000;
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(1000);
    Set<MessageHash> published = ConcurrentHashMap.newKeySet();
    byte[] payload = new byte[1024];
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < count; i++) {
      java.nio.ByteBuffer.wrap(payload).putInt(i);
      inFlight.acquire();
      a.publish(TOPIC, WakuMessage.of(payload, "/causeway/1/test/proto", now + i))
          .whenComplete(
              (h, e) -> {
                if (h != null) {
                  published.add(h);
                }
                inFlight.release();
              });
    }
    inFlight.acquire(1000);
    assertThat(published).hasSize(count);
    Await.until(Duration.ofSeconds(60), "every message delivered", () -> got.size() == count);
    assertThat(got).isEqualTo(published);
    assertThat(deliveries.get()).isEqualTo(count);
    long dropped =
        a.relay()
            .gossipsub()
            .call(
                () ->
                    a.relay()
                        .gossipsub()
                        .router()
                        .metrics()
                        .dropped(
                            dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.DropReason
                                .QUEUE_FULL))
            .join();
    assertThat(dropped).isZero();
  }

  private static int meshSize(WakuV2Node n) {
    return n.relay()
        .gossipsub()
        .call(() -> n.relay().gossipsub().router().meshPeers(TOPIC.toString()).size())
        .join();
  }

  @SuppressWarnings("unchecked")
  private static Map<MessageHash, AtomicInteger>[] newSeen(int n) {
    Map<MessageHash, AtomicInteger>[] out = new Map[n];
    for (int i = 0; i < n; i++) {
      out[i] = new ConcurrentHashMap<>();
    }
    return out;
  }
}

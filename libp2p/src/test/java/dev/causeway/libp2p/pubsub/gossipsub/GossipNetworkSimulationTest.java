package dev.causeway.libp2p.pubsub.gossipsub;

import static dev.causeway.libp2p.pubsub.gossipsub.Fixtures.TOPIC;
import static dev.causeway.libp2p.pubsub.gossipsub.Fixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Graft;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Prune;
import dev.causeway.libp2p.pubsub.gossipsub.Fixtures.FakeClock;
import dev.causeway.libp2p.pubsub.gossipsub.Fixtures.FakeScoreTracker;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.DropReason;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.Event;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.RejectReason;
import dev.causeway.libp2p.varint.LengthPrefixed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many routers on an in-memory network (spec libp2p-gossipsub.md §5–§7): a seeded random sparse
 * topology, frames carried in bounded per-link FIFO queues ({@link OutboundQueue}), heartbeats
 * stepped on a shared fake clock. Checks end-to-end properties: exactly-once delivery, mesh degree
 * bounds, backoff, the fate of an invalid-message flooder.
 */
class GossipNetworkSimulationTest {
  private static final byte[] BAD = "bad:".getBytes(StandardCharsets.US_ASCII);

  /** One simulated node. */
  final class Node {
    final int index;
    final PeerId id;
    final GossipRouter router;
    final FakeScoreTracker score = new FakeScoreTracker();
    final Map<MessageId, Integer> deliveries = new HashMap<>();
    final List<PeerId> graylistedSeen = new ArrayList<>();

    Node(int index, GossipsubConfig cfg, boolean honest) {
      this.index = index;
      this.id = peer(index);
      score.rejectPenalty = 1000; // 11 rejects cross the -10 000 graylist threshold
      this.router =
          GossipRouter.builder(cfg, (to, frame) -> link(id, to).offer(frame))
              .clock(clock)
              .random(new Random(seed * 1000 + index))
              .scoreTracker(score)
              .validator(
                  honest
                      ? (t, mid, m, from) ->
                          m.dataBytes().startsWith(com.google.protobuf.ByteString.copyFrom(BAD))
                              ? ValidationResult.REJECT
                              : ValidationResult.ACCEPT
                      : Validator.acceptAll())
              .delivery((t, mid, m, from) -> deliveries.merge(mid, 1, Integer::sum))
              .listener(
                  new RouterListener() {
                    @Override
                    public void graylisted(PeerId peer, double s) {
                      graylistedSeen.add(peer);
                      pendingDisconnects.add(new PeerId[] {id, peer});
                    }
                  })
              .build();
    }
  }

  private final FakeClock clock = new FakeClock();
  private final Map<PeerId, Node> nodes = new LinkedHashMap<>();
  private final Map<List<PeerId>, OutboundQueue> links = new LinkedHashMap<>();
  private final List<PeerId[]> pendingDisconnects = new ArrayList<>();
  private final Set<Set<PeerId>> edges = new HashSet<>();

  /** Observer of every frame at delivery time: (from, to, rpc). */
  private FrameObserver observer = (from, to, rpc) -> {};

  private long seed = 7;
  private Random topologyRandom;

  interface FrameObserver {
    void onFrame(PeerId from, PeerId to, Rpc rpc);
  }

  private OutboundQueue link(PeerId from, PeerId to) {
    OutboundQueue q = links.get(List.of(from, to));
    if (q == null) {
      throw new AssertionError(from + " sent to unconnected " + to);
    }
    return q;
  }

  private void build(int n, UnaryOperator<GossipsubConfig> cfg, Set<Integer> dishonest) {
    topologyRandom = new Random(seed);
    GossipsubConfig config = cfg.apply(GossipsubConfig.defaults());
    for (int i = 0; i < n; i++) {
      Node node = new Node(i, config, !dishonest.contains(i));
      nodes.put(node.id, node);
    }
  }

  /** Connects a and b; a dials (its connection is outbound). */
  private void connect(int a, int b, String protocol) {
    PeerId pa = peer(a);
    PeerId pb = peer(b);
    if (a == b || !edges.add(Set.of(pa, pb))) {
      return;
    }
    GossipsubConfig cfg = nodes.get(pa).router.config();
    links.put(
        List.of(pa, pb),
        new OutboundQueue(cfg.peerOutboundQueueFrames(), cfg.peerOutboundQueueBytes()));
    links.put(
        List.of(pb, pa),
        new OutboundQueue(cfg.peerOutboundQueueFrames(), cfg.peerOutboundQueueBytes()));
    nodes.get(pa).router.addPeer(pb, protocol, true);
    nodes.get(pb).router.addPeer(pa, protocol, false);
  }

  private void disconnect(PeerId a, PeerId b) {
    if (!edges.remove(Set.of(a, b))) {
      return;
    }
    links.remove(List.of(a, b));
    links.remove(List.of(b, a));
    nodes.get(a).router.removePeer(b);
    nodes.get(b).router.removePeer(a);
  }

  /**
   * A sparse random graph: a ring with chords to the next three nodes (degree >= 6, connected),
   * plus {@code extra} random edges; a third of the links speak {@code /meshsub/1.2.0}.
   */
  private void randomSparseTopology(int extra) {
    int n = nodes.size();
    for (int i = 0; i < n; i++) {
      for (int k = 1; k <= 3; k++) {
        connect(i, (i + k) % n, protocolFor());
      }
    }
    for (int e = 0; e < extra; e++) {
      connect(topologyRandom.nextInt(n), topologyRandom.nextInt(n), protocolFor());
    }
  }

  private String protocolFor() {
    return topologyRandom.nextInt(3) == 0
        ? GossipsubConfig.MESHSUB_V12
        : GossipsubConfig.MESHSUB_V11;
  }

  /** Delivers queued frames round-robin over the links until every queue is empty. */
  private void drain() {
    boolean any = true;
    int rounds = 0;
    while (any) {
      any = false;
      if (++rounds > 100_000) {
        throw new AssertionError("network does not quiesce");
      }
      for (Map.Entry<List<PeerId>, OutboundQueue> e : new ArrayList<>(links.entrySet())) {
        byte[] frame = e.getValue().poll();
        if (frame == null) {
          continue;
        }
        any = true;
        PeerId from = e.getKey().get(0);
        PeerId to = e.getKey().get(1);
        Node node = nodes.get(to);
        try {
          byte[] body = LengthPrefixed.decodeExact(frame, 1 << 20);
          assertThat(body.length).isLessThanOrEqualTo(node.router.config().maxOutboundRpcSize());
          Rpc rpc = node.router.codec().decode(body);
          observer.onFrame(from, to, rpc);
          node.router.onRpc(from, body);
        } catch (Exception ex) {
          throw new AssertionError("frame " + from + " -> " + to + " failed", ex);
        }
      }
      for (PeerId[] d : List.copyOf(pendingDisconnects)) {
        disconnect(d[0], d[1]);
      }
      pendingDisconnects.clear();
    }
  }

  private void heartbeats(int count) {
    for (int i = 0; i < count; i++) {
      clock.advance(1000);
      for (Node n : nodes.values()) {
        n.router.heartbeat();
      }
      drain();
    }
  }

  private Node node(int i) {
    return nodes.get(peer(i));
  }

  private static String text(int i) {
    return "message " + i + " " + "p".repeat(i % 3 == 0 ? 1500 : 20);
  }

  // ---------------------------------------------------------------------------------- tests

  @ParameterizedTest(name = "floodPublish={0}")
  @ValueSource(booleans = {true, false})
  void everyMessagePublishedAnywhereReachesEverySubscriberExactlyOnce(boolean flood)
      throws Exception {
    build(14, c -> c.withFloodPublish(flood), Set.of());
    randomSparseTopology(8);
    drain();
    Set<Integer> subscribers = new HashSet<>();
    for (int i = 0; i < 14; i++) {
      if (i != 3 && i != 9) {
        node(i).router.subscribe(TOPIC);
        subscribers.add(i);
      }
    }
    drain();
    heartbeats(5);

    Random r = new Random(99);
    Map<MessageId, Integer> publisherOf = new LinkedHashMap<>();
    for (int m = 0; m < 60; m++) {
      int from = r.nextInt(14);
      MessageId id = node(from).router.publish(TOPIC, text(m).getBytes(StandardCharsets.UTF_8));
      publisherOf.put(id, from);
      if (m % 10 == 9) {
        heartbeats(1);
      } else {
        drain();
      }
    }
    heartbeats(4);

    for (Node n : nodes.values()) {
      for (Map.Entry<MessageId, Integer> e : publisherOf.entrySet()) {
        int expected = subscribers.contains(n.index) && e.getValue() != n.index ? 1 : 0;
        assertThat(n.deliveries.getOrDefault(e.getKey(), 0))
            .as("node %d, message %s from %d", n.index, e.getKey(), e.getValue())
            .isEqualTo(expected);
      }
      assertThat(publisherOf.keySet()).containsAll(n.deliveries.keySet());
      assertThat(n.router.metrics().dropped(DropReason.QUEUE_FULL)).isZero();
    }
    long idontwantSent =
        nodes.values().stream().mapToLong(n -> n.router.metrics().get(Event.IDONTWANT_SENT)).sum();
    assertThat(idontwantSent).isPositive();
  }

  @Test
  void meshDegreesConvergeWithinBoundsAndAreSymmetric() {
    build(16, c -> c, Set.of());
    randomSparseTopology(24);
    // a hub connected to everybody: everybody grafts it, so it must prune down
    for (int i = 1; i < 16; i++) {
      connect(i, 0, GossipsubConfig.MESHSUB_V11);
    }
    for (Node n : nodes.values()) {
      n.router.subscribe(TOPIC);
    }
    drain();
    heartbeats(40);
    GossipsubConfig cfg = GossipsubConfig.defaults();
    for (Node n : nodes.values()) {
      Set<PeerId> mesh = n.router.meshPeers(TOPIC);
      assertThat(mesh.size())
          .as("mesh degree of node %d", n.index)
          .isBetween(cfg.dLow(), cfg.dHigh());
      for (PeerId p : mesh) {
        assertThat(nodes.get(p).router.meshPeers(TOPIC))
            .as("node %d has %s in its mesh, but not the other way round", n.index, p)
            .contains(n.id);
      }
    }
    // the hub was over-grafted and had to prune
    assertThat(node(0).router.metrics().get(Event.PRUNE_SENT)).isPositive();
  }

  @Test
  void noPeerGraftsBeforeTheBackoffOfAPruneExpired() {
    build(14, c -> c, Set.of());
    randomSparseTopology(10);
    for (int i = 1; i < 14; i++) {
      connect(i, 0, GossipsubConfig.MESHSUB_V11);
    }
    // (grafter, grafted) -> time before which the grafter must not GRAFT
    Map<List<PeerId>, Long> notBefore = new HashMap<>();
    List<String> violations = new ArrayList<>();
    int[] prunes = new int[1];
    observer =
        (from, to, rpc) -> {
          for (Prune p : rpc.control().prune()) {
            prunes[0]++;
            long backoffMs = p.backoffSeconds().orElse(60) * 1000;
            // `to` got PRUNEd by `from`: `to` must not graft `from` for the backoff;
            // `from` added the same backoff for `to` when it pruned
            notBefore.merge(List.of(to, from), clock.now + backoffMs, Math::max);
            notBefore.merge(List.of(from, to), clock.now + backoffMs, Math::max);
          }
          for (Graft g : rpc.control().graft()) {
            Long nb = notBefore.get(List.of(from, to));
            if (nb != null && clock.now < nb) {
              violations.add(from + " grafted " + to + " at " + clock.now + " < " + nb);
            }
          }
        };
    for (Node n : nodes.values()) {
      n.router.subscribe(TOPIC);
    }
    drain();
    heartbeats(20);
    // churn: some nodes leave and rejoin, which sends PRUNEs with the unsubscribe backoff
    for (int round = 0; round < 3; round++) {
      for (int i = 1; i <= 4; i++) {
        node(i + round).router.unsubscribe(TOPIC);
      }
      drain();
      heartbeats(3);
      for (int i = 1; i <= 4; i++) {
        node(i + round).router.subscribe(TOPIC);
      }
      drain();
      heartbeats(8);
    }
    heartbeats(70);
    assertThat(prunes[0]).isGreaterThan(10);
    assertThat(violations).isEmpty();
  }

  @Test
  void invalidMessageFlooderIsRejectedGraylistedAndDisconnected() throws Exception {
    build(13, c -> c, Set.of(12));
    randomSparseTopology(6);
    Node attacker = node(12);
    for (Node n : nodes.values()) {
      n.router.subscribe(TOPIC);
    }
    drain();
    heartbeats(5);
    Set<PeerId> victims = new HashSet<>(attacker.router.topicPeers(TOPIC));
    assertThat(victims).isNotEmpty();

    for (int i = 0; i < 20; i++) {
      attacker.router.publish(TOPIC, ("bad: spam " + i).getBytes(StandardCharsets.UTF_8));
    }
    drain();

    for (Node n : nodes.values()) {
      if (n == attacker) {
        continue;
      }
      // nobody accepted or forwarded the spam: only the attacker was ever penalised
      assertThat(n.deliveries).as("node %d", n.index).isEmpty();
      assertThat(n.score.rejects.keySet()).isSubsetOf(Set.of(attacker.id));
      if (victims.contains(n.id)) {
        assertThat(n.score.rejects.get(attacker.id)).isEqualTo(11);
        assertThat(n.router.metrics().rejected(RejectReason.VALIDATOR)).isEqualTo(11);
        // the 12th RPC is dropped; the hook then disconnects, discarding the rest in flight
        assertThat(n.router.metrics().dropped(DropReason.GRAYLISTED)).isEqualTo(1);
        assertThat(n.graylistedSeen).containsExactly(attacker.id);
        assertThat(n.router.peers()).doesNotContain(attacker.id);
      }
    }
    assertThat(attacker.router.peers()).isEmpty();

    // the honest network still works
    MessageId id = node(0).router.publish(TOPIC, "honest".getBytes(StandardCharsets.UTF_8));
    heartbeats(3);
    for (Node n : nodes.values()) {
      if (n != attacker && n.index != 0) {
        assertThat(n.deliveries.get(id)).as("node %d", n.index).isEqualTo(1);
      }
    }
  }

  @Test
  void gossipRepairsAMeshThatLostAMessage() throws Exception {
    // a node whose mesh links drop every message frame still gets messages via IHAVE/IWANT
    build(12, c -> c.withFloodPublish(false), Set.of());
    randomSparseTopology(6);
    for (int i = 0; i < 12; i++) {
      connect(5, i, GossipsubConfig.MESHSUB_V11); // enough neighbours to have some outside its mesh
    }
    for (Node n : nodes.values()) {
      n.router.subscribe(TOPIC);
    }
    drain();
    heartbeats(5);
    Node victim = node(5);
    Set<PeerId> victimMesh = victim.router.meshPeers(TOPIC);
    // messages towards the victim are lost on its mesh links; control still flows
    Map<List<PeerId>, OutboundQueue> lossy = new HashMap<>();
    for (PeerId p : victimMesh) {
      lossy.put(List.of(p, victim.id), links.get(List.of(p, victim.id)));
    }
    List<MessageId> ids = new ArrayList<>();
    for (int m = 0; m < 5; m++) {
      ids.add(node(0).router.publish(TOPIC, ("lossy " + m).getBytes(StandardCharsets.UTF_8)));
      dropMessageFramesOn(lossy.keySet());
      drain();
    }
    for (MessageId id : ids) {
      assertThat(victim.deliveries.get(id)).isNull();
    }
    heartbeats(3);
    for (MessageId id : ids) {
      assertThat(victim.deliveries.get(id)).isEqualTo(1);
    }
    long served =
        nodes.values().stream().mapToLong(n -> n.router.metrics().get(Event.IWANT_SERVED)).sum();
    assertThat(served).isGreaterThanOrEqualTo(5);
  }

  /** Delivers the whole network but drops frames carrying messages on the given links. */
  private void dropMessageFramesOn(Set<List<PeerId>> lossy) {
    boolean any = true;
    while (any) {
      any = false;
      for (Map.Entry<List<PeerId>, OutboundQueue> e : new ArrayList<>(links.entrySet())) {
        byte[] frame = e.getValue().poll();
        if (frame == null) {
          continue;
        }
        any = true;
        PeerId from = e.getKey().get(0);
        PeerId to = e.getKey().get(1);
        try {
          byte[] body = LengthPrefixed.decodeExact(frame, 1 << 20);
          Rpc rpc = nodes.get(to).router.codec().decode(body);
          if (lossy.contains(e.getKey()) && !rpc.messages().isEmpty()) {
            continue;
          }
          nodes.get(to).router.onRpc(from, body);
        } catch (Exception ex) {
          throw new AssertionError(ex);
        }
      }
    }
  }

  @Test
  void sameSeedGivesTheSameMeshes() {
    List<Set<PeerId>> first = meshesForSeed(11);
    nodes.clear();
    links.clear();
    edges.clear();
    List<Set<PeerId>> second = meshesForSeed(11);
    assertThat(second).isEqualTo(first);
  }

  private List<Set<PeerId>> meshesForSeed(long s) {
    seed = s;
    build(12, c -> c, Set.of());
    randomSparseTopology(8);
    for (Node n : nodes.values()) {
      n.router.subscribe(TOPIC);
    }
    drain();
    heartbeats(10);
    List<Set<PeerId>> out = new ArrayList<>();
    for (Node n : nodes.values()) {
      out.add(n.router.meshPeers(TOPIC));
    }
    return out;
  }
}

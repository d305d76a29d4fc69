package dev.causeway.v1.waku;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.testing.MutableClock;
import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx.Endpoint;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx.SeededRandom;
import dev.causeway.v1.rlpx.netty.RecordingProtocol;
import dev.causeway.v1.rlpx.netty.SessionRecorder;
import dev.causeway.v1.rlpx.netty.TrackingAllocator;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.EnvelopeHash;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.message.MessagesMessage;
import dev.causeway.v1.waku.message.StatusMessage;
import dev.causeway.v1.waku.message.StatusOptions;
import dev.causeway.v1.waku.message.StatusUpdateMessage;
import dev.causeway.v1.waku.message.WakuV1MessageCodes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code waku/1} sessions of a real {@link WakuV1Node} ({@code v1-waku.md} §4, §7, §9, §10) over
 * EmbeddedChannel RLPx connections: no sockets, no threads; Netty's clock (timers, flooding) and
 * the node's clock (envelope validity, rate-limit windows) move only when the test moves them. The
 * node is never started: its sessions run on channels the test builds with the node's {@code
 * waku/1} capability. The far side is either another node or a recording {@code waku/1} peer whose
 * Status the test chooses.
 */
class WakuV1PeerTest {
  private static final Capability WAKU = new Capability("waku", 1);
  private static final Duration FLOOD = Duration.ofMillis(100);
  private static final Duration MS = Duration.ofMillis(1);
  private static final Topic T1 = Topic.fromHex("01020304");
  private static final Topic T2 = Topic.fromHex("0a0b0c0d");
  private static final byte[] EMPTY_MESSAGES = new MessagesMessage(List.of()).encode();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
  private final TrackingAllocator alloc = new TrackingAllocator();
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final List<WakuV1Node> nodes = new ArrayList<>();
  private long seed = 100;

  @AfterEach
  void closeEverything() {
    for (Endpoint e : endpoints) {
      e.finishAndReleaseAll();
    }
    for (WakuV1Node n : nodes) {
      n.close();
    }
    alloc.assertAllReleased();
  }

  // ---------------------------------------------------------------- fixture

  private Secp256k1.KeyPair nextKey() {
    return Secp256k1.KeyPair.random(new SeededRandom(seed++));
  }

  private WakuV1Config config(double minPow) {
    Devp2pConfig dev = Devp2pConfig.defaults(nextKey(), "127.0.0.1", 0).withIoThreads(1);
    return WakuV1Config.defaults(dev).withMinPow(minPow).withFloodInterval(FLOOD);
  }

  private WakuV1Node node(WakuV1Config cfg) {
    WakuV1Node n = new WakuV1Node(cfg, new SimpleMeterRegistry(), clock, new SeededRandom(seed++));
    nodes.add(n);
    return n;
  }

  private final List<Envelope> heard = new ArrayList<>();

  private WakuV1Node listenedNode(WakuV1Config cfg) {
    WakuV1Node n = node(cfg);
    n.addListener((e, pow, from) -> heard.add(e));
    return n;
  }

  /** A connection between a node (accepting) and a peer (dialling); both clocks move together. */
  private final class Link {
    final Endpoint nodeSide;
    final Endpoint peerSide;

    Link(Endpoint nodeSide, Endpoint peerSide) {
      this.nodeSide = nodeSide;
      this.peerSide = peerSide;
    }

    void pump() {
      EmbeddedRlpx.pump(peerSide, nodeSide);
    }

    void tick(Duration d) {
      EmbeddedRlpx.advance(d, peerSide, nodeSide);
    }

    void ticks(int n) {
      for (int i = 0; i < n; i++) {
        tick(FLOOD);
      }
    }
  }

  /** A recording waku/1 peer connected to {@code node}. */
  private final class Peer {
    final Link link;
    final RecordingProtocol waku;

    Peer(Link link, RecordingProtocol waku) {
      this.link = link;
      this.waku = waku;
    }

    PeerConnection conn() {
      return waku.connections.get(0);
    }

    void send(int code, byte[] data) {
      conn().send(code, data);
      link.pump();
    }

    /** Every envelope received in Messages packets so far, in order. */
    List<Envelope> envelopes() throws Exception {
      List<Envelope> out = new ArrayList<>();
      for (byte[] packet : waku.received(WakuV1MessageCodes.MESSAGES)) {
        out.addAll(MessagesMessage.readFrom(packet).envelopes());
      }
      return out;
    }
  }

  /** Connects a recording peer that sends {@code status} first (nothing if null). */
  private Peer peer(WakuV1Node node, StatusOptions status) {
    return peer(
        node,
        c -> {
          if (status != null) {
            c.send(WakuV1MessageCodes.STATUS, new StatusMessage(status).encode());
          }
        });
  }

  private Peer peer(WakuV1Node node, java.util.function.Consumer<PeerConnection> onOpen) {
    RecordingProtocol waku = new RecordingProtocol(WAKU, WakuV1MessageCodes.LENGTH, onOpen);
    Endpoint peerSide =
        EmbeddedRlpx.full(
            Devp2pConfig.defaults(nextKey(), "127.0.0.1", 0),
            node.enode().nodeId(),
            List.of(waku),
            new SessionRecorder(),
            EmbeddedRlpx.metrics(),
            new SeededRandom(seed++),
            alloc);
    endpoints.add(peerSide);
    Link link = new Link(nodeSide(node), peerSide);
    link.pump();
    assertThat(waku.connections).as("waku/1 session open").hasSize(1);
    return new Peer(link, waku);
  }

  private Endpoint nodeSide(WakuV1Node node) {
    Endpoint e =
        EmbeddedRlpx.full(
            node.config().devp2p(),
            null,
            List.of(node.subProtocol()),
            new SessionRecorder(),
            node.host().metrics(),
            new SeededRandom(seed++),
            alloc);
    endpoints.add(e);
    return e;
  }

  /** Connects two nodes; {@code a} dials {@code b}. */
  private Link link(WakuV1Node a, WakuV1Node b) {
    Endpoint aSide =
        EmbeddedRlpx.full(
            a.config().devp2p(),
            b.enode().nodeId(),
            List.of(a.subProtocol()),
            new SessionRecorder(),
            a.host().metrics(),
            new SeededRandom(seed++),
            alloc);
    endpoints.add(aSide);
    Link l = new Link(nodeSide(b), aSide);
    l.pump();
    return l;
  }

  private static StatusOptions fullNode(double pow) {
    return StatusOptions.builder()
        .powRequirement(pow)
        .bloom(BloomFilter.FULL)
        .lightNode(false)
        .confirmationsEnabled(false)
        .build();
  }

  /** An envelope valid for 50 s from the node clock's now, mined to {@code pow} (0: unmined). */
  private Envelope envelope(Topic topic, byte[] data, double pow) {
    long now = clock.instant().getEpochSecond();
    Envelope unsealed = Envelope.of(now + 50, 50, topic, data, 0);
    if (pow <= 0) {
      return unsealed;
    }
    return new PowMiner().mine(unsealed, pow, 1L << 32).sealed().orElseThrow();
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static List<EnvelopeHash> hashes(List<Envelope> es) {
    return es.stream().map(Envelope::hash).toList();
  }

  // ---------------------------------------------------------------- handshake (§4)

  @Test
  void sendsItsStatusFirstAndDropsAPeerWithoutStatusAfterTheTimeout() throws Exception {
    WakuV1Node node = node(config(0.002));
    Peer p = peer(node, (StatusOptions) null);

    assertThat(p.waku.received(WakuV1MessageCodes.STATUS)).hasSize(1);
    StatusOptions ours = StatusMessage.readFrom(p.waku.received(0).get(0)).options();
    assertThat(ours.powRequirement()).isEqualTo(0.002);
    assertThat(ours.bloom()).isEqualTo(BloomFilter.FULL);
    assertThat(node.activePeerCount()).isZero();

    p.link.tick(node.config().statusTimeout().minus(MS));
    assertThat(p.waku.closes).isEmpty();
    p.link.tick(MS);
    assertThat(p.waku.closes)
        .containsExactly(new RecordingProtocol.Close(DisconnectReason.TIMEOUT, true));
    assertThat(node.metrics().peerDrops(WakuV1Metrics.PeerDrop.STATUS_TIMEOUT)).isEqualTo(1.0);
  }

  @Test
  void firstPacketOtherThanStatusIsBreachOfProtocol() {
    WakuV1Node node = node(config(0.002));
    Peer p = peer(node, c -> c.send(WakuV1MessageCodes.MESSAGES, EMPTY_MESSAGES));
    assertThat(p.waku.closes)
        .containsExactly(new RecordingProtocol.Close(DisconnectReason.BREACH_OF_PROTOCOL, true));
    assertThat(node.activePeerCount()).isZero();
  }

  @Test
  void laterStatusPacketsAreIgnored() throws Exception {
    WakuV1Node node = node(config(0.002));
    Peer p = peer(node, fullNode(0.002));
    p.send(WakuV1MessageCodes.STATUS, new StatusMessage(fullNode(5.0)).encode());
    assertThat(p.waku.closes).isEmpty();
    assertThat(node.highestPeerPowRequirement()).isEqualTo(0.002);
    assertThat(node.metrics().peerDrops(WakuV1Metrics.PeerDrop.IGNORED_CODE)).isEqualTo(1.0);
  }

  // ---------------------------------------------------------------- what a peer is sent (§7, §9)

  @Test
  void statusUpdateToTopicInterestStopsFloodingOfOtherTopics() throws Exception {
    WakuV1Node node = node(config(0.002));
    Peer p = peer(node, fullNode(0.002));
    Envelope e1 = node.submit(envelope(T1, bytes(20, 1), 0.002));
    Envelope e2 = node.submit(envelope(T2, bytes(20, 2), 0.002));
    p.link.ticks(2);
    assertThat(hashes(p.envelopes())).containsExactlyInAnyOrder(e1.hash(), e2.hash());

    StatusOptions interest = StatusOptions.builder().topicInterest(List.of(T1)).build();
    p.send(WakuV1MessageCodes.STATUS_UPDATE, new StatusUpdateMessage(interest).encode());
    Envelope e3 = node.submit(envelope(T1, bytes(20, 3), 0.002));
    Envelope e4 = node.submit(envelope(T2, bytes(20, 4), 0.002));
    p.link.ticks(3);
    assertThat(hashes(p.envelopes())).containsExactlyInAnyOrder(e1.hash(), e2.hash(), e3.hash());
    assertThat(node.pool().contains(e4.hash())).isTrue();

    // Back to a bloom that covers T2: the withheld envelope is sent now, nothing twice.
    StatusOptions bloom = StatusOptions.builder().bloom(BloomFilter.FULL).build();
    p.send(WakuV1MessageCodes.STATUS_UPDATE, new StatusUpdateMessage(bloom).encode());
    p.link.ticks(2);
    assertThat(hashes(p.envelopes()))
        .containsExactlyInAnyOrder(e1.hash(), e2.hash(), e3.hash(), e4.hash());
  }

  @Test
  void peerWithHigherPowRequirementIsNotSentEnvelopesBelowIt() throws Exception {
    WakuV1Node node = node(config(0.002));
    Peer picky = peer(node, fullNode(1.0));
    Peer easy = peer(node, fullNode(0.002));
    Envelope low = envelope(T1, bytes(30, 5), 0.002);
    Envelope high = envelope(T1, bytes(30, 6), 1.0);
    assertThat(ProofOfWork.pow(low)).isGreaterThanOrEqualTo(0.002).isLessThan(1.0);
    assertThat(ProofOfWork.pow(high)).isGreaterThanOrEqualTo(1.0);
    node.submit(low);
    node.submit(high);
    picky.link.ticks(3);
    easy.link.ticks(3);

    assertThat(node.highestPeerPowRequirement()).isEqualTo(1.0);
    assertThat(hashes(picky.envelopes())).containsExactly(high.hash());
    assertThat(hashes(easy.envelopes())).containsExactlyInAnyOrder(low.hash(), high.hash());
  }

  @Test
  void envelopesAreNeverSentBackToThePeerTheyCameFrom() throws Exception {
    WakuV1Node a = node(config(0.002));
    WakuV1Node b = listenedNode(config(0.002));
    Link ab = link(a, b);
    assertThat(a.activePeerCount()).isEqualTo(1);
    assertThat(b.activePeerCount()).isEqualTo(1);

    Envelope fromA = a.submit(envelope(T1, bytes(40, 7), 0.002));
    ab.ticks(10);
    assertThat(hashes(heard)).containsExactly(fromA.hash());
    assertThat(b.metrics().receivedCount(WakuV1Metrics.Received.NEW)).isEqualTo(1.0);
    assertThat(a.metrics().envelopesSent()).isEqualTo(1.0);
    assertThat(b.metrics().envelopesSent()).isZero();
    assertThat(a.metrics().receivedCount(WakuV1Metrics.Received.DUPLICATE)).isZero();
    assertThat(a.metrics().receivedCount(WakuV1Metrics.Received.NEW)).isZero();

    Envelope fromB = b.submit(envelope(T2, bytes(40, 8), 0.002));
    ab.ticks(10);
    assertThat(a.pool().contains(fromB.hash())).isTrue();
    assertThat(b.metrics().envelopesSent()).isEqualTo(1.0);
    assertThat(a.metrics().envelopesSent()).isEqualTo(1.0);
    assertThat(b.metrics().receivedCount(WakuV1Metrics.Received.DUPLICATE)).isZero();
    assertThat(a.metrics().receivedCount(WakuV1Metrics.Received.DUPLICATE)).isZero();
  }

  @Test
  void largeBacklogIsSplitIntoPacketsWithinTheLimit() throws Exception {
    int limit = 64 * 1024;
    WakuV1Node node = node(config(0).withMaxPacketBytes(limit));
    Peer p = peer(node, fullNode(0));
    Set<EnvelopeHash> posted = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      posted.add(node.submit(envelope(T1, bytes(1024, 1000 + i), 0)).hash());
    }
    p.link.ticks(1);

    List<byte[]> packets = p.waku.received(WakuV1MessageCodes.MESSAGES);
    int envelopeLength = envelope(T1, bytes(1024, 0), 0).encodedLength();
    assertThat(packets.size()).isGreaterThanOrEqualTo((200 * envelopeLength + limit - 1) / limit);
    for (int i = 0; i < packets.size(); i++) {
      byte[] packet = packets.get(i);
      assertThat(packet.length).as("packet %d", i).isLessThanOrEqualTo(limit);
      if (i < packets.size() - 1) {
        // Filled: one more envelope would not have fitted.
        assertThat(packet.length + envelopeLength).as("packet %d", i).isGreaterThan(limit);
      }
    }
    List<Envelope> got = p.envelopes();
    assertThat(got).hasSize(200);
    assertThat(new HashSet<>(hashes(got))).isEqualTo(posted);
    assertThat(node.metrics().packetsSent()).isEqualTo(packets.size());
  }

  // ---------------------------------------------------------------- rate limits (§10)

  @Test
  void floodingPeerIsRateLimitedThenDisconnectedWhileAnotherPeerKeepsWorking() throws Exception {
    WakuV1Node node = listenedNode(config(0.002).withPeerRateLimits(5, 0, 1));
    Peer flooder = peer(node, fullNode(0.002)); // its Status is packet 1 of this second
    Peer quiet = peer(node, fullNode(0.002));

    for (int i = 0; i < 10; i++) {
      flooder.conn().send(WakuV1MessageCodes.MESSAGES, EMPTY_MESSAGES);
    }
    flooder.link.pump();
    // 11 packets in one second, 5 allowed: 6 dropped; first window over the limit is tolerated.
    assertThat(node.metrics().peerDrops(WakuV1Metrics.PeerDrop.RATE_LIMITED)).isEqualTo(6.0);
    assertThat(flooder.waku.closes).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 10; i++) {
      flooder.conn().send(WakuV1MessageCodes.MESSAGES, EMPTY_MESSAGES);
    }
    flooder.link.pump();
    // The second window over the limit exceeds the tolerance of 1: dropped at the 6th packet.
    assertThat(flooder.waku.closes)
        .containsExactly(new RecordingProtocol.Close(DisconnectReason.SUBPROTOCOL_REASON, true));
    assertThat(node.metrics().peerDrops(WakuV1Metrics.PeerDrop.RATE_LIMITED)).isEqualTo(7.0);

    // The other peer is served and heard as before.
    Envelope toQuiet = node.submit(envelope(T1, bytes(20, 9), 0.002));
    Envelope fromQuiet = envelope(T2, bytes(20, 10), 0.002);
    quiet.send(WakuV1MessageCodes.MESSAGES, new MessagesMessage(List.of(fromQuiet)).encode());
    quiet.link.ticks(2);
    assertThat(quiet.waku.closes).isEmpty();
    assertThat(hashes(quiet.envelopes())).containsExactly(toQuiet.hash());
    assertThat(hashes(heard)).containsExactly(toQuiet.hash(), fromQuiet.hash());
    assertThat(node.activePeerCount()).isEqualTo(1);
  }
}

package dev.causeway.v1.rlpx.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.host.Devp2pMetrics;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx.Endpoint;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx.RawPeer;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx.SeededRandom;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.rlpx.wire.DisconnectMessage;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import dev.causeway.v1.rlpx.wire.HelloMessage;
import dev.causeway.v1.rlpx.wire.P2pMessageCodes;
import dev.causeway.v1.rlpx.wire.PingMessage;
import dev.causeway.v1.rlpx.wire.RawMessage;
import dev.causeway.v1.rlpx.wire.Snappy;
import dev.causeway.v1.rlpx.wire.WireException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The devp2p session handler ({@code v1-rlpx-devp2p.md} §7) against a scripted peer on
 * EmbeddedChannels, with Netty's clock frozen and moved by hand: Hello and idle timeouts, Pings,
 * Disconnect before Hello, protocol violations, Snappy by devp2p version, and message size limits.
 * Our side is always the production pipeline, accepting; the scripted peer dials it.
 */
class P2pHandlerTest {
  private static final Capability CAP = new Capability("test", 1);
  private static final int CAP_LENGTH = 4;
  private static final int OFFSET = P2pMessageCodes.BASE_PROTOCOL_LENGTH;
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration PING_INTERVAL = Duration.ofSeconds(15);
  private static final Duration MS = Duration.ofMillis(1);
  private static final Secp256k1.KeyPair OUR_KEY = Secp256k1.KeyPair.random(new SeededRandom(1));
  private static final Secp256k1.KeyPair PEER_KEY = Secp256k1.KeyPair.random(new SeededRandom(2));

  private final TrackingAllocator alloc = new TrackingAllocator();
  private final SessionRecorder sessions = new SessionRecorder();
  private final RecordingProtocol proto = new RecordingProtocol(CAP, CAP_LENGTH);
  private final Devp2pMetrics metrics = EmbeddedRlpx.metrics();
  private Endpoint ours;
  private RawPeer peer;

  private static Devp2pConfig config(int idleIntervals, int maxMessageSize) {
    Devp2pConfig d = Devp2pConfig.defaults(OUR_KEY, "127.0.0.1", 0);
    return new Devp2pConfig(
        d.nodeKey(),
        d.listenHost(),
        d.listenPort(),
        d.clientId(),
        d.maxPeers(),
        d.maxPeersPerIp(),
        d.staticPeers(),
        HANDSHAKE_TIMEOUT,
        HELLO_TIMEOUT,
        PING_INTERVAL,
        idleIntervals,
        maxMessageSize,
        d.reconnectInitial(),
        d.reconnectMax(),
        d.ioThreads());
  }

  /** Handshake done, our Hello received by the peer (and checked); the peer has said nothing. */
  private void handshake(Devp2pConfig config) throws WireException {
    ours =
        EmbeddedRlpx.full(
            config, null, List.of(proto), sessions, metrics, new SeededRandom(3), alloc);
    peer = RawPeer.initiator(PEER_KEY, OUR_KEY.publicKey(), new SeededRandom(4), alloc);
    pump();
    assertThat(peer.framing()).isTrue();
    RawMessage hello = peer.poll();
    assertThat(hello.id()).isEqualTo(P2pMessageCodes.HELLO);
    HelloMessage h = HelloMessage.readFrom(hello.data()); // never compressed
    assertThat(h.protocolVersion()).isEqualTo(5);
    assertThat(h.nodeId()).isEqualTo(OUR_KEY.publicKey());
    assertThat(h.capabilities()).containsExactly(CAP);
    assertThat(ours.p2p().state()).isEqualTo(P2pHandler.State.AWAIT_HELLO);
  }

  private void handshake() throws WireException {
    handshake(config(2, Devp2pConfig.DEFAULT_MAX_MESSAGE_SIZE));
  }

  /** {@link #handshake()} plus the peer's Hello with {@code version}: the session is active. */
  private void session(Devp2pConfig config, int version) throws WireException {
    handshake(config);
    peer.sendHello(version, List.of(CAP));
    pump();
    assertThat(ours.p2p().state()).isEqualTo(P2pHandler.State.ACTIVE);
    assertThat(sessions.opened).hasSize(1);
    assertThat(peer.drain()).isEmpty();
  }

  private void session(int version) throws WireException {
    session(config(2, Devp2pConfig.DEFAULT_MAX_MESSAGE_SIZE), version);
  }

  private void pump() {
    EmbeddedRlpx.pump(peer.channel(), ours);
  }

  private void advance(Duration d) {
    ours.advance(d);
    pump();
  }

  @AfterEach
  void releaseEverything() {
    if (ours != null) {
      ours.finishAndReleaseAll();
    }
    if (peer != null) {
      peer.channel().finishAndReleaseAll();
    }
    alloc.assertAllReleased();
  }

  private static DisconnectReason disconnectReason(RawMessage m, boolean compressed)
      throws WireException {
    assertThat(m).as("a Disconnect").isNotNull();
    assertThat(m.id()).isEqualTo(P2pMessageCodes.DISCONNECT);
    byte[] data = compressed ? Snappy.decompress(m.data(), 1024) : m.data();
    return DisconnectMessage.readFrom(data).reason();
  }

  private void assertDisconnectedWith(DisconnectReason reason, boolean compressed)
      throws WireException {
    List<RawMessage> got = peer.drain();
    assertThat(got).as("frames after the violation").hasSize(1);
    assertThat(disconnectReason(got.get(0), compressed)).isEqualTo(reason);
    assertThat(ours.isOpen()).isFalse();
    assertThat(metrics.disconnectsSent(reason)).isEqualTo(1.0);
  }

  // ---------------------------------------------------------------- Hello

  @Test
  void helloTimeoutSendsUncompressedDisconnectTimeout() throws Exception {
    handshake();
    advance(HELLO_TIMEOUT.minus(MS));
    assertThat(ours.isOpen()).isTrue();
    assertThat(peer.drain()).isEmpty();

    advance(MS);
    assertDisconnectedWith(DisconnectReason.TIMEOUT, false);
    assertThat(metrics.setupFailures(Devp2pMetrics.SetupFailure.HELLO_TIMEOUT)).isEqualTo(1.0);
    assertThat(sessions.admitted).isEmpty();
    assertThat(sessions.closed).isEmpty();
  }

  @Test
  void disconnectBeforeHelloClosesWithoutASession() throws Exception {
    handshake();
    peer.send(
        P2pMessageCodes.DISCONNECT,
        new DisconnectMessage(DisconnectReason.TOO_MANY_PEERS).encode());
    pump();

    assertThat(ours.isOpen()).isFalse();
    assertThat(peer.drain()).isEmpty();
    assertThat(metrics.disconnectsReceived(DisconnectReason.TOO_MANY_PEERS)).isEqualTo(1.0);
    assertThat(sessions.admitted).isEmpty();
    assertThat(proto.connections).isEmpty();
    ours.advance(HELLO_TIMEOUT); // the Hello timer is gone with the channel
    assertThat(metrics.setupFailures(Devp2pMetrics.SetupFailure.HELLO_TIMEOUT)).isZero();
  }

  @Test
  void messageOtherThanHelloFirstIsBreachOfProtocol() throws Exception {
    handshake();
    peer.send(P2pMessageCodes.PING, PingMessage.INSTANCE.encode());
    pump();
    assertDisconnectedWith(DisconnectReason.BREACH_OF_PROTOCOL, false);
    assertThat(metrics.setupFailures(Devp2pMetrics.SetupFailure.HELLO_INVALID)).isEqualTo(1.0);
  }

  @Test
  void secondHelloIsBreachOfProtocol() throws Exception {
    session(5);
    peer.sendHello(5, List.of(CAP));
    pump();
    assertDisconnectedWith(DisconnectReason.BREACH_OF_PROTOCOL, true);
    assertThat(proto.closes)
        .containsExactly(new RecordingProtocol.Close(DisconnectReason.BREACH_OF_PROTOCOL, false));
  }

  @Test
  void helloWithoutSharedCapabilityIsUselessPeer() throws Exception {
    handshake();
    peer.sendHello(5, List.of(new Capability("other", 1)));
    pump();
    // Both Hellos said 5, so Snappy is on for the Disconnect (go-ethereum does the same).
    assertDisconnectedWith(DisconnectReason.USELESS_PEER, true);
    assertThat(proto.connections).isEmpty();
  }

  @Test
  void refusedSessionIsToldWhyAndNeverOpensSubProtocols() throws Exception {
    sessions.refuseWith(DisconnectReason.TOO_MANY_PEERS);
    handshake();
    peer.sendHello(5, List.of(CAP));
    pump();
    // The peer's Hello said 5, so the refusal is already compressed.
    assertDisconnectedWith(DisconnectReason.TOO_MANY_PEERS, true);
    assertThat(proto.connections).isEmpty();
    assertThat(sessions.closed).hasSize(1);
    assertThat(sessions.closed.get(0).admitted()).isFalse();
  }

  // ---------------------------------------------------------------- keep-alive

  @Test
  void pingIsSentEveryIntervalAndPongsKeepThePeer() throws Exception {
    session(5);
    for (int i = 1; i <= 6; i++) {
      advance(PING_INTERVAL.minus(MS));
      assertThat(peer.drain()).as("nothing before interval %d ends", i).isEmpty();
      advance(MS);
      List<RawMessage> got = peer.drain();
      assertThat(got).as("tick %d", i).hasSize(1);
      assertThat(got.get(0).id()).isEqualTo(P2pMessageCodes.PING);
      assertThat(Snappy.decompress(got.get(0).data(), 16)).isEqualTo(PingMessage.INSTANCE.encode());
      peer.sendCompressed(P2pMessageCodes.PONG, PingMessage.INSTANCE.encode());
      pump();
    }
    assertThat(ours.isOpen()).isTrue();
    assertThat(metrics.pongsReceived()).isEqualTo(6.0);
  }

  @Test
  void pingIsAnsweredWithPong() throws Exception {
    session(5);
    peer.sendCompressed(P2pMessageCodes.PING, PingMessage.INSTANCE.encode());
    pump();
    List<RawMessage> got = peer.drain();
    assertThat(got).hasSize(1);
    assertThat(got.get(0).id()).isEqualTo(P2pMessageCodes.PONG);
    assertThat(Snappy.decompress(got.get(0).data(), 16)).isEqualTo(PingMessage.INSTANCE.encode());
    assertThat(metrics.pingsAnswered()).isEqualTo(1.0);
  }

  @Test
  void silentPeerIsDroppedWithTimeoutAfterIdleIntervals() throws Exception {
    int idleIntervals = 3;
    session(config(idleIntervals, Devp2pConfig.DEFAULT_MAX_MESSAGE_SIZE), 5);
    // Ticks 1 .. idleIntervals-1 send Pings that the peer ignores.
    for (int i = 1; i < idleIntervals; i++) {
      advance(PING_INTERVAL);
      List<RawMessage> got = peer.drain();
      assertThat(got).as("tick %d", i).hasSize(1);
      assertThat(got.get(0).id()).isEqualTo(P2pMessageCodes.PING);
    }
    assertThat(ours.isOpen()).isTrue();
    // idleIntervals whole intervals without an inbound frame since the Hello: dropped.
    advance(PING_INTERVAL);
    assertDisconnectedWith(DisconnectReason.TIMEOUT, true);
    assertThat(proto.closes)
        .containsExactly(new RecordingProtocol.Close(DisconnectReason.TIMEOUT, false));
    assertThat(sessions.closed).hasSize(1);
    assertThat(sessions.closed.get(0).reason()).isEqualTo(DisconnectReason.TIMEOUT);
  }

  @Test
  void anyInboundFrameResetsTheIdleCount() throws Exception {
    session(5); // idleIntervals 2
    for (int i = 0; i < 5; i++) {
      advance(PING_INTERVAL);
      assertThat(peer.drain()).hasSize(1); // our Ping, unanswered
      peer.sendCompressed(OFFSET + 1, new byte[] {(byte) i}); // but other traffic flows
      pump();
    }
    assertThat(ours.isOpen()).isTrue();
    assertThat(proto.received(1)).hasSize(5);
  }

  // ---------------------------------------------------------------- dispatch

  @Test
  void messageIdBeyondSharedCapabilitiesIsBreachOfProtocol() throws Exception {
    session(5);
    peer.sendCompressed(OFFSET + CAP_LENGTH - 1, new byte[] {1}); // last id of the capability
    pump();
    assertThat(proto.received(CAP_LENGTH - 1)).hasSize(1);
    peer.sendCompressed(OFFSET + CAP_LENGTH, new byte[] {1}); // first id after it
    pump();
    assertDisconnectedWith(DisconnectReason.BREACH_OF_PROTOCOL, true);
  }

  @Test
  void reservedBaseProtocolIdsAreIgnored() throws Exception {
    session(5);
    peer.sendCompressed(0x04, new byte[] {(byte) 0xc0});
    peer.sendCompressed(0x0f, new byte[] {(byte) 0xc0});
    peer.sendCompressed(OFFSET, new byte[] {9});
    pump();
    assertThat(ours.isOpen()).isTrue();
    assertThat(proto.received(0)).containsExactly(new byte[] {9});
  }

  // ---------------------------------------------------------------- Snappy

  @Test
  void snappyIsOffWhenThePeerSaysVersion4() throws Exception {
    session(4); // nim-waku v1 and the nwaku bridge
    assertThat(sessions.opened.get(0).snappy()).isFalse();
    byte[] data = "uncompressed".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    peer.send(OFFSET + 2, data);
    pump();
    assertThat(proto.received(2)).containsExactly(data);

    proto.connections.get(0).send(3, data);
    advance(PING_INTERVAL);
    List<RawMessage> got = peer.drain();
    assertThat(got).extracting(RawMessage::id).containsExactly(OFFSET + 3, P2pMessageCodes.PING);
    assertThat(got.get(0).data()).isEqualTo(data);
    assertThat(got.get(1).data()).isEqualTo(PingMessage.INSTANCE.encode());
  }

  @Test
  void snappyIsOnWhenThePeerSaysVersion5() throws Exception {
    session(5);
    assertThat(sessions.opened.get(0).snappy()).isTrue();
    byte[] data = "compressed on the wire".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    peer.sendCompressed(OFFSET + 2, data);
    pump();
    assertThat(proto.received(2)).containsExactly(data);

    proto.connections.get(0).send(3, data);
    advance(PING_INTERVAL);
    List<RawMessage> got = peer.drain();
    assertThat(got).extracting(RawMessage::id).containsExactly(OFFSET + 3, P2pMessageCodes.PING);
    assertThat(got.get(0).data()).isEqualTo(Snappy.compress(data));
    assertThat(Snappy.decompress(got.get(0).data(), 1024)).isEqualTo(data);
    assertThat(got.get(1).data()).isNotEqualTo(PingMessage.INSTANCE.encode());
  }

  // ---------------------------------------------------------------- size limits

  private static final int LIMIT = 1024;

  @Test
  void compressedMessageAtTheLimitIsDeliveredAndOneByteMoreIsBreach() throws Exception {
    session(config(2, LIMIT), 5);
    peer.sendCompressed(OFFSET, new byte[LIMIT]);
    pump();
    assertThat(proto.received(0)).hasSize(1);
    assertThat(proto.received(0).get(0)).hasSize(LIMIT);

    // Zeros compress to a few dozen bytes: only the declared length betrays the size.
    peer.sendCompressed(OFFSET, new byte[LIMIT + 1]);
    pump();
    assertDisconnectedWith(DisconnectReason.BREACH_OF_PROTOCOL, true);
    assertThat(proto.received(0)).hasSize(1);
  }

  @Test
  void uncompressedMessageAtTheLimitIsDeliveredAndOneByteMoreIsBreach() throws Exception {
    session(config(2, LIMIT), 4);
    peer.send(OFFSET, new byte[LIMIT]);
    pump();
    assertThat(proto.received(0)).hasSize(1);

    peer.send(OFFSET, new byte[LIMIT + 1]);
    pump();
    assertDisconnectedWith(DisconnectReason.BREACH_OF_PROTOCOL, false);
    assertThat(proto.received(0)).hasSize(1);
  }

  @Test
  void frameLargerThanTheFrameLimitIsRefusedWithBreachBeforeTheBodyIsBuffered() throws Exception {
    session(config(2, LIMIT), 4);
    int frameLimit = RlpxChannelInitializer.maxFrameSize(LIMIT);
    peer.send(OFFSET, new byte[frameLimit + 1]);
    pump();
    // The header announced a frame we will not buffer: the ingress stream cannot be
    // resynchronised, but our egress is intact, so the peer is told BREACH_OF_PROTOCOL.
    assertDisconnectedWith(DisconnectReason.BREACH_OF_PROTOCOL, false);
    assertThat(ours.isOpen()).isFalse();
    assertThat(proto.received(0)).isEmpty();
    assertThat(proto.closes)
        .containsExactly(new RecordingProtocol.Close(DisconnectReason.BREACH_OF_PROTOCOL, false));
  }
}

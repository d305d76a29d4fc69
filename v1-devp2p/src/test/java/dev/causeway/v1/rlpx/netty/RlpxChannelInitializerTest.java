package dev.causeway.v1.rlpx.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.host.Devp2pMetrics;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx.Endpoint;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx.SeededRandom;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two production pipelines ({@link RlpxChannelInitializer}) on EmbeddedChannels: the RLPx handshake
 * completes, Hellos are exchanged, sub-protocol messages flow both ways, and the byte stream of a
 * whole session still decodes when it arrives split at every byte offset or one byte at a time
 * (spec v1-rlpx-devp2p.md §4, §5.4, §7). Every buffer is released.
 *
 * <p>The split tests record one session between seeded endpoints, then replay one direction's bytes
 * into fresh endpoints built from the same seeds: those derive the same ephemeral keys and nonces,
 * hence the same secrets, so the recorded frames decode again.
 */
class RlpxChannelInitializerTest {
  private static final Capability CAP = new Capability("test", 1);
  private static final int CAP_LENGTH = 4;
  private static final long SEED_A = 11;
  private static final long SEED_B = 22;
  private static final Secp256k1.KeyPair KEY_A = key(1);
  private static final Secp256k1.KeyPair KEY_B = key(2);

  private final TrackingAllocator alloc = new TrackingAllocator();
  private final List<Endpoint> endpoints = new ArrayList<>();

  private static Secp256k1.KeyPair key(long seed) {
    return Secp256k1.KeyPair.random(new SeededRandom(seed));
  }

  private static Devp2pConfig config(Secp256k1.KeyPair key) {
    return Devp2pConfig.defaults(key, "127.0.0.1", 0)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15));
  }

  /** One side: endpoint plus what it recorded. */
  private record Side(
      Endpoint channel, SessionRecorder sessions, RecordingProtocol proto, Devp2pMetrics metrics) {}

  private Side initiator() {
    return side(KEY_A, KEY_B.publicKey(), SEED_A);
  }

  private Side responder() {
    return side(KEY_B, null, SEED_B);
  }

  private Side side(Secp256k1.KeyPair key, byte[] remote, long seed) {
    SessionRecorder sessions = new SessionRecorder();
    RecordingProtocol proto = new RecordingProtocol(CAP, CAP_LENGTH);
    Devp2pMetrics metrics = EmbeddedRlpx.metrics();
    Endpoint ch =
        EmbeddedRlpx.full(
            config(key), remote, List.of(proto), sessions, metrics, new SeededRandom(seed), alloc);
    endpoints.add(ch);
    return new Side(ch, sessions, proto, metrics);
  }

  @AfterEach
  void releaseEverything() {
    for (Endpoint e : endpoints) {
      e.finishAndReleaseAll();
    }
    alloc.assertAllReleased();
  }

  // ---------------------------------------------------------------- the recorded session

  private static final List<RecordingProtocol.Message> A_SENDS =
      List.of(
          new RecordingProtocol.Message(0, new byte[0]),
          new RecordingProtocol.Message(1, randomBytes(40, 5)),
          new RecordingProtocol.Message(3, repeat("abcdefgh", 40)));
  private static final List<RecordingProtocol.Message> B_SENDS =
      List.of(
          new RecordingProtocol.Message(2, randomBytes(64, 6)),
          new RecordingProtocol.Message(1, new byte[] {7}));

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] repeat(String s, int times) {
    return s.repeat(times).getBytes(StandardCharsets.US_ASCII);
  }

  /** The bytes each side sent in a full session: handshake, Hello, messages, Ping, Pong. */
  private record Recording(byte[] aToB, byte[] bToA) {}

  private Recording record() {
    Side a = initiator();
    Side b = responder();
    ByteArrayOutputStream aToB = new ByteArrayOutputStream();
    ByteArrayOutputStream bToA = new ByteArrayOutputStream();
    EmbeddedRlpx.pump(a.channel(), b.channel(), aToB, bToA);
    assertThat(a.sessions().opened).hasSize(1);
    assertThat(b.sessions().opened).hasSize(1);
    PeerConnection aConn = a.proto().connections.get(0);
    PeerConnection bConn = b.proto().connections.get(0);
    for (RecordingProtocol.Message m : A_SENDS) {
      aConn.send(m.code(), m.data());
    }
    for (RecordingProtocol.Message m : B_SENDS) {
      bConn.send(m.code(), m.data());
    }
    a.channel().advance(Duration.ofSeconds(15)); // one Ping each, answered by a Pong
    b.channel().advance(Duration.ofSeconds(15));
    EmbeddedRlpx.pump(a.channel(), b.channel(), aToB, bToA);
    assertMessages(b.proto(), A_SENDS);
    assertMessages(a.proto(), B_SENDS);
    return new Recording(aToB.toByteArray(), bToA.toByteArray());
  }

  private static void assertMessages(RecordingProtocol p, List<RecordingProtocol.Message> want) {
    assertThat(p.messages).hasSameSizeAs(want);
    for (int i = 0; i < want.size(); i++) {
      assertThat(p.messages.get(i).code()).isEqualTo(want.get(i).code());
      assertThat(p.messages.get(i).data()).isEqualTo(want.get(i).data());
    }
  }

  // ---------------------------------------------------------------- tests

  @Test
  void handshakeCompletesAndHellosAreExchanged() {
    Side a = initiator();
    Side b = responder();
    EmbeddedRlpx.pump(a.channel(), b.channel());

    assertThat(a.channel().p2p().state()).isEqualTo(P2pHandler.State.ACTIVE);
    assertThat(b.channel().p2p().state()).isEqualTo(P2pHandler.State.ACTIVE);
    Session atA = a.sessions().opened.get(0);
    Session atB = b.sessions().opened.get(0);
    assertThat(atA.remoteNodeId()).isEqualTo(KEY_B.publicKey());
    assertThat(atB.remoteNodeId()).isEqualTo(KEY_A.publicKey());
    assertThat(atA.isInbound()).isFalse();
    assertThat(atB.isInbound()).isTrue();
    for (Session s : List.of(atA, atB)) {
      assertThat(s.remoteHello().protocolVersion()).isEqualTo(5);
      assertThat(s.remoteHello().clientId()).isEqualTo("causeway/v0.1.0");
      assertThat(s.remoteHello().capabilities()).containsExactly(CAP);
      assertThat(s.snappy()).isTrue();
    }
    // Sub-protocol traffic at the negotiated offset, both ways.
    a.proto().connections.get(0).send(2, "ping?".getBytes(StandardCharsets.UTF_8));
    b.proto().connections.get(0).send(3, new byte[0]);
    EmbeddedRlpx.pump(a.channel(), b.channel());
    assertMessages(
        b.proto(),
        List.of(new RecordingProtocol.Message(2, "ping?".getBytes(StandardCharsets.UTF_8))));
    assertMessages(a.proto(), List.of(new RecordingProtocol.Message(3, new byte[0])));
    assertThat(a.channel().isOpen()).isTrue();
    assertThat(b.channel().isOpen()).isTrue();
  }

  @Test
  void requestedDisconnectReachesThePeerAndClosesBothSessions() {
    Side a = initiator();
    Side b = responder();
    EmbeddedRlpx.pump(a.channel(), b.channel());
    a.sessions().opened.get(0).disconnect(DisconnectReason.REQUESTED);
    EmbeddedRlpx.pump(a.channel(), b.channel());

    assertThat(a.channel().isOpen()).isFalse();
    assertThat(b.channel().isOpen()).isFalse();
    assertThat(b.proto().closes)
        .containsExactly(new RecordingProtocol.Close(DisconnectReason.REQUESTED, true));
    assertThat(a.proto().closes)
        .containsExactly(new RecordingProtocol.Close(DisconnectReason.REQUESTED, false));
    assertThat(b.metrics().disconnectsReceived(DisconnectReason.REQUESTED)).isEqualTo(1.0);
    assertThat(b.sessions().closed).hasSize(1);
    assertThat(b.sessions().closed.get(0).admitted()).isTrue();
  }

  @Test
  void initiatorStreamSplitAtEveryOffsetDecodes() {
    byte[] stream = record().aToB();
    for (int cut = 0; cut <= stream.length; cut++) {
      replayIntoResponder(stream, new int[] {cut});
    }
  }

  @Test
  void responderStreamSplitAtEveryOffsetDecodes() {
    byte[] stream = record().bToA();
    for (int cut = 0; cut <= stream.length; cut++) {
      replayIntoInitiator(stream, new int[] {cut});
    }
  }

  @Test
  void bothStreamsDecodeInOneByteChunks() {
    Recording rec = record();
    replayIntoResponder(rec.aToB(), everyOffset(rec.aToB().length));
    replayIntoInitiator(rec.bToA(), everyOffset(rec.bToA().length));
  }

  @Test
  void corruptedFrameClosesWithoutDisconnectAndIsCounted() {
    byte[] stream = record().aToB();
    int authLength = 2 + (((stream[0] & 0xff) << 8) | (stream[1] & 0xff));
    byte[] bad = stream.clone();
    bad[authLength + 40] ^= 0x01; // inside the Hello frame's body
    Side b = responder();
    b.channel().feed(bad, 0, bad.length);

    assertThat(b.channel().isOpen()).isFalse();
    assertThat(b.sessions().opened).isEmpty();
    assertThat(b.metrics().abruptCloses(Devp2pMetrics.AbruptClose.BAD_FRAME_MAC)).isEqualTo(1.0);
    for (DisconnectReason r : DisconnectReason.values()) {
      assertThat(b.metrics().disconnectsSent(r)).as("Disconnect %s sent", r).isZero();
    }
  }

  private static int[] everyOffset(int length) {
    int[] cuts = new int[Math.max(0, length - 1)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    return cuts;
  }

  /** Feeds {@code stream} cut at {@code cuts} into a fresh responder and checks the session. */
  private void replayIntoResponder(byte[] stream, int[] cuts) {
    Side b = responder();
    feed(b.channel(), stream, cuts);
    checkReplay(b, KEY_A, A_SENDS, cuts);
  }

  /** Feeds {@code stream} cut at {@code cuts} into a fresh initiator and checks the session. */
  private void replayIntoInitiator(byte[] stream, int[] cuts) {
    Side a = initiator();
    feed(a.channel(), stream, cuts);
    checkReplay(a, KEY_B, B_SENDS, cuts);
  }

  private static void feed(Endpoint ch, byte[] stream, int[] cuts) {
    int from = 0;
    for (int cut : cuts) {
      ch.feed(stream, from, cut);
      from = cut;
    }
    ch.feed(stream, from, stream.length);
  }

  private void checkReplay(
      Side s, Secp256k1.KeyPair remote, List<RecordingProtocol.Message> want, int[] cuts) {
    String where = "cuts " + (cuts.length == 1 ? Arrays.toString(cuts) : "1-byte chunks");
    assertThat(s.sessions().opened).as(where).hasSize(1);
    assertThat(s.sessions().opened.get(0).remoteNodeId()).as(where).isEqualTo(remote.publicKey());
    assertThat(s.proto().messages).as(where).hasSameSizeAs(want);
    for (int i = 0; i < want.size(); i++) {
      assertThat(s.proto().messages.get(i).code()).as(where).isEqualTo(want.get(i).code());
      assertThat(s.proto().messages.get(i).data()).as(where).isEqualTo(want.get(i).data());
    }
    assertThat(s.metrics().pingsAnswered()).as(where).isEqualTo(1.0);
    assertThat(s.metrics().pongsReceived()).as(where).isEqualTo(1.0);
    assertThat(s.channel().isOpen()).as(where).isTrue();
    s.channel().takeOutbound();
    s.channel().finishAndReleaseAll();
    endpoints.remove(s.channel());
  }
}

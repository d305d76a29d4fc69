package dev.causeway.v1.rlpx.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.host.Devp2pMetrics;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx.Endpoint;
import dev.causeway.v1.rlpx.netty.EmbeddedRlpx.SeededRandom;
import dev.causeway.v1.rlpx.wire.Capability;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RLPx handshake stage of our pipeline ({@code v1-rlpx-devp2p.md} §4) on an EmbeddedChannel
 * with a frozen clock: the auth/ack deadline closes a connection that never completes, on either
 * side, and undecryptable input is closed at once. No Disconnect can be sent before keys exist.
 */
class HandshakeHandlerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration MS = Duration.ofMillis(1);
  private static final Secp256k1.KeyPair OUR_KEY = Secp256k1.KeyPair.random(new SeededRandom(1));
  private static final Secp256k1.KeyPair PEER_KEY = Secp256k1.KeyPair.random(new SeededRandom(2));

  private final TrackingAllocator alloc = new TrackingAllocator();
  private final Devp2pMetrics metrics = EmbeddedRlpx.metrics();
  private final SessionRecorder sessions = new SessionRecorder();
  private Endpoint ours;

  private Endpoint endpoint(byte[] remote) {
    Devp2pConfig cfg =
        Devp2pConfig.defaults(OUR_KEY, "127.0.0.1", 0)
            .withTimeouts(TIMEOUT, Duration.ofSeconds(10), Duration.ofSeconds(15));
    ours =
        EmbeddedRlpx.full(
            cfg,
            remote,
            List.of(new RecordingProtocol(new Capability("test", 1), 4)),
            sessions,
            metrics,
            new SeededRandom(3),
            alloc);
    return ours;
  }

  @AfterEach
  void releaseEverything() {
    if (ours != null) {
      ours.finishAndReleaseAll();
    }
    alloc.assertAllReleased();
  }

  @Test
  void acceptedConnectionThatSendsNothingIsClosedAtTheDeadline() {
    Endpoint ch = endpoint(null);
    ch.advance(TIMEOUT.minus(MS));
    assertThat(ch.isOpen()).isTrue();
    ch.advance(MS);
    assertThat(ch.isOpen()).isFalse();
    assertThat(ch.takeOutbound()).isEmpty();
    assertThat(metrics.setupFailures(Devp2pMetrics.SetupFailure.HANDSHAKE_TIMEOUT)).isEqualTo(1.0);
    assertThat(sessions.closed).isEmpty();
  }

  @Test
  void dialledPeerThatNeverAcksIsClosedAtTheDeadline() {
    Endpoint ch = endpoint(PEER_KEY.publicKey());
    byte[] auth = ch.takeOutbound();
    assertThat(auth.length).isGreaterThanOrEqualTo(307); // EIP-8, padded above the legacy size
    ch.advance(TIMEOUT.minus(MS));
    assertThat(ch.isOpen()).isTrue();
    ch.advance(MS);
    assertThat(ch.isOpen()).isFalse();
    assertThat(metrics.setupFailures(Devp2pMetrics.SetupFailure.HANDSHAKE_TIMEOUT)).isEqualTo(1.0);
  }

  @Test
  void undecryptableAuthIsClosedAtOnceAndCounted() {
    Endpoint ch = endpoint(null);
    byte[] junk = new byte[600];
    new Random(7).nextBytes(junk);
    junk[0] = 0x01; // a plausible EIP-8 size prefix: 400 bytes follow
    junk[1] = (byte) 0x90;
    ch.feed(junk, 0, junk.length);
    assertThat(ch.isOpen()).isFalse();
    assertThat(ch.takeOutbound()).isEmpty();
    assertThat(metrics.setupFailures(Devp2pMetrics.SetupFailure.HANDSHAKE_INVALID)).isEqualTo(1.0);
    ch.advance(TIMEOUT); // the deadline was cancelled with the failure
    assertThat(metrics.setupFailures(Devp2pMetrics.SetupFailure.HANDSHAKE_TIMEOUT)).isZero();
  }

  @Test
  void partialAuthWaitsForTheRestUntilTheDeadline() {
    Endpoint ch = endpoint(null);
    byte[] junk = new byte[200]; // fewer than the 307 bytes needed to judge the format
    new Random(8).nextBytes(junk);
    ch.feed(junk, 0, junk.length);
    assertThat(ch.isOpen()).isTrue();
    ch.advance(TIMEOUT);
    assertThat(ch.isOpen()).isFalse();
    assertThat(metrics.setupFailures(Devp2pMetrics.SetupFailure.HANDSHAKE_TIMEOUT)).isEqualTo(1.0);
  }
}

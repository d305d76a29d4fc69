package dev.causeway.v2.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.ScriptedStream;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.v2.filter.FilterMetrics.RequestType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The stream side of the subscribe protocol: one request, one answer, and the early endings. */
class FilterProtocolStreamTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String PS = "/waku/2/rs/1/0";
  private static final PeerId PEER =
      PeerId.fromPublicKey(Keys.generateEd25519(new SecureRandom()).publicKey());

  private FilterMetrics metrics;

  private ScriptedStream serving() {
    SubscriptionRegistry registry =
        new SubscriptionRegistry(10, 10, Duration.ofMinutes(5), 8, () -> 0L);
    metrics = new FilterMetrics(new SimpleMeterRegistry(), registry);
    RateLimiter limiter = new RateLimiter(100, 60_000, 1000, () -> 0L);
    FilterProtocol p = new FilterProtocol(registry, limiter, metrics, 100, TIMEOUT);
    ScriptedStream s = new ScriptedStream();
    s.peer = PEER;
    p.onStream(s);
    return s;
  }

  /** The one length-prefixed answer written to {@code s}, decoded. */
  private static FilterResponse answer(ScriptedStream s) throws Exception {
    byte[] w = s.written.toByteArray();
    LengthPrefixedReader r = new LengthPrefixedReader(FilterCodec.MAX_RESPONSE_SIZE);
    assertThat(r.read(w, 0, w.length)).isEqualTo(w.length);
    assertThat(r.hasMessage()).isTrue();
    return FilterCodec.decodeResponse(r.takeMessage());
  }

  private static void assertEndedWithoutAnswer(ScriptedStream s, boolean halfClosed, int resets) {
    assertThat(s.written.size()).isZero();
    assertThat(s.writeClosed).isEqualTo(halfClosed);
    assertThat(s.resets).isEqualTo(resets);
    assertThat(s.scheduler.pending()).isZero();
  }

  @Test
  void aRequestSplitAnywhereIsAnsweredOnceAndTrailingBytesAreIgnored() throws Exception {
    byte[] framed =
        LengthPrefixed.frame(
            FilterCodec.encodeRequest(FilterRequest.subscribe("r1", PS, List.of("/a/1/b/c"))));
    for (int split = 0; split <= framed.length; split++) {
      ScriptedStream s = serving();
      assertThat(s.scheduler.delaysNanos()).containsExactly(TIMEOUT.toNanos());
      s.listener.onData(Arrays.copyOfRange(framed, 0, split));
      s.listener.onData(Arrays.copyOfRange(framed, split, framed.length));
      s.listener.onData(framed);
      s.listener.onRemoteClose();
      s.scheduler.runAll();

      assertThat(answer(s)).isEqualTo(FilterResponse.ok("r1"));
      assertThat(s.writeClosed).isTrue();
      assertThat(s.resets).isZero();
      assertThat(s.scheduler.pending()).isZero();
      assertThat(metrics.requests(RequestType.SUBSCRIBE, 200)).isEqualTo(1);
    }
  }

  @Test
  void aLengthPrefixAboveTheLimitOrNotMinimalIsAnswered400WithoutARequestId() throws Exception {
    byte[] tooLarge = LengthPrefixed.frame(new byte[FilterCodec.MAX_REQUEST_SIZE + 1]);
    byte[] nonMinimal = {(byte) 0x81, 0x00, 0x01};
    for (byte[] bad : List.of(tooLarge, nonMinimal)) {
      ScriptedStream s = serving();
      s.listener.onData(bad);

      assertThat(answer(s))
          .isEqualTo(FilterResponse.error("N/A", 400, "BAD_REQUEST: bad length prefix"));
      assertThat(s.writeClosed).isTrue();
      assertThat(s.resets).isZero();
      assertThat(s.scheduler.pending()).isZero();
      assertThat(metrics.requests(RequestType.UNDECODABLE, 400)).isEqualTo(1);
    }
  }

  @Test
  void aHalfCloseBeforeTheRequestIsHalfClosedWithoutAnswer() {
    ScriptedStream s = serving();
    s.listener.onData(new byte[] {5, 1});
    s.listener.onRemoteClose();
    s.scheduler.runAll();

    assertEndedWithoutAnswer(s, true, 0);
  }

  @Test
  void aResetBeforeTheRequestLeavesNothingScheduledAndWritesNothing() {
    ScriptedStream s = serving();
    s.listener.onReset();

    assertEndedWithoutAnswer(s, false, 0);
  }

  @Test
  void noWholeRequestWithinTheTimeoutResetsTheStreamWithoutAnswer() {
    ScriptedStream s = serving();
    s.listener.onData(new byte[] {5, 1});
    s.scheduler.runAll();
    s.listener.onData(new byte[] {2, 3, 4, 5});

    assertEndedWithoutAnswer(s, false, 1);
  }

  @Test
  void aFailedWriteOfTheAnswerIsNotAnError() throws Exception {
    ScriptedStream s = serving();
    s.writeResult = CompletableFuture.failedFuture(new IllegalStateException("stream closed"));
    s.listener.onData(
        LengthPrefixed.frame(
            FilterCodec.encodeRequest(FilterRequest.unsubscribe("r2", PS, List.of("/a/1/b/c")))));

    assertThat(answer(s))
        .isEqualTo(FilterResponse.error("r2", 404, "NOT_FOUND: peer has no subscriptions"));
    assertThat(s.writeClosed).isTrue();
    assertThat(metrics.requests(RequestType.UNSUBSCRIBE, 404)).isEqualTo(1);
  }
}

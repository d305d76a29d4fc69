package dev.causeway.v2.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.v2.metadata.FakeConnection.FakeStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MetadataClient} against {@link MetadataProtocol} and against misbehaving peers, over
 * in-memory streams with fake time (spec v2-message-relay-sharding.md §1.2, §7).
 */
class MetadataExchangeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Metadata SERVER = Metadata.of(1, List.of(0, 1, 2, 3, 4, 5, 6, 7));
  private static final Metadata CLIENT = Metadata.of(1, List.of());

  private final FakeConnection conn = new FakeConnection(1);
  private final MetadataClient client = new MetadataClient(() -> CLIENT, TIMEOUT);

  @AfterEach
  void shutdown() {
    conn.scheduler.shutdownNow();
  }

  private static MetadataException.Reason reasonOf(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(f::join);
    assertThat(t).isInstanceOf(CompletionException.class);
    assertThat(t.getCause()).isInstanceOf(MetadataException.class);
    return ((MetadataException) t.getCause()).reason();
  }

  /** A stream listener that records what it got. */
  private static final class Recorder implements StreamListener {
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    boolean remoteClosed;
    boolean reset;

    @Override
    public void onData(byte[] d) {
      data.write(d, 0, d.length);
    }

    @Override
    public void onRemoteClose() {
      remoteClosed = true;
    }

    @Override
    public void onReset() {
      reset = true;
    }
  }

  @Test
  void exchangeReturnsTheServersMetadataAndClosesBothSides() {
    conn.remoteHandlers.put(MetadataProtocol.ID, new MetadataProtocol(() -> SERVER, TIMEOUT));
    CompletableFuture<Metadata> f = client.exchange(conn);
    assertThat(f).isCompletedWithValue(SERVER);
    FakeStream s = conn.opened.get(0);
    assertThat(s.writeClosed).isTrue();
    assertThat(s.peer.writeClosed).isTrue();
    assertThat(s.wasReset).isFalse();
    assertThat(conn.scheduler.pending()).isZero();
  }

  @Test
  void requestCarriesOurMetadataAsOneLengthPrefixedMessage() throws Exception {
    Recorder server = new Recorder();
    conn.remoteHandlers.put(MetadataProtocol.ID, s -> s.setListener(server));
    client.exchange(conn);
    assertThat(server.remoteClosed).isTrue();
    byte[] body = LengthPrefixed.decodeExact(server.data.toByteArray(), 1024);
    assertThat(MetadataCodec.decodeRequest(body)).isEqualTo(CLIENT);
  }

  @Test
  void responderAnswersARequestDeliveredOneByteAtATime() throws Exception {
    MetadataProtocol protocol = new MetadataProtocol(() -> SERVER, TIMEOUT);
    FakeStream[] far = new FakeStream[1];
    conn.remoteHandlers.put(
        MetadataProtocol.ID,
        s -> {
          far[0] = (FakeStream) s;
          protocol.onStream(s);
        });
    FakeStream s = (FakeStream) conn.newStream(List.of(MetadataProtocol.ID)).join();
    Recorder rec = new Recorder();
    s.setListener(rec);
    // The answer comes first (js-waku's order), whatever the requester sends afterwards.
    assertThat(rec.data.size()).isPositive();
    for (byte b : LengthPrefixed.frame(MetadataCodec.encodeRequest(CLIENT))) {
      s.write(new byte[] {b});
    }
    assertThat(rec.remoteClosed).isTrue();
    byte[] body = LengthPrefixed.decodeExact(rec.data.toByteArray(), 1024);
    assertThat(MetadataCodec.decodeResponse(body)).isEqualTo(SERVER);
    assertThat(far[0].wasReset).isFalse();
  }

  private Recorder sendRaw(byte[] bytes, boolean close) {
    conn.remoteHandlers.put(MetadataProtocol.ID, new MetadataProtocol(() -> SERVER, TIMEOUT));
    FakeStream s = (FakeStream) conn.newStream(List.of(MetadataProtocol.ID)).join();
    Recorder rec = new Recorder();
    s.setListener(rec);
    if (bytes.length > 0) {
      s.write(bytes);
    }
    if (close) {
      s.closeWrite();
    }
    return rec;
  }

  @Test
  void responderResetsOnAMalformedRequestAfterItsAnswer() {
    Recorder rec = sendRaw(LengthPrefixed.frame(Hex.decode("0a05")), false);
    assertThat(rec.reset).isTrue();
  }

  @Test
  void responderResetsOnALengthPrefixAboveTheLimitBeforeReadingTheBody() {
    Recorder rec = sendRaw(Hex.decode("8108"), false); // 1025
    assertThat(rec.reset).isTrue();
  }

  @Test
  void responderAnswersARequesterThatClosesWithoutARequest() throws Exception {
    // js-waku 0.0.27 opens metadata streams that never carry a request and reads our answer.
    Recorder rec = sendRaw(new byte[0], true);
    assertThat(rec.reset).isFalse();
    byte[] body = LengthPrefixed.decodeExact(rec.data.toByteArray(), 1024);
    assertThat(MetadataCodec.decodeResponse(body)).isEqualTo(SERVER);
    Recorder partial = sendRaw(Hex.decode("0508"), true);
    assertThat(partial.reset).isFalse();
  }

  @Test
  void responderResetsAnIdleStreamWhenItsTimerFires() {
    Recorder rec = sendRaw(new byte[0], false);
    assertThat(rec.reset).isFalse();
    conn.scheduler.runAll();
    assertThat(rec.reset).isTrue();
  }

  @Test
  void clientReportsAPeerWithoutTheProtocolAsStreamOpenFailure() {
    assertThat(reasonOf(client.exchange(conn)))
        .isEqualTo(MetadataException.Reason.STREAM_OPEN_FAILED);
    assertThat(conn.scheduler.pending()).isZero();
  }

  /** Peer answers {@code response} to any request, then half-closes. */
  private void peerAnswers(byte[] response) {
    conn.remoteHandlers.put(
        MetadataProtocol.ID,
        s -> {
          s.setListener(d -> {});
          s.write(response);
          s.closeWrite();
        });
  }

  @Test
  void clientRefusesAResponseAbove1024Bytes() {
    peerAnswers(Hex.decode("8108"));
    assertThat(reasonOf(client.exchange(conn))).isEqualTo(MetadataException.Reason.TOO_LARGE);
    assertThat(conn.opened.get(0).wasReset).isTrue();
  }

  @Test
  void clientRefusesAMalformedResponse() {
    peerAnswers(LengthPrefixed.frame(Hex.decode("0a05")));
    assertThat(reasonOf(client.exchange(conn))).isEqualTo(MetadataException.Reason.MALFORMED);
  }

  @Test
  void clientReportsAStreamThatEndsBeforeACompleteResponse() {
    peerAnswers(Hex.decode("0508"));
    assertThat(reasonOf(client.exchange(conn))).isEqualTo(MetadataException.Reason.STREAM_FAILED);
  }

  @Test
  void clientReportsAReset() {
    conn.remoteHandlers.put(MetadataProtocol.ID, s -> s.setListener(d -> s.reset()));
    assertThat(reasonOf(client.exchange(conn))).isEqualTo(MetadataException.Reason.STREAM_FAILED);
  }

  @Test
  void clientTimesOutAndResetsTheStream() {
    conn.remoteHandlers.put(MetadataProtocol.ID, s -> s.setListener(d -> {}));
    CompletableFuture<Metadata> f = client.exchange(conn);
    assertThat(f).isNotDone();
    conn.scheduler.runAll();
    assertThat(reasonOf(f)).isEqualTo(MetadataException.Reason.TIMEOUT);
    assertThat(conn.opened.get(0).wasReset).isTrue();
  }

  @Test
  void clientAcceptsAResponderThatAnswersBeforeReadingAndIgnoresTrailingBytes() {
    Metadata noCluster = new Metadata(OptionalLong.empty(), List.of(4L));
    byte[] frame = LengthPrefixed.frame(MetadataCodec.encodeResponse(noCluster));
    byte[] withJunk = java.util.Arrays.copyOf(frame, frame.length + 3);
    peerAnswers(withJunk);
    assertThat(client.exchange(conn)).isCompletedWithValue(noCluster);
  }

  @Test
  void exchangeOnAClosedConnectionFailsToOpenTheStream() {
    conn.close();
    assertThatThrownBy(() -> client.exchange(conn).join())
        .hasCauseInstanceOf(MetadataException.class);
  }
}

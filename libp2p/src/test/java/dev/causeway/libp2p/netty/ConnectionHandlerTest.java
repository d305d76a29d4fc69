package dev.causeway.libp2p.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.host.Echo;
import dev.causeway.libp2p.host.ProtocolNotSupportedException;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamException;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.mplex.Mplex;
import dev.causeway.libp2p.multistream.Multistream;
import dev.causeway.libp2p.multistream.MultistreamCodec;
import dev.causeway.libp2p.netty.EmbeddedLibp2p.FakeHost;
import dev.causeway.libp2p.netty.EmbeddedLibp2p.Splitter;
import dev.causeway.libp2p.netty.HostContext.UpgradeFailure;
import dev.causeway.libp2p.noise.NoiseConstants;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.yamux.Yamux;
import dev.causeway.testing.RandomInputs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ConnectionHandler} and {@link StreamImpl} on EmbeddedChannels (spec libp2p-core.md §0):
 * the full upgrade multistream → Noise → multistream → yamux/mplex between an initiator and a
 * responder, with the byte streams split at every offset and in single bytes; failures (garbage,
 * corrupted Noise, no common muxer, wrong peer id, timeout) close the connection with the right
 * reason; stream negotiation and the stream's inbound and outbound bounds. Every buffer is released
 * (paranoid leak detection is on as well).
 */
class ConnectionHandlerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PrivKey KEY_A = Keys.generateEd25519(RANDOM);
  private static final PrivKey KEY_B = Keys.generateSecp256k1(RANDOM);
  private static final String LAZY = "/test/lazy/1.0.0";
  private static final String SINK = "/test/sink/1.0.0";
  private static final String BROKEN = "/test/broken/1.0.0";

  /** Handshake prefix lengths: "/multistream/1.0.0" and "/noise" as multistream messages. */
  private static final int MS_PREFIX =
      MultistreamCodec.encode(Multistream.PROTOCOL_ID).length
          + MultistreamCodec.encode(NoiseConstants.PROTOCOL_ID).length;

  private final List<Stream> lazyStreams = new ArrayList<>();

  private FakeHost host(PrivKey key, String... muxers) {
    FakeHost h = new FakeHost(key, RANDOM, List.of(muxers));
    h.handlers.put(Echo.ID, Echo.handler());
    h.handlers.put(LAZY, lazyStreams::add);
    h.handlers.put(SINK, s -> s.setListener(d -> {}));
    h.handlers.put(
        BROKEN,
        s -> {
          throw new IllegalStateException("handler bug");
        });
    return h;
  }

  private EmbeddedLibp2p pair(String muxer) {
    return new EmbeddedLibp2p(host(KEY_A, muxer), host(KEY_B, muxer));
  }

  /** Records a stream's events. */
  static final class Recorder implements StreamListener {
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

  private static <T> T done(CompletableFuture<T> f) throws Exception {
    assertThat(f).isDone();
    return f.get(0, TimeUnit.SECONDS);
  }

  private static void assertUpgraded(EmbeddedLibp2p p, String muxer) {
    assertThat(p.initiator.ready()).isCompletedWithValue(p.initiator);
    assertThat(p.responder.ready()).isCompletedWithValue(p.responder);
    assertThat(p.initiator.muxer()).isEqualTo(muxer);
    assertThat(p.responder.muxer()).isEqualTo(muxer);
    assertThat(p.initiator.remotePeer()).isEqualTo(p.responderHost.peerId());
    assertThat(p.responder.remotePeer()).isEqualTo(p.initiatorHost.peerId());
    assertThat(p.initiator.isOpen()).isTrue();
    assertThat(p.responder.isOpen()).isTrue();
    assertThat(p.initiatorHost.ready).containsExactly(p.initiator);
    assertThat(p.responderHost.ready).containsExactly(p.responder);
    assertThat(p.initiatorHost.failures).isEmpty();
    assertThat(p.responderHost.failures).isEmpty();
  }

  /** Echoes {@code data} over a new stream opened by {@code from}; pumps until done. */
  private static byte[] echo(EmbeddedLibp2p p, ConnectionHandler from, byte[] data)
      throws Exception {
    CompletableFuture<Stream> opened = from.newStream(List.of(Echo.ID));
    p.pump();
    Stream s = done(opened);
    assertThat(s.protocol()).isEqualTo(Echo.ID);
    Recorder r = new Recorder();
    s.setListener(r);
    CompletableFuture<Void> written = s.write(data);
    s.closeWrite();
    p.pump();
    done(written);
    assertThat(r.remoteClosed).isTrue();
    assertThat(r.reset).isFalse();
    return r.data.toByteArray();
  }

  private static byte[] payload(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  // ------------------------------------------------------------------ upgrade

  @ParameterizedTest
  @ValueSource(strings = {Yamux.PROTOCOL_ID, Mplex.PROTOCOL_ID})
  void upgradesAndCarriesStreamsBothWays(String muxer) throws Exception {
    EmbeddedLibp2p p = pair(muxer).start();
    assertUpgraded(p, muxer);
    byte[] data = payload(200_000, 1);
    assertThat(echo(p, p.initiator, data)).isEqualTo(data);
    assertThat(echo(p, p.responder, new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
    assertThat(p.initiator.activeStreams()).isZero();
    assertThat(p.responder.activeStreams()).isZero();
    p.initiator.close();
    p.pump();
    assertThat(p.initiatorChannel.isOpen()).isFalse();
    assertThat(p.responderChannel.isOpen()).isFalse();
    assertThat(p.initiatorHost.closed).containsExactly(p.initiator);
    assertThat(p.responderHost.closed).containsExactly(p.responder);
    assertThat(p.initiatorHost.failures).isEmpty();
    assertThat(p.responderHost.failures).isEmpty();
    p.finish();
  }

  @Test
  void dialerProposingYamuxThenMplexSettlesOnMplexWithAnMplexOnlyListener() throws Exception {
    EmbeddedLibp2p p =
        new EmbeddedLibp2p(
                host(KEY_A, Yamux.PROTOCOL_ID, Mplex.PROTOCOL_ID), host(KEY_B, Mplex.PROTOCOL_ID))
            .start();
    assertUpgraded(p, Mplex.PROTOCOL_ID);
    p.finish();
  }

  /**
   * The whole conversation (upgrade, then one echo stream) with both byte streams cut at offset k,
   * for every k up to 3 KiB (past the end of the handshake and into the stream data).
   */
  @Test
  void upgradeSurvivesASplitAtEveryOffset() throws Exception {
    byte[] data = payload(1500, 2);
    int total = 0;
    for (int k = 1; k <= 3 * 1024; k++) {
      EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID).split(Splitter.at(k)).start();
      assertUpgraded(p, Yamux.PROTOCOL_ID);
      assertThat(echo(p, p.initiator, data)).as("split at %d", k).isEqualTo(data);
      total = p.sentByInitiator().length;
      p.finish();
    }
    // The offsets covered the handshake and the start of the stream data.
    assertThat(total).isGreaterThan(1500);
  }

  @ParameterizedTest
  @ValueSource(strings = {Yamux.PROTOCOL_ID, Mplex.PROTOCOL_ID})
  void upgradeSurvivesSingleByteReads(String muxer) throws Exception {
    EmbeddedLibp2p p = pair(muxer).split(Splitter.singleBytes()).start();
    assertUpgraded(p, muxer);
    byte[] data = payload(3000, 3);
    assertThat(echo(p, p.initiator, data)).isEqualTo(data);
    assertThat(echo(p, p.responder, data)).isEqualTo(data);
    p.finish();
  }

  // ------------------------------------------------------------------ failures

  @Test
  void upgradeTimeoutClosesOnFrozenClock() {
    FakeHost a = host(KEY_A, Yamux.PROTOCOL_ID);
    FakeHost b = host(KEY_B, Yamux.PROTOCOL_ID);
    a.upgradeTimeout = Duration.ofSeconds(5);
    b.upgradeTimeout = Duration.ofSeconds(5);
    EmbeddedLibp2p p = new EmbeddedLibp2p(a, b);
    // Transport ready on the responder only: it waits for a multistream header that never comes.
    p.responderChannel.pipeline().fireUserEventTriggered(TransportReadyEvent.INSTANCE);
    p.advance(Duration.ofMillis(4999));
    assertThat(p.responderChannel.isOpen()).isTrue();
    assertThat(p.responder.phase()).isEqualTo(ConnectionHandler.Phase.SECURITY);
    p.advance(Duration.ofMillis(1));
    assertThat(p.responderChannel.isOpen()).isFalse();
    assertThat(p.responderHost.failures).containsExactly(UpgradeFailure.TIMEOUT);
    assertThat(p.responder.ready()).isCompletedExceptionally();
    p.finish();
  }

  @Test
  void upgradeTimeoutAlsoCoversAClientThatNeverFinishesTheTransportHandshake() {
    // No TransportReadyEvent at all (a TLS or WebSocket upgrade that never completes).
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID);
    p.advance(Duration.ofSeconds(10));
    assertThat(p.responderChannel.isOpen()).isFalse();
    assertThat(p.responderHost.failures).containsExactly(UpgradeFailure.TIMEOUT);
    assertThat(p.responder.ready()).isCompletedExceptionally();
    p.finish();
  }

  @Test
  void completedUpgradeCancelsTheTimeout() throws Exception {
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID).start();
    p.advance(Duration.ofMinutes(5));
    assertThat(p.initiator.isOpen()).isTrue();
    assertThat(p.responder.isOpen()).isTrue();
    assertThat(echo(p, p.initiator, new byte[] {9})).containsExactly(9);
    p.finish();
  }

  @Test
  void garbageBeforeNoiseClosesWithSecurityNegotiationFailure() {
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID);
    p.responderChannel.pipeline().fireUserEventTriggered(TransportReadyEvent.INSTANCE);
    byte[] http =
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1:4001\r\nUser-Agent: curl/8.5.0\r\n"
                + "Accept: */*\r\nConnection: keep-alive\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    ByteBuf b = Unpooled.wrappedBuffer(http);
    p.responderChannel.writeInbound(b);
    assertThat(b.refCnt()).isZero();
    assertThat(p.responderChannel.isOpen()).isFalse();
    assertThat(p.responderHost.failures).containsExactly(UpgradeFailure.SECURITY_NEGOTIATION);
    assertThat(p.responderHost.closed).containsExactly(p.responder);
    p.finish();
  }

  /**
   * Random bytes (and random bytes after a valid multistream prefix) at a responder: the connection
   * either keeps waiting for more (then a close is counted as CLOSED) or fails with a security or
   * Noise reason; nothing escapes, every buffer is released, one reason per connection.
   */
  @Test
  void randomBytesBeforeTheMuxerOnlyEverFailTheUpgrade() {
    byte[] prefix =
        concat(
            MultistreamCodec.encode(Multistream.PROTOCOL_ID),
            MultistreamCodec.encode(NoiseConstants.PROTOCOL_ID));
    RandomInputs.forEachCase(
        500,
        r -> {
          FakeHost h = host(KEY_B, Yamux.PROTOCOL_ID);
          ConnectionHandler c =
              new ConnectionHandler(h, false, null, EmbeddedLibp2p.ADDR_B, EmbeddedLibp2p.ADDR_A);
          EmbeddedChannel ch = new EmbeddedChannel(c);
          ch.pipeline().fireUserEventTriggered(TransportReadyEvent.INSTANCE);
          byte[] garbage = RandomInputs.bytes(r, 400);
          byte[] in =
              switch (r.nextInt(3)) {
                case 0 -> garbage;
                case 1 -> concat(prefix, garbage);
                default -> concat(prefix, RandomInputs.mutate(r, frame(payload(32, r.nextLong()))));
              };
          List<ByteBuf> fed = new ArrayList<>();
          int pos = 0;
          while (pos < in.length && ch.isOpen()) {
            int n = 1 + r.nextInt(in.length - pos);
            ByteBuf b = Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(in, pos, pos + n));
            fed.add(b);
            ch.writeInbound(b);
            pos += n;
          }
          ch.close();
          for (Object o; (o = ch.readOutbound()) != null; ) {
            ReferenceCountUtil.release(o);
          }
          ch.checkException();
          assertThat(fed).allSatisfy(b -> assertThat(b.refCnt()).isZero());
          assertThat(h.failures)
              .hasSize(1)
              .first()
              .isIn(
                  UpgradeFailure.SECURITY_NEGOTIATION, UpgradeFailure.NOISE, UpgradeFailure.CLOSED);
          assertThat(h.ready).isEmpty();
          assertThat(h.closed).containsExactly(c);
          ch.finishAndReleaseAll();
        });
  }

  @Test
  void corruptedNoiseMessageFromResponderFailsTheInitiator() {
    // Byte 40 of the responder's message B lies in its encrypted static key.
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID).corruptToInitiator(MS_PREFIX + 2 + 40).start();
    assertThat(p.initiatorChannel.isOpen()).isFalse();
    assertThat(p.responderChannel.isOpen()).isFalse();
    assertThat(p.initiatorHost.failures).containsExactly(UpgradeFailure.NOISE);
    assertThat(p.responderHost.failures).containsExactly(UpgradeFailure.CLOSED);
    assertThat(p.initiator.ready()).isCompletedExceptionally();
    assertThat(p.initiatorHost.ready).isEmpty();
    assertThat(p.responderHost.ready).isEmpty();
    p.finish();
  }

  @Test
  void corruptedNoiseMessageFromInitiatorFailsTheResponder() {
    // The initiator's message C follows its prefix and message A (2 + 32 bytes).
    EmbeddedLibp2p p =
        pair(Yamux.PROTOCOL_ID).corruptToResponder(MS_PREFIX + 2 + 32 + 2 + 10).start();
    assertThat(p.responderHost.failures).containsExactly(UpgradeFailure.NOISE);
    assertThat(p.responderChannel.isOpen()).isFalse();
    assertThat(p.initiatorChannel.isOpen()).isFalse();
    assertThat(p.responder.ready()).isCompletedExceptionally();
    assertThat(p.responderHost.ready).isEmpty();
    p.finish();
  }

  @Test
  void corruptedTransportFrameAfterTheUpgradeClosesTheConnection() throws Exception {
    EmbeddedLibp2p p = pair(Mplex.PROTOCOL_ID).start();
    assertUpgraded(p, Mplex.PROTOCOL_ID);
    long next = p.sentByInitiator().length;
    EmbeddedLibp2p.Splitter none = EmbeddedLibp2p.Splitter.whole();
    p.split(none).corruptToResponder(next + 5);
    CompletableFuture<Stream> s = p.initiator.newStream(List.of(Echo.ID));
    p.pump();
    assertThat(s).isCompletedExceptionally();
    assertThat(p.responderChannel.isOpen()).isFalse();
    assertThat(p.initiatorChannel.isOpen()).isFalse();
    // Counted as an upgrade failure only before MUXED.
    assertThat(p.responderHost.failures).isEmpty();
    assertThat(p.responderHost.closed).containsExactly(p.responder);
    p.finish();
  }

  @Test
  void noCommonMuxerClosesWithMuxerNegotiationFailure() {
    EmbeddedLibp2p p =
        new EmbeddedLibp2p(host(KEY_A, Yamux.PROTOCOL_ID), host(KEY_B, Mplex.PROTOCOL_ID)).start();
    assertThat(p.initiatorHost.failures).containsExactly(UpgradeFailure.MUXER_NEGOTIATION);
    assertThat(p.responderHost.failures).containsExactly(UpgradeFailure.CLOSED);
    assertThat(p.initiatorChannel.isOpen()).isFalse();
    assertThat(p.responderChannel.isOpen()).isFalse();
    assertThat(p.initiator.ready())
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withMessageContaining("MUXER_NEGOTIATION");
    p.finish();
  }

  @Test
  void unexpectedPeerIdClosesWithPeerIdMismatch() {
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    EmbeddedLibp2p p =
        new EmbeddedLibp2p(
                host(KEY_A, Yamux.PROTOCOL_ID), host(KEY_B, Yamux.PROTOCOL_ID), someoneElse)
            .start();
    assertThat(p.initiatorHost.failures).containsExactly(UpgradeFailure.PEER_ID_MISMATCH);
    assertThat(p.initiatorChannel.isOpen()).isFalse();
    assertThat(p.responderChannel.isOpen()).isFalse();
    p.finish();
  }

  @Test
  void hostRefusingTheReadyConnectionClosesIt() {
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID);
    p.responderHost.refuse = true;
    p.start();
    assertThat(p.responderHost.failures).containsExactly(UpgradeFailure.REFUSED);
    assertThat(p.responderChannel.isOpen()).isFalse();
    assertThat(p.initiatorChannel.isOpen()).isFalse();
    p.finish();
  }

  // ------------------------------------------------------------------ streams

  @ParameterizedTest
  @ValueSource(strings = {Yamux.PROTOCOL_ID, Mplex.PROTOCOL_ID})
  void unknownStreamProtocolIsRefusedAndTheConnectionStaysUsable(String muxer) throws Exception {
    EmbeddedLibp2p p = pair(muxer).start();
    CompletableFuture<Stream> s = p.initiator.newStream(List.of("/nope/1.0.0", "/nope/2.0.0"));
    p.pump();
    assertThat(s)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ProtocolNotSupportedException.class);
    // The refused stream was reset on both sides.
    assertThat(p.initiator.activeStreams()).isZero();
    assertThat(p.responder.activeStreams()).isZero();
    assertThat(echo(p, p.initiator, new byte[] {4, 5})).containsExactly(4, 5);
    assertThat(p.initiator.isOpen()).isTrue();
    p.finish();
  }

  @Test
  void throwingHandlerCostsOnlyItsStream() throws Exception {
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID).start();
    CompletableFuture<Stream> s = p.initiator.newStream(List.of(BROKEN));
    p.pump();
    Recorder r = new Recorder();
    done(s).setListener(r);
    p.pump();
    assertThat(r.reset).isTrue();
    assertThat(p.responder.isOpen()).isTrue();
    assertThat(echo(p, p.initiator, new byte[] {6})).containsExactly(6);
    p.finish();
  }

  @Test
  void dataArrivingBeforeTheListenerIsBufferedAndDelivered() throws Exception {
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID).start();
    Stream out = done(openAndPump(p, LAZY));
    out.setListener(new Recorder());
    out.write("hello ".getBytes(StandardCharsets.US_ASCII));
    out.write("world".getBytes(StandardCharsets.US_ASCII));
    out.closeWrite();
    p.pump();
    assertThat(lazyStreams).hasSize(1);
    Recorder r = new Recorder();
    lazyStreams.get(0).setListener(r);
    assertThat(r.data.toString(StandardCharsets.US_ASCII)).isEqualTo("hello world");
    assertThat(r.remoteClosed).isTrue();
    assertThat(r.reset).isFalse();
    p.finish();
  }

  @Test
  void inboundBufferOverflowWithoutListenerResetsTheStream() throws Exception {
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID).start();
    Stream out = done(openAndPump(p, LAZY));
    Recorder r = new Recorder();
    out.setListener(r);
    out.write(new byte[StreamImpl.MAX_BUFFERED_INBOUND]);
    p.pump();
    assertThat(r.reset).isFalse();
    out.write(new byte[1]);
    p.pump();
    assertThat(r.reset).isTrue();
    assertThat(p.initiator.activeStreams()).isZero();
    assertThat(p.responder.activeStreams()).isZero();
    // The late listener learns of the reset; writes on the reset stream fail.
    Recorder late = new Recorder();
    lazyStreams.get(0).setListener(late);
    assertThat(late.reset).isTrue();
    CompletableFuture<Void> w = out.write(new byte[1]);
    assertThat(w).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class);
    assertThat(echo(p, p.initiator, new byte[] {8})).containsExactly(8);
    p.finish();
  }

  @Test
  void writeAfterCloseWriteFails() throws Exception {
    EmbeddedLibp2p p = pair(Mplex.PROTOCOL_ID).start();
    Stream out = done(openAndPump(p, SINK));
    out.closeWrite();
    CompletableFuture<Void> w = out.write(new byte[] {1});
    assertThat(w)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(StreamException.class)
        .withMessageContaining("closed for writing");
    p.pump();
    p.finish();
  }

  @Test
  void pendingOutboundIsBounded() throws Exception {
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID).start();
    Stream out = done(openAndPump(p, SINK));
    CompletableFuture<Void> tooBig = out.write(new byte[StreamImpl.MAX_PENDING_OUTBOUND + 1]);
    assertThat(tooBig)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(StreamException.class)
        .withMessageContaining("buffer is full");
    // Without pumping, the muxer takes data only up to the peer's window (16 MiB for our hosts);
    // fill it, then the next full-size write waits and one more is refused.
    for (int i = 0; i < 64 && out.write(new byte[1 << 20]).isDone(); i++) {
      // keep writing while the muxer still accepts data
    }
    CompletableFuture<Void> first = out.write(new byte[StreamImpl.MAX_PENDING_OUTBOUND / 2]);
    CompletableFuture<Void> second = out.write(new byte[StreamImpl.MAX_PENDING_OUTBOUND]);
    assertThat(first).isNotDone();
    assertThat(second)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(StreamException.class);
    p.pump();
    done(first);
    p.finish();
  }

  private static CompletableFuture<Stream> openAndPump(EmbeddedLibp2p p, String protocol) {
    CompletableFuture<Stream> s = p.initiator.newStream(List.of(protocol));
    p.pump();
    return s;
  }

  private static byte[] frame(byte[] noiseMessage) {
    byte[] out = new byte[noiseMessage.length + 2];
    out[0] = (byte) (noiseMessage.length >>> 8);
    out[1] = (byte) noiseMessage.length;
    System.arraycopy(noiseMessage, 0, out, 2, noiseMessage.length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void newStreamOnAConnectionThatIsNotOpenFails() {
    EmbeddedLibp2p p = pair(Yamux.PROTOCOL_ID);
    assertThatThrownBy(() -> p.initiator.newStream(List.of(Echo.ID)).get(0, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StreamException.class);
    p.finish();
  }
}

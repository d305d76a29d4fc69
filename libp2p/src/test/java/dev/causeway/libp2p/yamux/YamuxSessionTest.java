package dev.causeway.libp2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.mux.FrameVectors;
import dev.causeway.libp2p.mux.MuxedStream;
import dev.causeway.libp2p.mux.MuxerException;
import dev.causeway.libp2p.mux.RecordingMuxerListener;
import dev.causeway.libp2p.mux.RecordingStreamListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One yamux session against hand-made peer frames (spec libp2p-core.md §6, §12 items 4 and 5). */
class YamuxSessionTest {
  private static final String FILE = YamuxFrameVectorTest.FILE;
  private static final String PROTOCOL_ERROR_GO_AWAY = "000300000000000000000001";

  private final List<byte[]> out = new ArrayList<>();

  private static String vector(String name) {
    return FrameVectors.hex(FILE, name);
  }

  private YamuxSession session(boolean client, YamuxConfig config, RecordingMuxerListener l) {
    return Yamux.session(client, config, out::add, l);
  }

  private YamuxSession session(boolean client, boolean listenAtOnce) {
    return session(client, YamuxConfig.defaults(), new RecordingMuxerListener(listenAtOnce));
  }

  /** Everything sent since the last call, as hex. */
  private String sent() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    out.forEach(f -> b.write(f, 0, f.length));
    out.clear();
    return Hex.encode(b.toByteArray());
  }

  /** Data payload bytes in everything sent since the last call (which it consumes). */
  private long sentPayloadBytes() throws MuxerException {
    byte[] all = Hex.decode(sent());
    long payload = 0;
    for (int p = 0; p < all.length; ) {
      YamuxFrameHeader h = YamuxFrameHeader.readFrom(all, p);
      long body = h.type() == Yamux.TYPE_DATA ? h.length() : 0;
      payload += body;
      p += Yamux.HEADER_LENGTH + (int) body;
    }
    return payload;
  }

  private static byte[] header(int type, int flags, long id, long length) {
    return new YamuxFrameHeader(type, flags, id, length).encode();
  }

  private static byte[] data(int flags, long id, int len) {
    byte[] f = new byte[Yamux.HEADER_LENGTH + len];
    new YamuxFrameHeader(Yamux.TYPE_DATA, flags, id, len).encodeTo(f, 0);
    for (int i = 0; i < len; i++) {
      f[Yamux.HEADER_LENGTH + i] = (byte) i;
    }
    return f;
  }

  private static void feed(YamuxSession s, byte[]... frames) throws MuxerException {
    for (byte[] f : frames) {
      s.onInbound(f, 0, f.length);
    }
  }

  private static void feedHex(YamuxSession s, String hex) throws MuxerException {
    feed(s, Hex.decode(hex));
  }

  @Test
  void openingAStreamSendsTheSpecOpenFrameAndUsesOddIds() throws Exception {
    YamuxSession client = session(true, true);

    MuxedStream first = client.openStream();

    assertThat(sent()).isEqualTo(vector("open stream 1 (client)"));
    assertThat(first.id()).isEqualTo(1);
    assertThat(client.openStream().id()).isEqualTo(3);
  }

  @Test
  void acceptingAStreamAnswersWithTheSpecAckFrame() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    YamuxSession server = session(false, YamuxConfig.defaults(), events);

    feedHex(server, vector("open stream 1 (client)"));

    assertThat(sent()).isEqualTo(vector("accept stream 1 (server)"));
    assertThat(events.remoteStreams).hasSize(1);
    assertThat(events.remoteStreams.get(0).id()).isEqualTo(1);
    assertThat(server.openStream().id()).isEqualTo(2);
  }

  @Test
  void dataAndHalfCloseUseTheSpecFrames() throws Exception {
    YamuxSession client = session(true, true);
    MuxedStream s = client.openStream();
    sent();

    s.write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
    assertThat(sent()).isEqualTo(vector("data, 5 bytes, stream 1"));
    s.closeWrite();
    assertThat(sent()).isEqualTo(vector("half-close stream 1"));
  }

  @Test
  void resetAndCloseUseTheSpecFrames() throws Exception {
    YamuxSession server = session(false, true);
    MuxedStream s = server.openStream();
    sent();

    s.reset();
    assertThat(sent()).isEqualTo(vector("reset stream 2"));
    server.close();
    assertThat(sent()).isEqualTo(vector("go away, normal"));
  }

  @Test
  void parsesTheSpecDataFrameIntoTheStream() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    YamuxSession server = session(false, YamuxConfig.defaults(), events);

    feedHex(server, vector("open stream 1 (client)") + vector("data, 5 bytes, stream 1"));
    feedHex(server, vector("half-close stream 1"));

    RecordingStreamListener l = events.listeners.get(0);
    assertThat(new String(l.bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(l.remoteClosed).isTrue();
  }

  @Test
  void answersAPingRequestWithTheSameValue() throws Exception {
    YamuxSession s = session(false, true);

    feedHex(s, vector("ping request, value 7"));

    assertThat(sent()).isEqualTo(vector("ping response, value 7"));
  }

  @Test
  void neverAnswersAPingResponse() throws Exception {
    YamuxSession s = session(true, true);

    feedHex(s, vector("ping response, value 7"));
    feed(s, header(Yamux.TYPE_PING, Yamux.FLAG_SYN | Yamux.FLAG_ACK, 0, 9));

    assertThat(sent()).isEmpty();
  }

  @Test
  void pingRunsItsCallbackOnlyOnTheMatchingAck() throws Exception {
    YamuxSession s = session(true, true);
    int[] acks = {0};

    assertThat(s.ping(() -> acks[0]++)).isTrue();
    YamuxFrameHeader request = YamuxFrameHeader.readFrom(Hex.decode(sent()), 0);
    assertThat(request.type()).isEqualTo(Yamux.TYPE_PING);
    assertThat(request.flags()).isEqualTo(Yamux.FLAG_SYN);
    assertThat(request.streamId()).isZero();

    feed(s, header(Yamux.TYPE_PING, Yamux.FLAG_ACK, 0, request.length() + 1));
    assertThat(acks[0]).isZero();
    feed(s, header(Yamux.TYPE_PING, Yamux.FLAG_ACK, 0, request.length()));
    assertThat(acks[0]).isEqualTo(1);
    feed(s, header(Yamux.TYPE_PING, Yamux.FLAG_ACK, 0, request.length()));
    assertThat(acks[0]).isEqualTo(1);
    assertThat(sent()).isEmpty();
  }

  @Test
  void limitsOutstandingPings() {
    YamuxSession s = session(true, true);
    for (int i = 0; i < YamuxConfig.defaults().maxOutstandingPings(); i++) {
      assertThat(s.ping(() -> {})).isTrue();
    }
    assertThat(s.ping(() -> {})).isFalse();
    s.close();
    assertThat(s.ping(() -> {})).isFalse();
  }

  @Test
  void neverSendsMoreThan256000BytesOnAFreshStreamBeforeAWindowUpdate() throws Exception {
    YamuxSession client = session(true, true);
    MuxedStream s = client.openStream();
    feedHex(client, vector("accept stream 1 (server)"));
    sent();

    byte[] big = new byte[300_000];
    assertThat(s.write(big, 0, big.length)).isTrue();
    assertThat(sentPayloadBytes()).isEqualTo(256_000);

    feed(client, header(Yamux.TYPE_WINDOW_UPDATE, 0, 1, 131_072));
    assertThat(sentPayloadBytes()).isEqualTo(44_000);
  }

  @Test
  void splitsDataIntoFramesNoLargerThanTheConfiguredMaximum() throws Exception {
    YamuxSession client = session(true, true);
    MuxedStream s = client.openStream();
    sent();

    s.write(new byte[200_000], 0, 200_000);

    byte[] all = Hex.decode(sent());
    int frames = 0;
    for (int p = 0; p < all.length; frames++) {
      YamuxFrameHeader h = YamuxFrameHeader.readFrom(all, p);
      assertThat(h.length()).isLessThanOrEqualTo(YamuxConfig.defaults().maxDataFrame());
      p += Yamux.HEADER_LENGTH + (int) h.length();
    }
    assertThat(frames).isEqualTo(4);
  }

  @Test
  void acceptsTheFullSpecWindowAndFailsOnOneByteMore() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(false);
    YamuxSession server = session(false, YamuxConfig.defaults(), events);
    feedHex(server, vector("open stream 1 (client)"));
    feed(server, data(0, 1, 200_000), data(0, 1, 62_144));
    sent();

    assertThatThrownBy(() -> feed(server, data(0, 1, 1)))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("receive window");

    assertThat(sent()).isEqualTo(PROTOCOL_ERROR_GO_AWAY);
    assertThat(events.closedReason).startsWith("protocol error");
    assertThat(server.activeStreams()).isZero();
    feed(server, data(0, 1, 5)); // ignored once failed
    assertThat(sent()).isEmpty();
  }

  @Test
  void sendsAWindowUpdateOnceHalfTheWindowIsConsumed() throws Exception {
    YamuxSession server = session(false, true);
    feedHex(server, vector("open stream 1 (client)"));
    sent();

    feed(server, data(0, 1, 131_071));
    assertThat(sent()).isEmpty();
    feed(server, data(0, 1, 1));
    assertThat(sent()).isEqualTo("000100000000000100020000"); // +131072 on stream 1

    // the credit returned is usable: another full window is accepted
    feed(server, data(0, 1, 262_144 - 131_072), data(0, 1, 131_072));
  }

  @Test
  void creditsBufferedDataOnlyWhenItReachesAListener() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(false);
    YamuxSession server = session(false, YamuxConfig.defaults(), events);
    feedHex(server, vector("open stream 1 (client)"));
    feed(server, data(0, 1, 200_000));
    sent();
    assertThat(sent()).isEmpty();

    RecordingStreamListener l = new RecordingStreamListener();
    events.remoteStreams.get(0).setListener(l);

    assertThat(l.bytes()).hasSize(200_000);
    assertThat(sent()).isEqualTo("000100000000000100030d40"); // +200000
  }

  @Test
  void announcesAndEnforcesALargerReceiveWindow() throws Exception {
    YamuxConfig config = YamuxConfig.defaults().withReceiveWindow(1024 * 1024);
    RecordingMuxerListener events = new RecordingMuxerListener(false);
    YamuxSession client = session(true, config, events);

    client.openStream();
    assertThat(sent()).isEqualTo("0001000100000001000c0000"); // SYN, +786432

    feed(client, data(Yamux.FLAG_ACK, 1, 1024 * 1024));
    assertThatThrownBy(() -> feed(client, data(0, 1, 1))).isInstanceOf(MuxerException.class);
  }

  @Test
  void refusesInboundStreamsBeyondTheLimitWithRst() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    YamuxSession server = session(false, YamuxConfig.defaults().withMaxInboundStreams(1), events);

    feedHex(server, vector("open stream 1 (client)"));
    feed(server, data(Yamux.FLAG_SYN, 3, 100), data(0, 1, 2));

    assertThat(sent()).isEqualTo(vector("accept stream 1 (server)") + "000100080000000300000000");
    assertThat(events.remoteStreams).hasSize(1);
    assertThat(events.listeners.get(0).bytes()).hasSize(2); // the refused body was skipped
  }

  @Test
  void skipsFramesForUnknownStreams() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    YamuxSession server = session(false, YamuxConfig.defaults(), events);

    feed(
        server,
        data(0, 5, 1000),
        header(Yamux.TYPE_WINDOW_UPDATE, Yamux.FLAG_FIN, 7, 10),
        header(Yamux.TYPE_WINDOW_UPDATE, Yamux.FLAG_RST, 9, 0));
    assertThat(sent()).isEmpty();
    feedHex(server, vector("open stream 1 (client)") + vector("data, 5 bytes, stream 1"));

    assertThat(events.listeners.get(0).bytes()).hasSize(5);
  }

  @Test
  void afterAGoAwayNoNewStreamsButExistingOnesWork() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    YamuxSession server = session(false, YamuxConfig.defaults(), events);
    feedHex(server, vector("open stream 1 (client)"));
    sent();

    feedHex(server, vector("go away, normal"));
    assertThat(events.closedReason).isEqualTo("peer sent GoAway (normal)");
    assertThatThrownBy(server::openStream).isInstanceOf(MuxerException.class);
    feed(server, header(Yamux.TYPE_WINDOW_UPDATE, Yamux.FLAG_SYN, 3, 0), data(0, 1, 3));

    assertThat(sent()).isEqualTo("000100080000000300000000");
    assertThat(events.listeners.get(0).bytes()).hasSize(3);
    assertThat(server.activeStreams()).isEqualTo(1);
  }

  @Test
  void limitsUnacknowledgedOutboundStreams() throws Exception {
    YamuxConfig d = YamuxConfig.defaults();
    YamuxConfig config =
        new YamuxConfig(
            d.receiveWindow(),
            d.initialSendWindow(),
            d.maxInboundStreams(),
            d.maxOutboundStreams(),
            2,
            d.maxSendBuffer(),
            d.maxDataFrame(),
            d.maxOutstandingPings());
    YamuxSession client = session(true, config, new RecordingMuxerListener(true));
    client.openStream();
    client.openStream();

    assertThatThrownBy(client::openStream)
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("unacknowledged");
    feedHex(client, vector("accept stream 1 (server)"));
    assertThat(client.openStream().id()).isEqualTo(5);
  }

  @Test
  void refusesWritesBeyondTheSendBufferAndSignalsWhenDrained() throws Exception {
    YamuxSession client =
        session(
            true,
            YamuxConfig.defaults().withMaxSendBuffer(100_000),
            new RecordingMuxerListener(true));
    MuxedStream s = client.openStream();
    int[] writable = {0};
    s.setWritabilityListener(() -> writable[0]++);

    assertThat(s.write(new byte[100_000], 0, 100_000)).isTrue();
    assertThat(s.write(new byte[100_000], 0, 100_000)).isTrue();
    assertThat(s.write(new byte[100_000], 0, 100_000)).isTrue(); // 44 000 queued
    assertThat(s.isWritable()).isTrue();
    assertThat(s.write(new byte[10_000], 0, 10_000)).isTrue(); // 54 000 queued
    assertThat(s.isWritable()).isFalse();
    assertThat(s.write(new byte[50_000], 0, 50_000)).isFalse();
    assertThatThrownBy(() -> s.write(new byte[100_001], 0, 100_001))
        .isInstanceOf(IllegalArgumentException.class);

    feed(client, header(Yamux.TYPE_WINDOW_UPDATE, Yamux.FLAG_ACK, 1, 3_999));
    assertThat(writable[0]).isZero(); // 50 001 still queued
    feed(client, header(Yamux.TYPE_WINDOW_UPDATE, 0, 1, 1));
    assertThat(writable[0]).isEqualTo(1);
    assertThat(s.isWritable()).isTrue();
    feed(client, header(Yamux.TYPE_WINDOW_UPDATE, 0, 1, 100_000));
    assertThat(writable[0]).isEqualTo(1);
  }

  @Test
  void finFollowsQueuedDataOnceTheWindowAllows() throws Exception {
    YamuxSession client = session(true, true);
    MuxedStream s = client.openStream();
    s.write(new byte[256_000], 0, 256_000);
    s.write(new byte[10], 0, 10);
    sent();

    s.closeWrite();
    assertThat(sent()).isEmpty();
    feed(client, header(Yamux.TYPE_WINDOW_UPDATE, Yamux.FLAG_ACK, 1, 10));

    String tenZeroBytes = "00".repeat(10);
    assertThat(sent())
        .isEqualTo(
            "0000"
                + "0000"
                + "00000001"
                + "0000000a"
                + tenZeroBytes
                + vector("half-close stream 1"));
  }

  static Stream<Arguments> protocolViolations() {
    return Stream.of(
        Arguments.of("SYN with our own id parity", true, "000100010000000300000000"),
        Arguments.of("Data on stream 0", false, "000000000000000000000000"),
        Arguments.of("Window Update on stream 0", false, "000100000000000000000001"),
        Arguments.of("Ping on a stream", false, "000200010000000100000007"),
        Arguments.of("GoAway on a stream", false, "000300000000000300000000"),
        Arguments.of("version 1", false, "010100010000000100000000"),
        Arguments.of("unknown type", false, "000400010000000100000000"),
        Arguments.of(
            "duplicate SYN", false, "000100010000000100000000" + "000100010000000100000000"),
        Arguments.of("Data frame longer than the window", false, "000000000000000500040001"),
        Arguments.of(
            "send window overflow",
            true,
            "000100010000000200000000" + "00010000" + "00000002" + "ffffffff"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protocolViolations")
  void protocolViolationsFailTheSessionWithGoAway(String name, boolean client, String hex)
      throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    YamuxSession s = session(client, YamuxConfig.defaults(), events);
    MuxedStream mine = client ? s.openStream() : null;
    RecordingStreamListener mineListener = new RecordingStreamListener();
    if (mine != null) {
      mine.setListener(mineListener);
    }
    sent();

    assertThatThrownBy(() -> feedHex(s, hex)).isInstanceOf(MuxerException.class);

    assertThat(sent()).endsWith(PROTOCOL_ERROR_GO_AWAY);
    assertThat(events.closedReason).startsWith("protocol error");
    assertThat(s.activeStreams()).isZero();
    assertThatThrownBy(s::openStream).isInstanceOf(MuxerException.class);
    if (mine != null) {
      assertThat(mineListener.reset).isTrue();
    }
  }
}

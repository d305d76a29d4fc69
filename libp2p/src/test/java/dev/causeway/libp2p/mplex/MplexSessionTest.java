package dev.causeway.libp2p.mplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.mux.FrameVectors;
import dev.causeway.libp2p.mux.MuxedStream;
import dev.causeway.libp2p.mux.MuxerException;
import dev.causeway.libp2p.mux.MuxerSession;
import dev.causeway.libp2p.mux.RecordingMuxerListener;
import dev.causeway.libp2p.mux.RecordingStreamListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One mplex session against hand-made peer frames (spec libp2p-core.md §7). */
class MplexSessionTest {
  private static final String FILE = MplexFrameVectorTest.FILE;

  private final List<byte[]> out = new ArrayList<>();

  private static String vector(String name) {
    return FrameVectors.hex(FILE, name);
  }

  private MuxerSession session(MplexConfig config, RecordingMuxerListener events) {
    return Mplex.session(false, config, out::add, events);
  }

  private String sent() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    out.forEach(f -> b.write(f, 0, f.length));
    out.clear();
    return Hex.encode(b.toByteArray());
  }

  private static void feedHex(MuxerSession s, String hex) throws MuxerException {
    byte[] b = Hex.decode(hex);
    s.onInbound(b, 0, b.length);
  }

  private static byte[] frame(long id, int flag, int len) {
    return new MplexFrameHeader(id, flag, len).encodeFrame(new byte[len], 0);
  }

  private static void feed(MuxerSession s, byte[] b) throws MuxerException {
    s.onInbound(b, 0, b.length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void openerSideUsesTheSpecFrames() throws Exception {
    MuxerSession s = session(MplexConfig.defaults(), new RecordingMuxerListener(true));

    MuxedStream stream = s.openStream();
    assertThat(stream.id()).isZero();
    assertThat(sent()).isEqualTo(vector("NewStream id 0 name \"0\""));
    stream.write(ascii("hi"), 0, 2);
    assertThat(sent()).isEqualTo(vector("MessageInitiator id 0 \"hi\""));
    stream.closeWrite();
    assertThat(sent()).isEqualTo(vector("CloseInitiator id 0"));
    stream.reset();
    assertThat(sent()).isEqualTo(vector("ResetInitiator id 0"));
  }

  @Test
  void accepterSideUsesTheSpecFrames() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults(), events);

    feedHex(s, vector("NewStream id 0 name \"0\"") + vector("MessageInitiator id 0 \"hi\""));
    MuxedStream accepted = events.remoteStreams.get(0);
    assertThat(accepted.isInitiator()).isFalse();
    assertThat(new String(events.listeners.get(0).bytes(), StandardCharsets.US_ASCII))
        .isEqualTo("hi");
    assertThat(sent()).isEmpty(); // mplex has no acknowledgement

    accepted.write(ascii("ok"), 0, 2);
    assertThat(sent()).isEqualTo(vector("MessageReceiver id 0 \"ok\""));
    accepted.closeWrite();
    assertThat(sent()).isEqualTo(vector("CloseReceiver id 0"));
    feedHex(s, vector("CloseInitiator id 0"));
    assertThat(events.listeners.get(0).remoteClosed).isTrue();
    assertThat(s.activeStreams()).isZero();
  }

  @Test
  void sameIdFromEachOpenerNamesTwoDistinctStreams() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults(), events);
    MuxedStream mine = s.openStream();
    RecordingStreamListener mineListener = new RecordingStreamListener();
    mine.setListener(mineListener);
    feedHex(s, vector("NewStream id 0 name \"0\""));

    feedHex(s, vector("MessageReceiver id 0 \"ok\"") + vector("MessageInitiator id 0 \"hi\""));
    feedHex(s, vector("ResetReceiver id 0"));

    assertThat(new String(mineListener.bytes(), StandardCharsets.US_ASCII)).isEqualTo("ok");
    assertThat(mineListener.reset).isTrue();
    RecordingStreamListener theirs = events.listeners.get(0);
    assertThat(new String(theirs.bytes(), StandardCharsets.US_ASCII)).isEqualTo("hi");
    assertThat(theirs.reset).isFalse();
    assertThat(s.activeStreams()).isEqualTo(1);
  }

  @Test
  void splitsWritesIntoFramesOfAtMostOneMebibyte() throws Exception {
    MuxerSession s = session(MplexConfig.defaults(), new RecordingMuxerListener(true));
    MuxedStream stream = s.openStream();
    sent();
    int total = 2 * Mplex.MAX_FRAME_LENGTH + 512 * 1024;

    assertThat(stream.write(new byte[total], 0, total)).isTrue();

    assertThat(out).hasSize(3);
    List<Integer> lengths = new ArrayList<>();
    for (byte[] f : out) {
      MplexFrameHeader h = MplexFrameHeader.tryRead(f, 0, f.length, Mplex.MAX_FRAME_LENGTH);
      assertThat(h.flag()).isEqualTo(Mplex.FLAG_MESSAGE_INITIATOR);
      assertThat(f).hasSize(h.encodedLength() + h.length());
      lengths.add(h.length());
    }
    assertThat(lengths).containsExactly(1 << 20, 1 << 20, 512 * 1024);
  }

  @Test
  void acceptsAOneMebibyteFrameAndFailsOnALargerOne() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults(), events);
    feedHex(s, vector("NewStream id 0 name \"0\""));
    feed(s, frame(0, Mplex.FLAG_MESSAGE_INITIATOR, Mplex.MAX_FRAME_LENGTH));
    assertThat(events.listeners.get(0).bytes()).hasSize(Mplex.MAX_FRAME_LENGTH);

    byte[] tooLong = frame(0, Mplex.FLAG_MESSAGE_INITIATOR, Mplex.MAX_FRAME_LENGTH + 1);
    assertThatThrownBy(() -> s.onInbound(tooLong, 0, 8))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("exceeds");

    assertThat(events.closedReason).startsWith("protocol error");
    assertThat(events.listeners.get(0).reset).isTrue();
    assertThat(sent()).isEmpty(); // mplex has no GoAway; the caller closes the connection
    assertThatThrownBy(s::openStream).isInstanceOf(MuxerException.class);
  }

  @Test
  void flagSevenIsAProtocolError() {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults(), events);

    assertThatThrownBy(() -> feedHex(s, "0f00"))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("flag 7");
    assertThat(events.closedReason).startsWith("protocol error");
  }

  @Test
  void resetsAStreamWhoseUnreadDataExceedsTheBuffer() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(false);
    MuxerSession s = session(MplexConfig.defaults().withMaxStreamBuffer(1000), events);
    feedHex(s, vector("NewStream id 0 name \"0\""));

    feed(s, frame(0, Mplex.FLAG_MESSAGE_INITIATOR, 1000));
    assertThat(sent()).isEmpty();
    feed(s, frame(0, Mplex.FLAG_MESSAGE_INITIATOR, 1));

    assertThat(sent()).isEqualTo(vector("ResetReceiver id 0"));
    assertThat(s.activeStreams()).isZero();
    RecordingStreamListener late = new RecordingStreamListener();
    events.remoteStreams.get(0).setListener(late);
    assertThat(late.reset).isTrue();
    assertThat(late.bytes()).isEmpty();
    feed(s, frame(0, Mplex.FLAG_MESSAGE_INITIATOR, 10)); // in-flight data is skipped
    assertThat(sent()).isEmpty();
  }

  @Test
  void aStreamWithAListenerHasNoUnreadLimit() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults().withMaxStreamBuffer(1000), events);
    feedHex(s, vector("NewStream id 0 name \"0\""));

    for (int i = 0; i < 10; i++) {
      feed(s, frame(0, Mplex.FLAG_MESSAGE_INITIATOR, 1000));
    }

    assertThat(events.listeners.get(0).bytes()).hasSize(10_000);
    assertThat(sent()).isEmpty();
  }

  @Test
  void refusesNewStreamsBeyondTheLimitWithResetReceiver() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults().withMaxInboundStreams(1), events);

    feedHex(s, vector("NewStream id 0 name \"0\""));
    feed(s, frame(1, Mplex.FLAG_NEW_STREAM, 1));

    assertThat(sent()).isEqualTo("0d00"); // ResetReceiver id 1 = 1 << 3 | 5
    assertThat(events.remoteStreams).hasSize(1);
  }

  @Test
  void skipsFramesForUnknownStreamsAndStaysInSync() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults(), events);

    feed(s, frame(5, Mplex.FLAG_MESSAGE_INITIATOR, 300));
    feed(s, frame(6, Mplex.FLAG_MESSAGE_RECEIVER, 3));
    feed(s, frame(7, Mplex.FLAG_CLOSE_INITIATOR, 0));
    feed(s, frame(8, Mplex.FLAG_RESET_RECEIVER, 0));
    feedHex(s, vector("NewStream id 0 name \"0\"") + vector("MessageInitiator id 0 \"hi\""));

    assertThat(sent()).isEmpty();
    assertThat(events.listeners.get(0).bytes()).hasSize(2);
  }

  @Test
  void dataAfterTheRemoteCloseIsDropped() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults(), events);

    feedHex(
        s,
        vector("NewStream id 0 name \"0\"")
            + vector("CloseInitiator id 0")
            + vector("MessageInitiator id 0 \"hi\""));

    assertThat(events.listeners.get(0).remoteClosed).isTrue();
    assertThat(events.listeners.get(0).bytes()).isEmpty();
    assertThat(events.remoteStreams.get(0).isWritable()).isTrue();
  }

  @Test
  void closeResetsEveryOpenStream() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults(), events);
    s.openStream();
    feedHex(s, vector("NewStream id 0 name \"0\""));
    sent();

    s.close();

    assertThat(sent())
        .isIn(
            vector("ResetInitiator id 0") + vector("ResetReceiver id 0"),
            vector("ResetReceiver id 0") + vector("ResetInitiator id 0"));
    assertThat(events.listeners.get(0).reset).isTrue();
    assertThat(events.closedReason).isEqualTo("closed locally");
    assertThat(s.activeStreams()).isZero();
  }

  @Test
  void aDuplicateNewStreamIsAProtocolError() throws Exception {
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = session(MplexConfig.defaults(), events);
    feedHex(s, vector("NewStream id 0 name \"0\""));

    assertThatThrownBy(() -> feedHex(s, vector("NewStream id 0 name \"0\"")))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("already open");
    assertThat(events.listeners.get(0).reset).isTrue();
    assertThat(s.activeStreams()).isZero();
  }
}

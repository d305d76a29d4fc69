package dev.causeway.libp2p.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.mplex.Mplex;
import dev.causeway.libp2p.mplex.MplexConfig;
import dev.causeway.libp2p.mplex.MplexFrameHeader;
import dev.causeway.libp2p.mux.MuxerPair.Kind;
import dev.causeway.libp2p.yamux.Yamux;
import dev.causeway.libp2p.yamux.YamuxConfig;
import dev.causeway.libp2p.yamux.YamuxFrameHeader;
import dev.causeway.libp2p.yamux.YamuxSession;
import dev.causeway.testing.RandomInputs;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random input into {@link MuxerSession#onInbound}: random bytes, mutated valid transcripts and
 * random sequences of well-formed-looking frames only ever give {@link MuxerException}, and a
 * failed session is fully torn down.
 */
class MuxerRandomInputTest {
  private static final YamuxConfig YAMUX = YamuxConfig.defaults().withMaxInboundStreams(8);
  private static final MplexConfig MPLEX =
      MplexConfig.defaults().withMaxInboundStreams(8).withMaxStreamBuffer(2000);

  @ParameterizedTest
  @EnumSource(Kind.class)
  void randomBytesOnlyGiveMuxerException(Kind kind) {
    RandomInputs.forEachCase(
        1500, r -> feedAndCheck(kind, r, RandomInputs.bytes(r, 600), r.nextBoolean()));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void mutatedTranscriptsOnlyGiveMuxerException(Kind kind) throws MuxerException {
    byte[] transcript = transcript(kind);
    RandomInputs.forEachCase(
        1500, r -> feedAndCheck(kind, r, RandomInputs.mutate(r, transcript), false));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void randomFrameSequencesOnlyGiveMuxerException(Kind kind) {
    int[] withStreams = {0};
    RandomInputs.forEachCase(
        1500,
        r -> {
          ByteArrayOutputStream in = new ByteArrayOutputStream();
          int frames = 1 + r.nextInt(40);
          for (int i = 0; i < frames; i++) {
            byte[] f = kind == Kind.YAMUX ? randomYamuxFrame(r) : randomMplexFrame(r);
            in.write(f, 0, f.length);
          }
          if (!feedAndCheck(kind, r, in.toByteArray(), r.nextBoolean()).remoteStreams.isEmpty()) {
            withStreams[0]++;
          }
        });
    // the generator is only useful if it gets past the first frame and opens streams often
    assertThat(withStreams[0]).isGreaterThan(300);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theUnmutatedTranscriptIsAccepted(Kind kind) throws MuxerException {
    byte[] transcript = transcript(kind);
    RecordingMuxerListener events = new RecordingMuxerListener(true);
    MuxerSession s = newSession(kind, false, events);

    s.onInbound(transcript, 0, transcript.length);

    assertThat(events.remoteStreams).hasSize(3);
    assertThat(events.closedReason).isNull();
  }

  /** What a dialler sends: three streams with data, a half-close, a reset and (yamux) a ping. */
  private static byte[] transcript(Kind kind) throws MuxerException {
    MuxerPair p = new MuxerPair(kind, 42, true);
    MuxedStream one = p.a.openStream();
    MuxedStream two = p.a.openStream();
    MuxedStream three = p.a.openStream();
    byte[] data = new byte[700];
    new Random(7).nextBytes(data);
    one.write(data, 0, 300);
    two.write(data, 300, 400);
    one.closeWrite();
    three.write(data, 0, 5);
    three.reset();
    two.write(data, 0, 1);
    if (p.a instanceof YamuxSession y) {
      y.ping(() -> {});
    }
    return p.takeQueuedForB();
  }

  private static MuxerSession newSession(Kind kind, boolean client, MuxerListener listener) {
    FrameSink discard = bytes -> {};
    return kind == Kind.YAMUX
        ? Yamux.session(client, YAMUX, discard, listener)
        : Mplex.session(client, MPLEX, discard, listener);
  }

  /**
   * Feeds {@code in} in random splits to a fresh session whose stream handlers randomly read, echo,
   * half-close or reset (so the random input drives the reentrant paths too).
   */
  private static RecordingMuxerListener feedAndCheck(
      Kind kind, Random r, byte[] in, boolean client) {
    RecordingMuxerListener events = new RecordingMuxerListener(false);
    events.onRemote = stream -> randomHandler(r, stream);
    MuxerSession s = newSession(kind, client, events);
    boolean failed = false;
    int off = 0;
    while (off < in.length) {
      int n = Math.min(in.length - off, 1 + r.nextInt(64));
      try {
        s.onInbound(in, off, n);
      } catch (MuxerException expected) {
        failed = true;
        break;
      }
      off += n;
      assertThat(s.activeStreams()).isBetween(0, 8 + 1);
    }
    if (failed) {
      // "protocol error: ...", unless an earlier GoAway already ended the session for new streams
      assertThat(events.closedReason).matches("protocol error: .*|peer sent GoAway .*");
      assertThat(s.activeStreams()).isZero();
      assertThatThrownBy(s::openStream).isInstanceOf(MuxerException.class);
      byte[] more = RandomInputs.bytes(r, 50);
      try {
        s.onInbound(more, 0, more.length); // ignored after failure
      } catch (MuxerException e) {
        throw new AssertionError("input after failure must be ignored", e);
      }
    }
    return events;
  }

  private static void randomHandler(Random r, MuxedStream stream) {
    switch (r.nextInt(4)) {
      case 0 -> {} // never read: data stays buffered
      case 1 -> stream.reset();
      default ->
          stream.setListener(
              new StreamListener() {
                @Override
                public void onData(byte[] data, int off, int len) {
                  switch (r.nextInt(6)) {
                    case 0 -> stream.reset();
                    case 1 -> stream.closeWrite();
                    default -> stream.write(data, off, Math.min(len, 1000));
                  }
                }

                @Override
                public void onRemoteClose() {
                  stream.closeWrite();
                }

                @Override
                public void onReset() {}
              });
    }
  }

  private static byte[] randomYamuxFrame(Random r) {
    int pick = r.nextInt(100);
    // mostly stream frames; session frames usually on stream 0; a few invalid types
    int type =
        pick < 45
            ? Yamux.TYPE_DATA
            : pick < 85
                ? Yamux.TYPE_WINDOW_UPDATE
                : pick < 95 ? Yamux.TYPE_PING : pick < 98 ? 3 : 4;
    int flags = r.nextInt(8) == 0 ? r.nextInt(0x10000) : r.nextInt(16);
    boolean session = type >= Yamux.TYPE_PING;
    long id = r.nextInt(10) == 0 ? r.nextInt() & 0xFFFF_FFFFL : session ? 0 : 1 + r.nextInt(8);
    boolean data = type == Yamux.TYPE_DATA;
    long length = data ? r.nextInt(400) : r.nextInt(3) == 0 ? r.nextInt() & 0xFFFF_FFFFL : 0;
    int body = data ? (int) length : 0;
    byte[] f = new byte[Yamux.HEADER_LENGTH + body];
    new YamuxFrameHeader(Math.min(type, 3), flags, id, length).encodeTo(f, 0);
    f[1] = (byte) type;
    if (r.nextInt(20) == 0) {
      f[0] = (byte) r.nextInt(256); // version
    }
    for (int i = Yamux.HEADER_LENGTH; i < f.length; i++) {
      f[i] = (byte) r.nextInt();
    }
    return f;
  }

  private static byte[] randomMplexFrame(Random r) {
    long id = r.nextInt(5) == 0 ? r.nextLong() & Mplex.MAX_STREAM_ID : r.nextInt(4);
    int flag = r.nextInt(7);
    int len = r.nextInt(10) == 0 ? r.nextInt(5000) : r.nextInt(60);
    byte[] f = new MplexFrameHeader(id, flag, len).encodeFrame(new byte[len], 0);
    if (r.nextInt(15) == 0) {
      f[0] |= 7; // invalid flag
    }
    return f;
  }
}

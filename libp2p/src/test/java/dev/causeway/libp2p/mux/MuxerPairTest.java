package dev.causeway.libp2p.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.mplex.MplexConfig;
import dev.causeway.libp2p.mux.MuxerPair.Kind;
import dev.causeway.libp2p.yamux.YamuxConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both muxers through the common API: two sessions back to back, bytes delivered in random splits
 * (spec libp2p-core.md §6, §7).
 */
class MuxerPairTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean write(MuxedStream s, String text) {
    byte[] b = ascii(text);
    return s.write(b, 0, b.length);
  }

  /** Sets a new recording listener on {@code stream} and returns it. */
  private static RecordingStreamListener listen(MuxedStream stream) {
    RecordingStreamListener l = new RecordingStreamListener();
    stream.setListener(l);
    return l;
  }

  private static byte[] reversed(byte[] b) {
    byte[] r = new byte[b.length];
    for (int k = 0; k < b.length; k++) {
      r[k] = b[b.length - 1 - k];
    }
    return r;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void opensAndAcceptsStreamsInBothDirections(Kind kind) throws Exception {
    MuxerPair p = new MuxerPair(kind, 1, true);

    MuxedStream fromA = p.a.openStream();
    RecordingStreamListener atA = listen(fromA);
    assertThat(write(fromA, "hello")).isTrue();
    MuxedStream fromB = p.b.openStream();
    RecordingStreamListener atB = listen(fromB);
    assertThat(write(fromB, "from b")).isTrue();
    p.pump();

    assertThat(p.eventsB.remoteStreams).hasSize(1);
    assertThat(p.eventsA.remoteStreams).hasSize(1);
    MuxedStream acceptedByB = p.eventsB.remoteStreams.get(0);
    MuxedStream acceptedByA = p.eventsA.remoteStreams.get(0);
    assertThat(fromA.isInitiator()).isTrue();
    assertThat(acceptedByB.isInitiator()).isFalse();
    assertThat(acceptedByB.id()).isEqualTo(fromA.id());
    assertThat(acceptedByA.id()).isEqualTo(fromB.id());
    if (kind == Kind.YAMUX) {
      assertThat(fromA.id() % 2).isEqualTo(1); // dialler: odd ids
      assertThat(fromB.id() % 2).isEqualTo(0);
    }
    assertThat(new String(p.eventsB.listeners.get(0).bytes(), StandardCharsets.US_ASCII))
        .isEqualTo("hello");
    assertThat(new String(p.eventsA.listeners.get(0).bytes(), StandardCharsets.US_ASCII))
        .isEqualTo("from b");

    write(acceptedByB, "reply to a");
    write(acceptedByA, "reply to b");
    p.pump();

    assertThat(new String(atA.bytes(), StandardCharsets.US_ASCII)).isEqualTo("reply to a");
    assertThat(new String(atB.bytes(), StandardCharsets.US_ASCII)).isEqualTo("reply to b");
    assertThat(p.a.activeStreams()).isEqualTo(2);
    assertThat(p.b.activeStreams()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void transfers16MiBThroughOneStreamIntactUnderFlowControl(Kind kind) throws Exception {
    MuxerPair p = new MuxerPair(kind, 2, true);
    byte[] payload = new byte[16 * 1024 * 1024];
    new Random(16).nextBytes(payload);
    MuxedStream s = p.a.openStream();
    int[] pos = {0};
    int[] refused = {0};
    int[] resumed = {0};
    Runnable writeMore =
        () -> {
          while (pos[0] < payload.length) {
            int n = Math.min(100_000, payload.length - pos[0]);
            if (!s.write(payload, pos[0], n)) {
              refused[0]++;
              return;
            }
            pos[0] += n;
          }
          s.closeWrite();
        };
    s.setWritabilityListener(
        () -> {
          resumed[0]++;
          writeMore.run();
        });
    writeMore.run();
    p.pump();

    RecordingStreamListener received = p.eventsB.listeners.get(0);
    assertThat(received.remoteClosed).isTrue();
    assertThat(Arrays.equals(received.bytes(), payload)).isTrue();
    if (kind == Kind.YAMUX) {
      // 16 MiB cannot fit the 1 MiB send buffer: writes were refused and resumed by the listener.
      assertThat(refused[0]).isGreaterThan(0);
      assertThat(resumed[0]).isEqualTo(refused[0]);
    } else {
      assertThat(refused[0]).isZero(); // no flow control: everything leaves at once
    }
    assertThat(p.bytesToB).isGreaterThan(payload.length);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void carriesHundredConcurrentStreamsIntact(Kind kind) throws Exception {
    MuxerPair p = new MuxerPair(kind, 3, true);
    Random r = new Random(100);
    List<MuxedStream> streams = new ArrayList<>();
    List<RecordingStreamListener> replies = new ArrayList<>();
    byte[][] payloads = new byte[100][];
    for (int i = 0; i < 100; i++) {
      MuxedStream s = p.a.openStream();
      RecordingStreamListener l = listen(s);
      streams.add(s);
      replies.add(l);
      payloads[i] = new byte[4 + r.nextInt(40_000)];
      r.nextBytes(payloads[i]);
      ByteBuffer.wrap(payloads[i]).putInt(i);
    }
    // interleave pieces of all streams, pumping now and then
    int[] sent = new int[100];
    boolean more = true;
    while (more) {
      more = false;
      for (int i = 0; i < 100; i++) {
        int n = Math.min(1 + r.nextInt(3000), payloads[i].length - sent[i]);
        if (n > 0) {
          assertThat(streams.get(i).write(payloads[i], sent[i], n)).isTrue();
          sent[i] += n;
          more = true;
          if (sent[i] == payloads[i].length) {
            streams.get(i).closeWrite();
          }
        }
      }
      p.pump();
    }

    assertThat(p.eventsB.remoteStreams).hasSize(100);
    for (int i = 0; i < 100; i++) {
      RecordingStreamListener got = p.eventsB.listeners.get(i);
      assertThat(got.remoteClosed).isTrue();
      byte[] data = got.bytes();
      int index = ByteBuffer.wrap(data).getInt();
      assertThat(data).isEqualTo(payloads[index]);
      // echo back reversed and close: every stream then closes fully on both sides
      byte[] back = reversed(data);
      MuxedStream s = p.eventsB.remoteStreams.get(i);
      assertThat(s.write(back, 0, back.length)).isTrue();
      s.closeWrite();
    }
    p.pump();

    for (int i = 0; i < 100; i++) {
      assertThat(replies.get(i).bytes()).isEqualTo(reversed(payloads[i]));
      assertThat(replies.get(i).remoteClosed).isTrue();
    }
    assertThat(p.a.activeStreams()).isZero();
    assertThat(p.b.activeStreams()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void halfCloseEndsOneDirectionAndKeepsTheOther(Kind kind) throws Exception {
    MuxerPair p = new MuxerPair(kind, 4, true);
    MuxedStream s = p.a.openStream();
    RecordingStreamListener atA = listen(s);
    write(s, "request");
    s.closeWrite();
    p.pump();

    RecordingStreamListener atB = p.eventsB.listeners.get(0);
    MuxedStream remote = p.eventsB.remoteStreams.get(0);
    assertThat(new String(atB.bytes(), StandardCharsets.US_ASCII)).isEqualTo("request");
    assertThat(atB.remoteClosed).isTrue();
    assertThat(s.isWritable()).isFalse();
    assertThat(write(s, "more")).isFalse();
    assertThat(remote.isWritable()).isTrue();
    assertThat(p.a.activeStreams()).isEqualTo(1);

    write(remote, "response");
    p.pump();
    assertThat(new String(atA.bytes(), StandardCharsets.US_ASCII)).isEqualTo("response");
    assertThat(atA.remoteClosed).isFalse();

    remote.closeWrite();
    p.pump();
    assertThat(atA.remoteClosed).isTrue();
    assertThat(atA.reset).isFalse();
    assertThat(p.a.activeStreams()).isZero();
    assertThat(p.b.activeStreams()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void resetReachesThePeerAndStopsBothDirections(Kind kind) throws Exception {
    MuxerPair p = new MuxerPair(kind, 5, true);
    MuxedStream s = p.a.openStream();
    RecordingStreamListener atA = listen(s);
    write(s, "partial");
    p.pump();
    MuxedStream remote = p.eventsB.remoteStreams.get(0);

    s.reset();
    assertThat(write(s, "late")).isFalse();
    assertThat(p.a.activeStreams()).isZero();
    // B writes before it has seen the reset; A drops it silently
    write(remote, "in flight");
    p.pump();

    RecordingStreamListener atB = p.eventsB.listeners.get(0);
    assertThat(atB.reset).isTrue();
    assertThat(atB.remoteClosed).isFalse();
    assertThat(remote.isWritable()).isFalse();
    assertThat(write(remote, "after reset")).isFalse();
    assertThat(atA.events).isZero(); // a local reset is not reported back to its own listener
    assertThat(p.b.activeStreams()).isZero();
    assertThat(p.eventsA.closedReason).isNull();
    assertThat(p.eventsB.closedReason).isNull();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void dataBeforeTheListenerIsBufferedAndDeliveredInOrderWithTheClose(Kind kind) throws Exception {
    MuxerPair p = new MuxerPair(kind, 6, false);
    MuxedStream s = p.a.openStream();
    write(s, "one ");
    p.pump();
    write(s, "two ");
    p.pump();
    write(s, "three");
    s.closeWrite();
    p.pump();

    RecordingStreamListener late = listen(p.eventsB.remoteStreams.get(0));

    assertThat(new String(late.bytes(), StandardCharsets.US_ASCII)).isEqualTo("one two three");
    assertThat(late.remoteClosed).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void closeEndsTheSessionAndResetsItsStreams(Kind kind) throws Exception {
    MuxerPair p = new MuxerPair(kind, 7, true);
    MuxedStream s = p.a.openStream();
    RecordingStreamListener atA = listen(s);
    write(s, "x");
    p.pump();

    p.a.close();
    p.a.close(); // idempotent
    p.pump();

    assertThat(atA.reset).isTrue();
    assertThat(p.eventsA.closedReason).isEqualTo("closed locally");
    assertThat(p.a.activeStreams()).isZero();
    assertThatThrownBy(p.a::openStream).isInstanceOf(MuxerException.class);
    if (kind == Kind.YAMUX) {
      // GoAway: the peer may not open new streams; existing ones live until it closes
      assertThat(p.eventsB.closedReason).isEqualTo("peer sent GoAway (normal)");
      assertThatThrownBy(p.b::openStream).isInstanceOf(MuxerException.class);
    } else {
      assertThat(p.eventsB.listeners.get(0).reset).isTrue();
      assertThat(p.b.activeStreams()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void streamsBeyondTheInboundLimitAreReset(Kind kind) throws Exception {
    MuxerPair p =
        new MuxerPair(
            kind,
            8,
            true,
            YamuxConfig.defaults().withMaxInboundStreams(2),
            MplexConfig.defaults().withMaxInboundStreams(2));
    List<RecordingStreamListener> mine = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      MuxedStream s = p.a.openStream();
      RecordingStreamListener l = listen(s);
      mine.add(l);
      write(s, "hi");
    }
    p.pump();

    assertThat(p.eventsB.remoteStreams).hasSize(2);
    assertThat(mine.get(0).reset).isFalse();
    assertThat(mine.get(1).reset).isFalse();
    assertThat(mine.get(2).reset).isTrue();
    assertThat(p.a.activeStreams()).isEqualTo(2);

    // once a stream ends, a new one is accepted again
    p.eventsB.remoteStreams.get(0).reset();
    p.pump();
    MuxedStream again = p.a.openStream();
    RecordingStreamListener l = listen(again);
    p.pump();
    assertThat(l.reset).isFalse();
    assertThat(p.eventsB.remoteStreams).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void listenersMayReenterTheSession(Kind kind) throws Exception {
    MuxerPair p = new MuxerPair(kind, 9, false);
    // B echoes from inside the callbacks, closes from onRemoteClose and opens a stream of its own
    List<MuxedStream> opened = new ArrayList<>();
    p.eventsB.onRemote =
        stream ->
            stream.setListener(
                new StreamListener() {
                  @Override
                  public void onData(byte[] data, int off, int len) {
                    stream.write(data, off, len);
                  }

                  @Override
                  public void onRemoteClose() {
                    stream.closeWrite();
                    try {
                      opened.add(p.b.openStream());
                    } catch (MuxerException e) {
                      throw new AssertionError(e);
                    }
                  }

                  @Override
                  public void onReset() {}
                });
    MuxedStream s = p.a.openStream();
    RecordingStreamListener atA = listen(s);
    write(s, "ping pong");
    s.closeWrite();
    p.pump();

    assertThat(new String(atA.bytes(), StandardCharsets.US_ASCII)).isEqualTo("ping pong");
    assertThat(atA.remoteClosed).isTrue();
    assertThat(opened).hasSize(1);
    assertThat(p.eventsA.remoteStreams).hasSize(1);
    assertThat(p.a.activeStreams()).isEqualTo(1);
  }
}

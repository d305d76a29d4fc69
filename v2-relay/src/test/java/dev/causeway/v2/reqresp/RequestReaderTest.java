package dev.causeway.v2.reqresp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.host.ScriptedStream;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.MessageTooLargeException;
import dev.causeway.libp2p.varint.VarintException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(7);

  /** Records each outcome as a line. */
  private static final class Recorder implements RequestReader.Handler {
    final List<String> events = new ArrayList<>();
    VarintException badFrame;

    @Override
    public void onRequest(Stream stream, byte[] body) {
      events.add("request " + HexFormat.of().formatHex(body));
    }

    @Override
    public void onBadFrame(Stream stream, VarintException e) {
      badFrame = e;
      events.add("badFrame");
    }

    @Override
    public void onClosedBeforeRequest(Stream stream) {
      events.add("closed");
    }

    @Override
    public void onResetBeforeRequest(Stream stream) {
      events.add("reset");
    }

    @Override
    public void onTimeout(Stream stream) {
      events.add("timeout resets=" + ((ScriptedStream) stream).resets);
    }
  }

  private static ScriptedStream reading(Recorder r, int max) {
    ScriptedStream s = new ScriptedStream();
    RequestReader.read(s, max, TIMEOUT, r);
    return s;
  }

  @Test
  void deliversOneRequestSplitAnywhereIgnoresTrailingBytesAndCancelsTheTimer() {
    byte[] body = new byte[200];
    Arrays.fill(body, (byte) 0x5a);
    byte[] framed = LengthPrefixed.frame(body);
    for (int split = 0; split <= framed.length; split++) {
      Recorder r = new Recorder();
      ScriptedStream s = reading(r, 200);
      assertThat(s.scheduler.delaysNanos()).containsExactly(TIMEOUT.toNanos());
      s.listener.onData(Arrays.copyOfRange(framed, 0, split));
      s.listener.onData(Arrays.copyOfRange(framed, split, framed.length));
      s.listener.onData(new byte[] {1, 2, 3});
      s.listener.onRemoteClose();
      s.listener.onReset();
      s.scheduler.runAll();

      assertThat(r.events).containsExactly("request " + HexFormat.of().formatHex(body));
      assertThat(s.scheduler.pending()).isZero();
      assertThat(s.resets).isZero();
      assertThat(s.writeClosed).isFalse();
    }
  }

  @Test
  void aLengthAboveTheLimitIsABadFrameOfTooLargeAndLeavesTheStreamToTheHandler() {
    Recorder r = new Recorder();
    ScriptedStream s = reading(r, 10);
    s.listener.onData(LengthPrefixed.frame(new byte[11]));
    s.listener.onData(LengthPrefixed.frame(new byte[1]));

    assertThat(r.events).containsExactly("badFrame");
    assertThat(r.badFrame).isInstanceOf(MessageTooLargeException.class);
    assertThat(s.scheduler.pending()).isZero();
    assertThat(s.resets).isZero();
  }

  @Test
  void aNonMinimalLengthPrefixIsABadFrameButNotTooLarge() {
    Recorder r = new Recorder();
    ScriptedStream s = reading(r, 1 << 20);
    s.listener.onData(new byte[] {(byte) 0x81, 0x00, 0x01});

    assertThat(r.events).containsExactly("badFrame");
    assertThat(r.badFrame).isNotInstanceOf(MessageTooLargeException.class);
  }

  @Test
  void aHalfCloseBeforeTheWholeRequestIsReportedOnce() {
    Recorder r = new Recorder();
    ScriptedStream s = reading(r, 100);
    s.listener.onData(new byte[] {5, 1});
    s.listener.onRemoteClose();
    s.listener.onData(new byte[] {2, 3, 4, 5});
    s.listener.onReset();
    s.scheduler.runAll();

    assertThat(r.events).containsExactly("closed");
    assertThat(s.resets).isZero();
  }

  @Test
  void aResetBeforeTheRequestIsReportedOnce() {
    Recorder r = new Recorder();
    ScriptedStream s = reading(r, 100);
    s.listener.onReset();
    s.listener.onRemoteClose();
    s.scheduler.runAll();

    assertThat(r.events).containsExactly("reset");
    assertThat(s.scheduler.pending()).isZero();
  }

  @Test
  void noRequestWithinTheTimeoutIsReportedThenTheStreamIsReset() {
    Recorder r = new Recorder();
    ScriptedStream s = reading(r, 100);
    s.listener.onData(new byte[] {3, 1});
    s.scheduler.runAll();
    s.listener.onData(new byte[] {2, 3});
    s.listener.onRemoteClose();

    assertThat(r.events).containsExactly("timeout resets=0");
    assertThat(s.resets).isEqualTo(1);
  }

  @Test
  void answerWritesOneFrameHalfClosesAndReturnsTheWrite() {
    ScriptedStream s = new ScriptedStream();
    s.writeResult = new CompletableFuture<>();
    CompletableFuture<Void> w = RequestReader.answer(s, new byte[] {9, 8, 7});

    assertThat(s.written.toByteArray()).containsExactly(3, 9, 8, 7);
    assertThat(s.writeClosed).isTrue();
    assertThat(w).isSameAs(s.writeResult);
  }
}

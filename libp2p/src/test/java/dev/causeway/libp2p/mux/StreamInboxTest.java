package dev.causeway.libp2p.mux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamInboxTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(RecordingStreamListener l) {
    return new String(l.bytes(), StandardCharsets.US_ASCII);
  }

  @Test
  void buffersUntilAListenerIsSetThenDeliversDataBeforeTheClose() {
    StreamInbox inbox = new StreamInbox();
    byte[] in = ascii("xabcx");
    assertThat(inbox.offer(in, 1, 3)).isFalse();
    in[2] = 'Z'; // the inbox copied what it buffered
    assertThat(inbox.offer(ascii("def"), 0, 3)).isFalse();
    inbox.remoteClose();
    assertThat(inbox.buffered()).isEqualTo(6);

    RecordingStreamListener l = new RecordingStreamListener();
    assertThat(inbox.setListener(l)).isEqualTo(6);

    assertThat(text(l)).isEqualTo("abcdef");
    assertThat(l.remoteClosed).isTrue();
    assertThat(inbox.buffered()).isZero();
    assertThat(inbox.offer(ascii("late"), 0, 4)).isFalse();
    assertThat(text(l)).isEqualTo("abcdef");
  }

  @Test
  void deliversDirectlyOnceAListenerIsSet() {
    StreamInbox inbox = new StreamInbox();
    RecordingStreamListener l = new RecordingStreamListener();
    inbox.setListener(l);

    assertThat(inbox.offer(ascii("now"), 0, 3)).isTrue();
    assertThat(text(l)).isEqualTo("now");
    assertThat(inbox.buffered()).isZero();
  }

  @Test
  void resetDropsBufferedDataAndIsReportedOnce() {
    StreamInbox inbox = new StreamInbox();
    inbox.offer(ascii("lost"), 0, 4);
    inbox.reset();
    inbox.reset();
    inbox.remoteClose();

    RecordingStreamListener l = new RecordingStreamListener();
    assertThat(inbox.setListener(l)).isZero();

    assertThat(l.reset).isTrue();
    assertThat(l.remoteClosed).isFalse();
    assertThat(l.bytes()).isEmpty();
  }

  @Test
  void discardIsSilent() {
    StreamInbox inbox = new StreamInbox();
    RecordingStreamListener l = new RecordingStreamListener();
    inbox.setListener(l);
    inbox.discard();
    inbox.reset();
    assertThat(inbox.offer(ascii("x"), 0, 1)).isFalse();
    assertThat(l.events).isZero();
  }

  @Test
  void aListenerResettingDuringTheFlushStopsDelivery() {
    StreamInbox inbox = new StreamInbox();
    inbox.offer(ascii("one"), 0, 3);
    inbox.offer(ascii("two"), 0, 3);
    int[] calls = {0};
    inbox.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data, int off, int len) {
            calls[0]++;
            inbox.discard();
          }

          @Override
          public void onRemoteClose() {
            calls[0] += 10;
          }

          @Override
          public void onReset() {
            calls[0] += 100;
          }
        });
    assertThat(calls[0]).isEqualTo(1);
  }
}

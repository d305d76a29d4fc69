package dev.causeway.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.host.LengthPrefixedExchange.ExchangeException;
import dev.causeway.libp2p.host.LengthPrefixedExchange.Failure;
import dev.causeway.libp2p.varint.LengthPrefixed;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LengthPrefixedExchangeTest {
  @Test
  void writesTheFramedRequestClosesWritingAndReadsOneResponseSplitAnywhere() throws Exception {
    byte[] response = new byte[300];
    Arrays.fill(response, (byte) 9);
    byte[] framed = LengthPrefixed.frame(response);
    for (int split = 0; split <= framed.length; split++) {
      ScriptedStream s = new ScriptedStream(true);
      CompletableFuture<byte[]> f = LengthPrefixedExchange.exchange(s, new byte[] {1, 2, 3}, 1000);
      assertThat(s.written.toByteArray()).isEqualTo(LengthPrefixed.frame(new byte[] {1, 2, 3}));
      assertThat(s.writeClosed).isTrue();
      s.listener.onData(Arrays.copyOfRange(framed, 0, split));
      s.listener.onData(Arrays.copyOfRange(framed, split, framed.length));
      assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(response);
      assertThat(s.resets).as("never resets by itself").isZero();
    }
  }

  @Test
  void aLengthAboveTheLimitFailsBeforeTheBodyArrives() {
    ScriptedStream s = new ScriptedStream(true);
    CompletableFuture<byte[]> f = LengthPrefixedExchange.exchange(s, new byte[0], 100);
    s.listener.onData(new byte[] {(byte) 0xe5, 0x07}); // 997
    assertFailure(f, Failure.TOO_LARGE, true);
  }

  @Test
  void aMalformedLengthPrefixIsABadFrame() {
    ScriptedStream s = new ScriptedStream(true);
    CompletableFuture<byte[]> f = LengthPrefixedExchange.exchange(s, new byte[0], 1 << 20);
    s.listener.onData(new byte[] {(byte) 0x81, 0x00}); // 1, non-minimally encoded
    assertFailure(f, Failure.BAD_FRAME, true);
  }

  @Test
  void closeResetAndWriteFailuresAreNamed() {
    ScriptedStream closed = new ScriptedStream(true);
    CompletableFuture<byte[]> f1 = LengthPrefixedExchange.exchange(closed, new byte[0], 100);
    closed.listener.onData(new byte[] {5, 1, 2}); // 2 of 5 bytes
    closed.listener.onRemoteClose();
    assertFailure(f1, Failure.CLOSED, false);

    ScriptedStream reset = new ScriptedStream(true);
    CompletableFuture<byte[]> f2 = LengthPrefixedExchange.exchange(reset, new byte[0], 100);
    reset.listener.onReset();
    assertFailure(f2, Failure.RESET, false);

    ScriptedStream broken = new ScriptedStream(true);
    broken.writeResult = CompletableFuture.failedFuture(new StreamException("gone"));
    CompletableFuture<byte[]> f3 = LengthPrefixedExchange.exchange(broken, new byte[0], 100);
    assertFailure(f3, Failure.WRITE_FAILED, false);
  }

  private static void assertFailure(CompletableFuture<byte[]> f, Failure failure, boolean bad) {
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(failure);
              assertThat(e.badResponse()).isEqualTo(bad);
            });
  }
}

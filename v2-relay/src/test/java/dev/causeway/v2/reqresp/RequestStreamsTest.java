package dev.causeway.v2.reqresp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.host.ScriptedStream;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamException;
import dev.causeway.libp2p.varint.LengthPrefixed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RequestStreamsTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  /** A failure named by {@link #NAMED}, so tests see which function made it. */
  static final class NamedFailure extends Exception {
    final String kind;
    final boolean badResponse;

    NamedFailure(String kind, Throwable cause, boolean badResponse) {
      super(kind, cause);
      this.kind = kind;
      this.badResponse = badResponse;
    }
  }

  private static final RequestStreams.Failures NAMED =
      new RequestStreams.Failures(
          cause -> new NamedFailure("open", cause, false),
          (cause, bad) -> new NamedFailure("exchange", cause, bad),
          () -> new NamedFailure("timeout", null, false));

  private static NamedFailure failure(CompletableFuture<?> f) {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(NamedFailure.class);
      return (NamedFailure) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("completed normally: " + f.join());
  }

  private static <T> CompletableFuture<T> onOpen(
      ScriptedStream s, Duration timeout, Function<Stream, CompletableFuture<T>> start) {
    return RequestStreams.request(CompletableFuture.completedFuture(s), timeout, NAMED, start);
  }

  /** The reset may run on the thread that failed the request, after the caller saw the failure. */
  private static void assertResetOnce(ScriptedStream s) throws Exception {
    s.resetSeen.get(30, TimeUnit.SECONDS);
    assertThat(s.resets).isEqualTo(1);
  }

  @Test
  void anOpenFailureIsNamedWithTheUnwrappedCauseAndNothingStarts() {
    IOException cause = new IOException("no route");
    List<Stream> started = new ArrayList<>();
    CompletableFuture<String> f =
        RequestStreams.request(
            CompletableFuture.failedFuture(new CompletionException(cause)),
            LONG,
            NAMED,
            s -> {
              started.add(s);
              return CompletableFuture.completedFuture("x");
            });

    NamedFailure n = failure(f);
    assertThat(n.kind).isEqualTo("open");
    assertThat(n.getCause()).isSameAs(cause);
    assertThat(started).isEmpty();
  }

  @Test
  void completesWithWhatTheExchangeGivesAndLeavesTheStreamAlone() throws Exception {
    ScriptedStream s = new ScriptedStream();
    CompletableFuture<String> f =
        onOpen(s, LONG, st -> CompletableFuture.supplyAsync(() -> "answer " + (st == s)));

    assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("answer true");
    assertThat(s.resets).isZero();
  }

  @Test
  void anExchangeFailureReachesTheCallerUnwrappedAndResetsTheStream() throws Exception {
    ScriptedStream s = new ScriptedStream();
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> f =
        onOpen(s, LONG, st -> CompletableFuture.failedFuture(new CompletionException(boom)));

    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(boom);
    assertResetOnce(s);
  }

  @Test
  void aStartThatThrowsFailsTheRequest() throws Exception {
    ScriptedStream s = new ScriptedStream();
    IllegalArgumentException bug = new IllegalArgumentException("bug");
    CompletableFuture<String> f =
        onOpen(
            s,
            LONG,
            st -> {
              throw bug;
            });

    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isSameAs(bug);
    assertResetOnce(s);
  }

  @Test
  void noAnswerWithinTheTimeoutIsNamedAndResetsTheStream() throws Exception {
    ScriptedStream s = new ScriptedStream();
    CompletableFuture<String> f = onOpen(s, Duration.ofMillis(1), st -> new CompletableFuture<>());

    assertThat(failure(f).kind).isEqualTo("timeout");
    assertResetOnce(s);
  }

  @Test
  void aStreamThatOpensAfterTheTimeoutIsResetAndNotUsed() throws Exception {
    CompletableFuture<Stream> opening = new CompletableFuture<>();
    List<Stream> started = new ArrayList<>();
    CompletableFuture<String> f =
        RequestStreams.request(
            opening,
            Duration.ofMillis(1),
            NAMED,
            st -> {
              started.add(st);
              return new CompletableFuture<>();
            });
    assertThat(failure(f).kind).isEqualTo("timeout");

    ScriptedStream s = new ScriptedStream();
    opening.complete(s);
    assertThat(s.resets).isEqualTo(1);
    assertThat(started).isEmpty();
  }

  @Test
  void exchangeWritesTheRequestAndReturnsTheResponseBody() throws Exception {
    ScriptedStream s = new ScriptedStream();
    CompletableFuture<byte[]> f = RequestStreams.exchange(s, new byte[] {1, 2}, 10, NAMED);
    assertThat(s.written.toByteArray()).containsExactly(2, 1, 2);
    assertThat(s.writeClosed).isTrue();

    s.listener.onData(LengthPrefixed.frame(new byte[] {7, 7, 7}));
    assertThat(f.get(30, TimeUnit.SECONDS)).containsExactly(7, 7, 7);
  }

  @Test
  void aTooLargeResponseIsABadResponse() {
    ScriptedStream s = new ScriptedStream();
    CompletableFuture<byte[]> f = RequestStreams.exchange(s, new byte[] {1}, 10, NAMED);
    s.listener.onData(LengthPrefixed.frame(new byte[11]));

    NamedFailure n = failure(f);
    assertThat(n.kind).isEqualTo("exchange");
    assertThat(n.badResponse).isTrue();
    assertThat(n.getCause()).isNotInstanceOf(CompletionException.class);
  }

  @Test
  void aResetBeforeTheResponseIsAStreamFailureNotABadResponse() {
    ScriptedStream s = new ScriptedStream();
    CompletableFuture<byte[]> f = RequestStreams.exchange(s, new byte[] {1}, 10, NAMED);
    s.listener.onReset();

    NamedFailure n = failure(f);
    assertThat(n.kind).isEqualTo("exchange");
    assertThat(n.badResponse).isFalse();
    assertThat(n.getCause()).isInstanceOf(StreamException.class);
  }

  @Test
  void unwrapTakesTheCauseOfACompletionExceptionOnly() {
    IOException io = new IOException("x");
    assertThat(RequestStreams.unwrap(new CompletionException(io))).isSameAs(io);
    assertThat(RequestStreams.unwrap(io)).isSameAs(io);
    CompletionException bare = new CompletionException("no cause", null);
    assertThat(RequestStreams.unwrap(bare)).isSameAs(bare);
  }
}

package dev.causeway.v2.reqresp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;

class RequestStreamsTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  /** A failure named by {@link Named}, so tests see which method made it. */
  static final class NamedFailure extends Exception {
    final String kind;
    final boolean badResponse;

    NamedFailure(String kind, Throwable cause, boolean badResponse) {
      super(kind, cause);
      this.kind = kind;
      this.badResponse = badResponse;
    }
  }

  private static final class Named implements RequestStreams.Failures {
    @Override
    public Throwable openFailed(Throwable cause) {
      return new NamedFailure("open", cause, false);
    }

    @Override
    public Throwable exchangeFailed(Throwable cause, boolean badResponse) {
      return new NamedFailure("exchange", cause, badResponse);
    }

    @Override
    public Throwable timedOut() {
      return new NamedFailure("timeout", null, false);
    }
  }

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

  @Test
  void anOpenFailureIsNamedWithTheUnwrappedCauseAndNothingStarts() {
    IOException cause = new IOException("no route");
    List<Stream> started = new ArrayList<>();
    CompletableFuture<String> f =
        RequestStreams.request(
            CompletableFuture.failedFuture(new CompletionException(cause)),
            LONG,
            new Named(),
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
        RequestStreams.request(
            CompletableFuture.completedFuture(s),
            LONG,
            new Named(),
            st -> CompletableFuture.supplyAsync(() -> "answer " + (st == s)));

    assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("answer true");
    assertThat(s.resets).isZero();
  }

  @Test
  void anExchangeFailureReachesTheCallerUnwrappedAndResetsTheStream() throws Exception {
    ScriptedStream s = new ScriptedStream();
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> f =
        RequestStreams.request(
            CompletableFuture.completedFuture(s),
            LONG,
            new Named(),
            st ->
                CompletableFuture.<String>completedFuture("x")
                    .thenApply(
                        x -> {
                          throw boom;
                        }));

    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(boom);
    s.resetSeen.get(30, TimeUnit.SECONDS);
    assertThat(s.resets).isEqualTo(1);
  }

  @Test
  void aStartThatThrowsFailsTheRequest() throws Exception {
    ScriptedStream s = new ScriptedStream();
    IllegalArgumentException bug = new IllegalArgumentException("bug");
    CompletableFuture<String> f =
        RequestStreams.request(
            CompletableFuture.completedFuture(s),
            LONG,
            new Named(),
            st -> {
              throw bug;
            });

    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isSameAs(bug);
    assertThat(s.resets).isEqualTo(1);
  }

  @Test
  void noAnswerWithinTheTimeoutIsNamedAndResetsTheStream() throws Exception {
    ScriptedStream s = new ScriptedStream();
    CompletableFuture<String> f =
        RequestStreams.request(
            CompletableFuture.completedFuture(s),
            Duration.ofMillis(1),
            new Named(),
            st -> new CompletableFuture<>());

    assertThat(failure(f).kind).isEqualTo("timeout");
    s.resetSeen.get(30, TimeUnit.SECONDS);
    assertThat(s.resets).isEqualTo(1);
  }

  @Test
  void aStreamThatOpensAfterTheTimeoutIsResetAndNotUsed() throws Exception {
    CompletableFuture<Stream> opening = new CompletableFuture<>();
    List<Stream> started = new ArrayList<>();
    CompletableFuture<String> f =
        RequestStreams.request(
            opening,
            Duration.ofMillis(1),
            new Named(),
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
    CompletableFuture<byte[]> f = RequestStreams.exchange(s, new byte[] {1, 2}, 10, new Named());
    assertThat(s.written.toByteArray()).containsExactly(2, 1, 2);
    assertThat(s.writeClosed).isTrue();

    s.listener.onData(LengthPrefixed.frame(new byte[] {7, 7, 7}));
    assertThat(f.get(30, TimeUnit.SECONDS)).containsExactly(7, 7, 7);
  }

  @Test
  void aTooLargeResponseIsABadResponse() {
    ScriptedStream s = new ScriptedStream();
    CompletableFuture<byte[]> f = RequestStreams.exchange(s, new byte[] {1}, 10, new Named());
    s.listener.onData(LengthPrefixed.frame(new byte[11]));

    NamedFailure n = failure(f);
    assertThat(n.kind).isEqualTo("exchange");
    assertThat(n.badResponse).isTrue();
    assertThat(n.getCause()).isNotInstanceOf(CompletionException.class);
  }

  @Test
  void aResetBeforeTheResponseIsAStreamFailureNotABadResponse() {
    ScriptedStream s = new ScriptedStream();
    CompletableFuture<byte[]> f = RequestStreams.exchange(s, new byte[] {1}, 10, new Named());
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

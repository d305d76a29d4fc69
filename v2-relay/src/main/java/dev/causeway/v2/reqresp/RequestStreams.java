package dev.causeway.v2.reqresp;

import dev.causeway.libp2p.host.LengthPrefixedExchange;
import dev.causeway.libp2p.host.Stream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The requesting side of a one-request stream (spec v2-store.md §3.5 seen from the client,
 * v2-filter-lightpush.md §3-§4): {@link #request} waits for a stream being opened, runs the
 * protocol's exchange on it and bounds the whole by a timeout, resetting the stream when the result
 * fails; {@link #exchange} writes one length-prefixed request, half-closes and reads one
 * length-prefixed response. Every failure is named by the protocol's {@link Failures}, so callers
 * see only their own typed exception.
 */
public final class RequestStreams {
  /*
   * The result future is completed only with unwrapped exceptions, so orTimeout's
   * TimeoutException and the protocol's own exceptions reach the caller as they are. The reset on
   * failure is attached once the stream exists: a result that timed out while the stream was still
   * opening resets it as soon as it opens, and the exchange is then not started. A start function
   * that throws fails the request at once (a bug, but it should not look like a slow peer).
   */

  /**
   * How a protocol names its failures: each function makes the exception to fail with.
   *
   * @param openFailed the stream could not be opened (no connection, no common protocol); gets the
   *     unwrapped cause
   * @param exchangeFailed the exchange failed: the stream broke, or the response was too large or
   *     badly framed
   * @param timedOut no result within the timeout
   */
  public record Failures(
      Function<Throwable, ? extends Throwable> openFailed,
      ExchangeFailed exchangeFailed,
      Supplier<? extends Throwable> timedOut) {
    public Failures {
      Objects.requireNonNull(openFailed, "openFailed");
      Objects.requireNonNull(exchangeFailed, "exchangeFailed");
      Objects.requireNonNull(timedOut, "timedOut");
    }
  }

  /** Names an exchange failure. */
  @FunctionalInterface
  public interface ExchangeFailed {
    /**
     * @param badResponse the response was too large or badly framed (else the stream broke)
     */
    Throwable failure(Throwable cause, boolean badResponse);
  }

  private RequestStreams() {}

  /**
   * Waits for {@code opening}, then completes with the future {@code start} returns for the stream;
   * fails with {@link Failures#timedOut()}'s exception after {@code timeout}. On any failure the
   * stream (once open) is reset.
   */
  public static <T> CompletableFuture<T> request(
      CompletableFuture<Stream> opening,
      Duration timeout,
      Failures failures,
      Function<Stream, CompletableFuture<T>> start) {
    CompletableFuture<T> result = new CompletableFuture<>();
    opening.whenComplete(
        (stream, err) -> {
          if (err != null) {
            result.completeExceptionally(failures.openFailed().apply(unwrap(err)));
            return;
          }
          result.whenComplete(
              (r, e) -> {
                if (e != null) {
                  stream.reset();
                }
              });
          if (result.isDone()) {
            return;
          }
          CompletableFuture<T> exchanged;
          try {
            exchanged = start.apply(stream);
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
          }
          exchanged.whenComplete(
              (r, e) -> {
                if (e == null) {
                  result.complete(r);
                } else {
                  result.completeExceptionally(unwrap(e));
                }
              });
        });
    return result
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .exceptionallyCompose(
            e -> {
              Throwable c = unwrap(e);
              return CompletableFuture.failedFuture(
                  c instanceof TimeoutException ? failures.timedOut().get() : c);
            });
  }

  /**
   * Writes {@code body} length-prefixed, half-closes and completes with the first length-prefixed
   * response body (at most {@code maxResponse} bytes); fails with {@link
   * Failures#exchangeFailed()}'s exception.
   */
  public static CompletableFuture<byte[]> exchange(
      Stream stream, byte[] body, int maxResponse, Failures failures) {
    return LengthPrefixedExchange.exchange(stream, body, maxResponse)
        .exceptionallyCompose(
            e -> {
              Throwable c = unwrap(e);
              return CompletableFuture.failedFuture(
                  failures
                      .exchangeFailed()
                      .failure(
                          c,
                          c instanceof LengthPrefixedExchange.ExchangeException x
                              && x.badResponse()));
            });
  }

  /** The cause of a failed future's exception, unwrapped from {@link CompletionException}. */
  public static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}

package dev.causeway.v2.store;

import dev.causeway.libp2p.host.LengthPrefixedExchange;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.peer.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The requesting side shared by the store clients (spec v2-store.md §3.5 step 1 seen from the
 * client): opens a stream for one protocol id, writes one length-prefixed request, half-closes and
 * completes with the first length-prefixed response body (at most {@code maxResponse} bytes).
 * Failures complete with a {@link StoreException}; on failure or timeout the stream is reset.
 */
public final class StoreStreams {
  private StoreStreams() {}

  public static CompletableFuture<byte[]> request(
      Libp2pHost host,
      PeerId peer,
      String protocol,
      byte[] body,
      int maxResponse,
      Duration timeout) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    host.newStream(peer, List.of(protocol))
        .whenComplete(
            (stream, err) -> {
              if (err != null) {
                Throwable cause = err instanceof CompletionException ? err.getCause() : err;
                result.completeExceptionally(
                    new StoreException(
                        StoreException.Reason.STREAM_OPEN_FAILED,
                        "cannot open " + protocol + " stream: " + cause.getMessage(),
                        cause));
                return;
              }
              result.whenComplete(
                  (r, e) -> {
                    if (e != null) {
                      stream.reset();
                    }
                  });
              if (!result.isDone()) {
                exchange(stream, body, maxResponse, result);
              }
            });
    return result
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .exceptionallyCompose(
            e ->
                CompletableFuture.failedFuture(
                    e instanceof TimeoutException
                        ? new StoreException(
                            StoreException.Reason.TIMEOUT, "no response within " + timeout)
                        : e));
  }

  private static void exchange(
      Stream stream, byte[] body, int maxResponse, CompletableFuture<byte[]> result) {
    LengthPrefixedExchange.exchange(stream, body, maxResponse)
        .whenComplete(
            (response, e) -> {
              if (e == null) {
                result.complete(response);
                return;
              }
              Throwable c = unwrap(e);
              StoreException.Reason reason =
                  c instanceof LengthPrefixedExchange.ExchangeException x && x.badResponse()
                      ? StoreException.Reason.MALFORMED
                      : StoreException.Reason.STREAM_FAILED;
              result.completeExceptionally(new StoreException(reason, c.getMessage(), c));
            });
  }

  /** The cause of a failed future's exception, unwrapped from {@link CompletionException}. */
  public static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}

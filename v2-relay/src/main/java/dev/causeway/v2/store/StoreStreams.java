package dev.causeway.v2.store;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.MessageTooLargeException;
import dev.causeway.libp2p.varint.VarintException;
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
    LengthPrefixedReader reader = new LengthPrefixedReader(maxResponse);
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            if (result.isDone()) {
              return;
            }
            try {
              reader.read(data, 0, data.length);
              if (reader.hasMessage()) {
                result.complete(reader.takeMessage());
              }
            } catch (MessageTooLargeException e) {
              result.completeExceptionally(
                  new StoreException(StoreException.Reason.MALFORMED, "response too large", e));
            } catch (VarintException e) {
              result.completeExceptionally(
                  new StoreException(StoreException.Reason.MALFORMED, "bad length prefix", e));
            }
          }

          @Override
          public void onRemoteClose() {
            result.completeExceptionally(
                new StoreException(
                    StoreException.Reason.STREAM_FAILED, "stream closed before a response"));
          }

          @Override
          public void onReset() {
            result.completeExceptionally(
                new StoreException(StoreException.Reason.STREAM_FAILED, "stream reset"));
          }
        });
    stream
        .write(LengthPrefixed.frame(body))
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                result.completeExceptionally(
                    new StoreException(
                        StoreException.Reason.STREAM_FAILED, "request write failed", e));
              }
            });
    stream.closeWrite();
  }

  /** The cause of a failed future's exception, unwrapped from {@link CompletionException}. */
  public static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}

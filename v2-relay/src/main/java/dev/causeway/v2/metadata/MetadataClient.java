package dev.causeway.v2.metadata;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.LengthPrefixedExchange;
import dev.causeway.libp2p.host.Stream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Requests a peer's metadata over {@code /vac/waku/metadata/1.0.0} (spec
 * v2-message-relay-sharding.md §1.2, §7): opens a stream, writes our own metadata as one
 * length-prefixed request, half-closes, and completes with the first length-prefixed response (at
 * most {@value MetadataCodec#MAX_MESSAGE_SIZE} bytes). Every failure completes the future with a
 * {@link MetadataException} whose reason says what went wrong; on failure or timeout the stream is
 * reset.
 */
public final class MetadataClient {
  /*
   * We half-close right after the request: js-waku's responder collects the whole request side
   * until EOF before it finishes (it answers first, then reads "all" of our stream), and nwaku's
   * responder reads exactly one message, so an early EOF suits both. The response completes the
   * future as soon as it is whole; we do not wait for the peer's EOF.
   *
   * The timer runs on the connection's executor, the same event loop that delivers stream events,
   * so the future's completion and the reset cannot interleave with a listener callback.
   */
  private final Supplier<Metadata> self;
  private final Duration timeout;

  public MetadataClient(Supplier<Metadata> self, Duration timeout) {
    this.self = self;
    this.timeout = timeout;
  }

  public MetadataClient(MetadataConfig config) {
    this(config::local, config.timeout());
  }

  /** Runs one metadata exchange with {@code connection}'s peer. */
  public CompletableFuture<Metadata> exchange(Connection connection) {
    CompletableFuture<Metadata> result = new CompletableFuture<>();
    ScheduledFuture<?> timer =
        connection
            .executor()
            .schedule(
                () -> {
                  result.completeExceptionally(
                      new MetadataException(
                          MetadataException.Reason.TIMEOUT,
                          "no metadata response within " + timeout));
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    result.whenComplete((m, e) -> timer.cancel(false));
    connection
        .newStream(List.of(MetadataProtocol.ID))
        .whenComplete(
            (stream, err) -> {
              if (err != null) {
                Throwable cause = err instanceof CompletionException ? err.getCause() : err;
                result.completeExceptionally(
                    new MetadataException(
                        MetadataException.Reason.STREAM_OPEN_FAILED,
                        "cannot open metadata stream: " + cause.getMessage(),
                        cause));
                return;
              }
              result.whenComplete(
                  (m, e) -> {
                    if (e != null) {
                      stream.reset();
                    }
                  });
              if (!result.isDone()) {
                request(stream, result);
              }
            });
    return result;
  }

  /** The one request/response on the stream, by libp2p's {@link LengthPrefixedExchange}. */
  private void request(Stream stream, CompletableFuture<Metadata> result) {
    LengthPrefixedExchange.exchange(
            stream, MetadataCodec.encodeRequest(self.get()), MetadataCodec.MAX_MESSAGE_SIZE)
        .whenComplete(
            (body, err) -> {
              if (err != null) {
                result.completeExceptionally(failure(err));
                return;
              }
              try {
                result.complete(MetadataCodec.decodeResponse(body));
              } catch (MetadataException e) {
                result.completeExceptionally(e);
              }
            });
  }

  /** Names a failed exchange as a {@link MetadataException}. */
  private static MetadataException failure(Throwable err) {
    Throwable cause =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    LengthPrefixedExchange.Failure f =
        cause instanceof LengthPrefixedExchange.ExchangeException x
            ? x.failure()
            : LengthPrefixedExchange.Failure.RESET;
    return switch (f) {
      case TOO_LARGE ->
          new MetadataException(
              MetadataException.Reason.TOO_LARGE, "metadata response too large", cause);
      case BAD_FRAME ->
          new MetadataException(
              MetadataException.Reason.MALFORMED, "bad metadata length prefix", cause);
      case CLOSED ->
          new MetadataException(
              MetadataException.Reason.STREAM_FAILED,
              "metadata stream closed before a complete response",
              cause);
      case WRITE_FAILED ->
          new MetadataException(
              MetadataException.Reason.STREAM_FAILED, "metadata request write failed", cause);
      case RESET ->
          new MetadataException(
              MetadataException.Reason.STREAM_FAILED, "metadata stream reset", cause);
    };
  }
}

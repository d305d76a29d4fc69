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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Queries a store v3 service node over {@code /vac/waku/store-query/3.0.0} (spec v2-store.md §2,
 * §3.3): one stream per request, the request length-prefixed, a half-close, and one length-prefixed
 * response of at most {@link StoreCodec#MAX_RESPONSE_SIZE} bytes. {@link #query} returns whatever
 * status the server sent; {@link #queryAll} pages with the returned cursor until there is none and
 * fails on any non-2xx status. Failures complete the futures with a {@link StoreException}; on
 * failure or timeout the stream is reset.
 */
public final class StoreClient {
  /*
   * Paging follows the server's pagination_cursor (go-waku, nwaku), not js-waku's "until an empty
   * page" rule: with a cursor-emitting server both end at the same entry, and ours needs one
   * request fewer. Each page is requested only after the previous one arrived, so at most one
   * stream is open per queryAll.
   */
  private final Libp2pHost host;
  private final Duration timeout;
  private final Supplier<String> requestIds;

  /** A client with random UUID request ids. */
  public StoreClient(Libp2pHost host, Duration timeout) {
    this(host, timeout, () -> UUID.randomUUID().toString());
  }

  public StoreClient(Libp2pHost host, Duration timeout, Supplier<String> requestIds) {
    this.host = host;
    this.timeout = timeout;
    this.requestIds = requestIds;
  }

  /** A fresh request id from this client's supplier. */
  public String newRequestId() {
    return requestIds.get();
  }

  /** Sends one request and completes with the response, whatever its status. */
  public CompletableFuture<StoreQueryResponse> query(PeerId peer, StoreQueryRequest request) {
    CompletableFuture<StoreQueryResponse> result = new CompletableFuture<>();
    host.newStream(peer, List.of(StoreProtocol.ID))
        .whenComplete(
            (stream, err) -> {
              if (err != null) {
                Throwable cause = err instanceof CompletionException ? err.getCause() : err;
                result.completeExceptionally(
                    new StoreException(
                        StoreException.Reason.STREAM_OPEN_FAILED,
                        "cannot open store stream: " + cause.getMessage(),
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
                exchange(stream, request, result);
              }
            });
    return result
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .exceptionallyCompose(
            e ->
                CompletableFuture.failedFuture(
                    e instanceof TimeoutException
                        ? new StoreException(
                            StoreException.Reason.TIMEOUT, "no store response within " + timeout)
                        : e));
  }

  private static void exchange(
      Stream stream, StoreQueryRequest request, CompletableFuture<StoreQueryResponse> result) {
    LengthPrefixedReader reader = new LengthPrefixedReader(StoreCodec.MAX_RESPONSE_SIZE);
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
                result.complete(StoreCodec.decodeResponse(reader.takeMessage()));
              }
            } catch (MessageTooLargeException e) {
              result.completeExceptionally(
                  new StoreException(StoreException.Reason.MALFORMED, "response too large", e));
            } catch (VarintException e) {
              result.completeExceptionally(
                  new StoreException(StoreException.Reason.MALFORMED, "bad length prefix", e));
            } catch (StoreCodecException e) {
              result.completeExceptionally(
                  new StoreException(StoreException.Reason.MALFORMED, e.getMessage(), e));
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
        .write(LengthPrefixed.frame(StoreCodec.encodeRequest(request)))
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

  /**
   * Pages through all results of {@code first}: hands each 2xx page to {@code onPage} in order and
   * requests the next one with the page's cursor (and a fresh request id) until a page has none.
   * Completes with the number of pages.
   *
   * @param maxPages give up (with {@link StoreException.Reason#TOO_MANY_PAGES}) beyond this many
   */
  public CompletableFuture<Integer> queryAll(
      PeerId peer, StoreQueryRequest first, int maxPages, Consumer<StoreQueryResponse> onPage) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    next(peer, first, 1, maxPages, onPage, done);
    return done;
  }

  /** {@link #queryAll(PeerId, StoreQueryRequest, int, Consumer)} collecting every entry. */
  public CompletableFuture<List<WakuMessageKeyValue>> queryAll(
      PeerId peer, StoreQueryRequest first, int maxPages) {
    List<WakuMessageKeyValue> all = new ArrayList<>();
    return queryAll(peer, first, maxPages, page -> all.addAll(page.messages()))
        .thenApply(n -> List.copyOf(all));
  }

  private void next(
      PeerId peer,
      StoreQueryRequest request,
      int pageNo,
      int maxPages,
      Consumer<StoreQueryResponse> onPage,
      CompletableFuture<Integer> done) {
    query(peer, request)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                done.completeExceptionally(
                    e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                return;
              }
              if (!r.isSuccess()) {
                done.completeExceptionally(
                    new StoreException(
                        r.statusCode(),
                        "store answered "
                            + (r.statusCode().isPresent()
                                ? Integer.toUnsignedString(r.statusCode().getAsInt())
                                : "no status")
                            + ": "
                            + r.statusDesc()));
                return;
              }
              try {
                onPage.accept(r);
              } catch (RuntimeException x) {
                done.completeExceptionally(x);
                return;
              }
              if (r.paginationCursor().isEmpty()) {
                done.complete(pageNo);
              } else if (pageNo >= maxPages) {
                done.completeExceptionally(
                    new StoreException(
                        StoreException.Reason.TOO_MANY_PAGES, "more than " + maxPages + " pages"));
              } else {
                next(
                    peer,
                    request.withCursor(requestIds.get(), r.paginationCursor().get()),
                    pageNo + 1,
                    maxPages,
                    onPage,
                    done);
              }
            });
  }
}

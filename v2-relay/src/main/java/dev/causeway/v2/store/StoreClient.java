package dev.causeway.v2.store;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.peer.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
    return StoreStreams.request(
            host,
            peer,
            StoreProtocol.ID,
            StoreCodec.encodeRequest(request),
            StoreCodec.MAX_RESPONSE_SIZE,
            timeout)
        .thenCompose(
            body -> {
              try {
                return CompletableFuture.completedFuture(StoreCodec.decodeResponse(body));
              } catch (StoreCodecException e) {
                return CompletableFuture.failedFuture(
                    new StoreException(StoreException.Reason.MALFORMED, e.getMessage(), e));
              }
            });
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
                done.completeExceptionally(StoreStreams.unwrap(e));
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

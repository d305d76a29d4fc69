package dev.causeway.v2.store;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.core.MessageHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        timeout,
        StoreCodec::decodeResponse);
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
    return StorePaging.all(new Pages(peer), first, maxPages, onPage);
  }

  /** {@link #queryAll(PeerId, StoreQueryRequest, int, Consumer)} collecting every entry. */
  public CompletableFuture<List<WakuMessageKeyValue>> queryAll(
      PeerId peer, StoreQueryRequest first, int maxPages) {
    List<WakuMessageKeyValue> all = new ArrayList<>();
    return queryAll(peer, first, maxPages, page -> all.addAll(page.messages()))
        .thenApply(n -> List.copyOf(all));
  }

  /** Store v3 paging: non-2xx is a refusal; the next query takes a fresh request id. */
  private final class Pages
      implements StorePaging.Pages<StoreQueryRequest, StoreQueryResponse, MessageHash> {
    private final PeerId peer;

    Pages(PeerId peer) {
      this.peer = peer;
    }

    @Override
    public CompletableFuture<StoreQueryResponse> fetch(StoreQueryRequest request) {
      return query(peer, request);
    }

    @Override
    public Optional<StoreException> refusal(StoreQueryResponse r) {
      if (r.isSuccess()) {
        return Optional.empty();
      }
      return Optional.of(
          new StoreException(
              r.statusCode(),
              "store answered "
                  + (r.statusCode().isPresent()
                      ? Integer.toUnsignedString(r.statusCode().getAsInt())
                      : "no status")
                  + ": "
                  + r.statusDesc()));
    }

    @Override
    public Optional<MessageHash> cursor(StoreQueryResponse r) {
      return r.paginationCursor();
    }

    @Override
    public StoreQueryRequest next(StoreQueryRequest request, MessageHash cursor) {
      return request.withCursor(requestIds.get(), cursor);
    }
  }
}

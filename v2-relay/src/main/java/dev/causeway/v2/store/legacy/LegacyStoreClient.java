package dev.causeway.v2.store.legacy;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.store.StoreException;
import dev.causeway.v2.store.StorePaging;
import dev.causeway.v2.store.StoreStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Queries a legacy store {@code /vac/waku/store/2.0.0-beta4} (spec v2-store.md §4): one stream per
 * {@code HistoryRPC}. {@link #query} returns the response whatever its error field; {@link
 * #queryAll} follows the response cursor until there is none and fails on any error other than
 * {@code NONE} ({@link StoreException.Reason#STATUS}, the error code as status).
 */
public final class LegacyStoreClient {
  private final Libp2pHost host;
  private final Duration timeout;
  private final Supplier<String> requestIds;

  public LegacyStoreClient(Libp2pHost host, Duration timeout) {
    this(host, timeout, () -> UUID.randomUUID().toString());
  }

  public LegacyStoreClient(Libp2pHost host, Duration timeout, Supplier<String> requestIds) {
    this.host = host;
    this.timeout = timeout;
    this.requestIds = requestIds;
  }

  /** Sends {@code query} and completes with the {@code HistoryRPC} answer. */
  public CompletableFuture<HistoryRpc> query(PeerId peer, HistoryQuery query) {
    return StoreStreams.request(
        host,
        peer,
        LegacyStoreProtocol.ID,
        LegacyStoreCodec.encode(HistoryRpc.query(requestIds.get(), query)),
        LegacyStoreCodec.MAX_RESPONSE_SIZE,
        timeout,
        body -> {
          HistoryRpc rpc = LegacyStoreCodec.decode(body, LegacyStoreCodec.MAX_RESPONSE_SIZE);
          if (rpc.response().isEmpty()) {
            throw new StoreException(
                StoreException.Reason.MALFORMED, "HistoryRPC without a response");
          }
          return rpc;
        });
  }

  /**
   * Pages through {@code first}, handing each page's response to {@code onPage}; completes with the
   * number of pages.
   */
  public CompletableFuture<Integer> queryAll(
      PeerId peer, HistoryQuery first, int maxPages, Consumer<HistoryResponse> onPage) {
    return StorePaging.all(new Pages(peer), first, maxPages, onPage);
  }

  /** {@link #queryAll(PeerId, HistoryQuery, int, Consumer)} collecting the messages in order. */
  public CompletableFuture<List<WakuMessage>> queryAll(
      PeerId peer, HistoryQuery first, int maxPages) {
    List<WakuMessage> all = new ArrayList<>();
    return queryAll(peer, first, maxPages, r -> all.addAll(r.messages()))
        .thenApply(n -> List.copyOf(all));
  }

  /** Legacy paging: any error other than {@code NONE} is a refusal, its code the status. */
  private final class Pages implements StorePaging.Pages<HistoryQuery, HistoryResponse, Index> {
    private final PeerId peer;

    Pages(PeerId peer) {
      this.peer = peer;
    }

    @Override
    public CompletableFuture<HistoryResponse> fetch(HistoryQuery q) {
      return query(peer, q).thenApply(rpc -> rpc.response().orElseThrow());
    }

    @Override
    public Optional<StoreException> refusal(HistoryResponse r) {
      return r.error() == HistoryResponse.NONE
          ? Optional.empty()
          : Optional.of(
              new StoreException(OptionalInt.of(r.error()), "legacy store error " + r.error()));
    }

    @Override
    public Optional<Index> cursor(HistoryResponse r) {
      return r.pagingInfo().flatMap(PagingInfo::cursor);
    }

    @Override
    public HistoryQuery next(HistoryQuery q, Index cursor) {
      return q.withCursor(cursor);
    }
  }
}

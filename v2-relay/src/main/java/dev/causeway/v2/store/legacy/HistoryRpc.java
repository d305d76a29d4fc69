package dev.causeway.v2.store.legacy;

import java.util.Optional;

/** The legacy store envelope {@code HistoryRPC} (spec v2-store.md §4): a query or a response. */
public record HistoryRpc(
    String requestId, Optional<HistoryQuery> query, Optional<HistoryResponse> response) {
  public static HistoryRpc query(String requestId, HistoryQuery q) {
    return new HistoryRpc(requestId, Optional.of(q), Optional.empty());
  }

  public static HistoryRpc response(String requestId, HistoryResponse r) {
    return new HistoryRpc(requestId, Optional.empty(), Optional.of(r));
  }
}

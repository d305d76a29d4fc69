package dev.causeway.v2.store;

import dev.causeway.v2.core.MessageHash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A store v3 {@code StoreQueryResponse} (spec v2-store.md §2, §3.3, §3.4) as an immutable value.
 * {@code statusCode} is absent only in responses decoded from peers that omit it (which every
 * client treats as failure); ours always carry code and description.
 */
public record StoreQueryResponse(
    String requestId,
    OptionalInt statusCode,
    String statusDesc,
    List<WakuMessageKeyValue> messages,
    Optional<MessageHash> paginationCursor) {

  public StoreQueryResponse {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(statusCode, "statusCode");
    Objects.requireNonNull(statusDesc, "statusDesc");
    messages = List.copyOf(messages);
    Objects.requireNonNull(paginationCursor, "paginationCursor");
  }

  /** A 200 answer. */
  public static StoreQueryResponse ok(
      String requestId, List<WakuMessageKeyValue> messages, Optional<MessageHash> cursor) {
    return new StoreQueryResponse(
        requestId, OptionalInt.of(StoreStatus.OK), StoreStatus.OK_DESC, messages, cursor);
  }

  /** A failure answer without entries. */
  public static StoreQueryResponse error(String requestId, int code, String desc) {
    return new StoreQueryResponse(
        requestId, OptionalInt.of(code), desc, List.of(), Optional.empty());
  }

  /** True for a 2xx status code. */
  public boolean isSuccess() {
    return statusCode.isPresent() && statusCode.getAsInt() >= 200 && statusCode.getAsInt() < 300;
  }
}

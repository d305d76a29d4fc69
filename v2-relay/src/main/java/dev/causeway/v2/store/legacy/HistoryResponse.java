package dev.causeway.v2.store.legacy;

import dev.causeway.v2.core.WakuMessage;
import java.util.List;
import java.util.Optional;

/**
 * A legacy store {@code HistoryResponse} (spec v2-store.md §4): messages oldest first, paging info
 * whose cursor is present iff more pages remain, and the error code ({@link #NONE}, {@link
 * #INVALID_CURSOR}, and as nwaku also {@link #TOO_MANY_REQUESTS}, {@link #SERVICE_UNAVAILABLE}).
 */
public record HistoryResponse(
    List<WakuMessage> messages, Optional<PagingInfo> pagingInfo, int error) {
  public static final int NONE = 0;
  public static final int INVALID_CURSOR = 1;
  public static final int TOO_MANY_REQUESTS = 429;
  public static final int SERVICE_UNAVAILABLE = 503;

  public HistoryResponse {
    messages = List.copyOf(messages);
  }

  public static HistoryResponse error(int code) {
    return new HistoryResponse(List.of(), Optional.empty(), code);
  }
}

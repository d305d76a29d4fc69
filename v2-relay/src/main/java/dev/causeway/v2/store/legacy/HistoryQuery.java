package dev.causeway.v2.store.legacy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A legacy store {@code HistoryQuery} (spec v2-store.md §4). An empty {@code pubsubTopic} and an
 * empty {@code contentTopics} list mean "no filter" on that dimension; times are ns, inclusive.
 */
public record HistoryQuery(
    String pubsubTopic,
    List<String> contentTopics,
    Optional<PagingInfo> pagingInfo,
    OptionalLong startTime,
    OptionalLong endTime) {
  public HistoryQuery {
    contentTopics = List.copyOf(contentTopics);
  }

  /** The same query continuing at {@code cursor}. */
  public HistoryQuery withCursor(Index cursor) {
    PagingInfo p = pagingInfo.orElse(new PagingInfo(0, Optional.empty(), PagingInfo.BACKWARD));
    return new HistoryQuery(
        pubsubTopic,
        contentTopics,
        Optional.of(new PagingInfo(p.pageSize(), Optional.of(cursor), p.direction())),
        startTime,
        endTime);
  }
}

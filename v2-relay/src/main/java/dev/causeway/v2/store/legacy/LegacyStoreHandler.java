package dev.causeway.v2.store.legacy;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.PubsubTopicException;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.store.StoreConfig;
import dev.causeway.v2.store.StoreStatus;
import dev.causeway.v2.store.archive.ArchiveException;
import dev.causeway.v2.store.archive.ArchivePage;
import dev.causeway.v2.store.archive.ArchiveQuery;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.MessageArchive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The serving side of legacy store v2 without I/O (spec v2-store.md §4), on the same {@link
 * MessageArchive} as store v3 (blocking: call it on a worker).
 *
 * <p>nwaku semantics: empty pubsub topic / content filters mean no filter; more than {@value
 * #MAX_CONTENT_TOPICS} content topics are refused; page size 0 means the default, larger than the
 * maximum is clamped; direction BACKWARD (0, the default) or FORWARD (1); messages always oldest
 * first; start and end time inclusive; the response cursor is the {@link Index} of the last message
 * in traversal order and present iff more remain. Every bad request (and an unknown or malformed
 * cursor) is answered with {@code INVALID_CURSOR}, as nwaku does; an archive that is closed or
 * overloaded with {@code SERVICE_UNAVAILABLE}.
 *
 * <p>Cursor mapping: see {@link Index}; {@code digest} is the archive cursor (message hash).
 */
public final class LegacyStoreHandler {
  /** nwaku refuses more content topics than this in legacy queries ("too many content topics"). */
  public static final int MAX_CONTENT_TOPICS = 10;

  private static final byte[] ZERO = new byte[MessageHash.LENGTH];

  private final MessageArchive archive;
  private final StoreConfig config;

  public LegacyStoreHandler(MessageArchive archive, StoreConfig config) {
    this.archive = archive;
    this.config = config;
  }

  /** The answer and the v3-equivalent status (for metrics). */
  public record Result(HistoryResponse response, int status) {}

  public Result handle(HistoryQuery q) {
    if (q.contentTopics().size() > MAX_CONTENT_TOPICS) {
      return invalid();
    }
    Optional<PubsubTopic> topic = Optional.empty();
    if (!q.pubsubTopic().isEmpty()) {
      try {
        topic = Optional.of(PubsubTopic.parse(q.pubsubTopic()));
      } catch (PubsubTopicException e) {
        return invalid();
      }
    }
    PagingInfo paging =
        q.pagingInfo().orElse(new PagingInfo(0, Optional.empty(), PagingInfo.BACKWARD));
    Optional<MessageHash> cursor = Optional.empty();
    if (paging.cursor().isPresent()) {
      Index c = paging.cursor().get();
      if (c.pubsubTopic().isEmpty()
          || c.senderTime() == 0
          || c.receiverTime() == 0
          || Arrays.equals(c.digest().bytes(), ZERO)) {
        return invalid();
      }
      cursor = Optional.of(c.digest());
    }
    if (q.startTime().isPresent()
        && q.endTime().isPresent()
        && q.startTime().getAsLong() > q.endTime().getAsLong()) {
      return invalid();
    }
    ArchivePage page;
    try {
      page =
          archive.query(
              new ArchiveQuery(
                  topic,
                  q.contentTopics(),
                  q.startTime(),
                  q.endTime(),
                  List.of(),
                  cursor,
                  paging.forward(),
                  config.pageSize(OptionalLong.of(paging.pageSize()))));
    } catch (ArchiveException e) {
      return switch (e.kind()) {
        case CLOSED, OVERLOADED ->
            new Result(
                HistoryResponse.error(HistoryResponse.SERVICE_UNAVAILABLE),
                StoreStatus.SERVICE_UNAVAILABLE);
        case INVALID_QUERY -> invalid();
        case CURSOR_NOT_FOUND, DRIVER_ERROR ->
            new Result(
                HistoryResponse.error(HistoryResponse.INVALID_CURSOR), StoreStatus.BAD_RESPONSE);
      };
    } catch (RuntimeException e) {
      return new Result(
          HistoryResponse.error(HistoryResponse.INVALID_CURSOR), StoreStatus.BAD_RESPONSE);
    }
    List<WakuMessage> messages = new ArrayList<>(page.messages().size());
    Optional<Index> next = Optional.empty();
    for (ArchivedMessage m : page.messages()) {
      messages.add(m.message());
      if (page.nextCursor().isPresent() && page.nextCursor().get().equals(m.hash())) {
        next = Optional.of(indexOf(m));
      }
    }
    return new Result(
        new HistoryResponse(
            messages,
            Optional.of(new PagingInfo(messages.size(), next, paging.direction())),
            HistoryResponse.NONE),
        StoreStatus.OK);
  }

  /** The cursor our server hands out for {@code m}. */
  public static Index indexOf(ArchivedMessage m) {
    long ts = m.message().timestampOrZero();
    return new Index(m.hash(), ts, ts, m.pubsubTopic().toString());
  }

  private static Result invalid() {
    return new Result(
        HistoryResponse.error(HistoryResponse.INVALID_CURSOR), StoreStatus.BAD_REQUEST);
  }
}

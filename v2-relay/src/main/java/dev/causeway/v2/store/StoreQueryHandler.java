package dev.causeway.v2.store;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.store.archive.ArchiveException;
import dev.causeway.v2.store.archive.ArchivePage;
import dev.causeway.v2.store.archive.ArchiveQuery;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.MessageArchive;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of store v3 without I/O (spec v2-store.md §3.2-§3.5): validates a decoded {@link
 * StoreQueryRequest}, runs it against the {@link MessageArchive} (blocking: call it on a worker,
 * never on an event loop) and builds the one {@link StoreQueryResponse}.
 *
 * <p>Rules (each refusal is a 400 with the request id echoed):
 *
 * <ul>
 *   <li>Without hashes, {@code pubsub_topic} and {@code content_topics} must be given together or
 *       not at all (spec §3.2); neither means "all entries".
 *   <li>{@code pubsub_topic} and {@code content_topics} combined with hashes are tolerated and
 *       ANDed (js-waku sends {@code pubsub_topic} with its hash queries; nwaku ANDs).
 *   <li>At most {@link StoreConfig#maxContentTopics()} content topics and {@link
 *       StoreConfig#maxHashes()} hashes; the cursor must not be all zeroes; {@code time_start <=
 *       time_end}.
 *   <li>{@code time_start} and {@code time_end} are both <b>inclusive</b> (nwaku parity, §3.2).
 *   <li>Page size: {@link StoreConfig#pageSize}; the archive probes {@code limit + 1}.
 * </ul>
 *
 * <p>Archive errors: {@code INVALID_QUERY} → 400; {@code CURSOR_NOT_FOUND} and {@code DRIVER_ERROR}
 * → 300 (nwaku's {@code BAD_RESPONSE}, desc {@code archive error: <kind>: <cause>}); {@code CLOSED}
 * and {@code OVERLOADED} → 503.
 */
public final class StoreQueryHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StoreQueryHandler.class);
  private static final byte[] ZERO_HASH = new byte[MessageHash.LENGTH];

  private final MessageArchive archive;
  private final StoreConfig config;
  private final Clock clock;
  private final StoreMetrics metrics;

  public StoreQueryHandler(
      MessageArchive archive, StoreConfig config, Clock clock, StoreMetrics metrics) {
    this.archive = archive;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Answers {@code r} (blocking on the archive). */
  public StoreQueryResponse handle(StoreQueryRequest r) {
    String id = r.requestId();
    Optional<String> invalid = validate(r);
    if (invalid.isPresent()) {
      return StoreQueryResponse.error(
          id, StoreStatus.BAD_REQUEST, "invalid query: " + invalid.get());
    }
    ArchiveQuery q =
        new ArchiveQuery(
            r.pubsubTopic(),
            r.contentTopics(),
            r.timeStart(),
            r.timeEnd(),
            r.messageHashes(),
            r.paginationCursor(),
            r.paginationForward(),
            config.pageSize(r.paginationLimit()));
    ArchivePage page;
    long start = clock.millis();
    try {
      page = archive.query(q);
    } catch (ArchiveException e) {
      return StoreQueryResponse.error(id, statusOf(e.kind()), archiveError(e));
    } catch (RuntimeException e) {
      LOG.warn("archive query failed", e);
      return StoreQueryResponse.error(
          id, StoreStatus.BAD_RESPONSE, "archive error: DRIVER_ERROR: " + e);
    } finally {
      metrics.queryTime(Duration.ofMillis(Math.max(0, clock.millis() - start)));
    }
    List<WakuMessageKeyValue> out = new ArrayList<>(page.messages().size());
    for (ArchivedMessage m : page.messages()) {
      out.add(
          r.includeData()
              ? WakuMessageKeyValue.of(m.hash(), m.pubsubTopic(), m.message())
              : WakuMessageKeyValue.hashOnly(m.hash()));
    }
    return StoreQueryResponse.ok(id, out, page.nextCursor());
  }

  /** The reason {@code r} is refused, if it is. */
  Optional<String> validate(StoreQueryRequest r) {
    if (r.messageHashes().isEmpty() && r.pubsubTopic().isPresent() == r.contentTopics().isEmpty()) {
      return Optional.of("pubsub_topic and content_topics must be given together");
    }
    if (r.contentTopics().size() > config.maxContentTopics()) {
      return Optional.of("more than " + config.maxContentTopics() + " content topics");
    }
    if (r.messageHashes().size() > config.maxHashes()) {
      return Optional.of("more than " + config.maxHashes() + " message hashes");
    }
    if (r.paginationCursor().isPresent()
        && Arrays.equals(r.paginationCursor().get().bytes(), ZERO_HASH)) {
      return Optional.of("all zeroes cursor hash");
    }
    if (r.timeStart().isPresent()
        && r.timeEnd().isPresent()
        && r.timeStart().getAsLong() > r.timeEnd().getAsLong()) {
      return Optional.of("time_start after time_end");
    }
    return Optional.empty();
  }

  /** The v3 status for an archive failure. */
  public static int statusOf(ArchiveException.Kind kind) {
    return switch (kind) {
      case INVALID_QUERY -> StoreStatus.BAD_REQUEST;
      case CURSOR_NOT_FOUND, DRIVER_ERROR -> StoreStatus.BAD_RESPONSE;
      case CLOSED, OVERLOADED -> StoreStatus.SERVICE_UNAVAILABLE;
    };
  }

  static String archiveError(ArchiveException e) {
    // ArchiveException messages already start with "<kind>: ".
    return "archive error: " + e.getMessage();
  }
}

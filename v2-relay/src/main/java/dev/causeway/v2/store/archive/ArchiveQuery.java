package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page request against a {@link MessageArchive} (spec v2-store.md §3.2, §3.3). All present
 * criteria are ANDed (nwaku parity, §3.2 "mixed criteria are not rejected"): pubsub topic equals,
 * content topic in {@code contentTopics} (empty = any), {@code startTimeNanos <= timestamp <=
 * endTimeNanos} (both inclusive: nwaku applies {@code time_end} inclusively, §3.2), hash in {@code
 * hashes} (empty = any). {@code cursor} is the hash of a stored entry; the page starts strictly
 * after it in traversal order. {@code forward} = ascending {@code (timestamp, hash)}. {@code limit}
 * is the page size, already clamped by the caller (store protocol: default 20, max 100).
 */
public record ArchiveQuery(
    Optional<PubsubTopic> pubsubTopic,
    List<String> contentTopics,
    OptionalLong startTimeNanos,
    OptionalLong endTimeNanos,
    List<MessageHash> hashes,
    Optional<MessageHash> cursor,
    boolean forward,
    int limit) {
  public ArchiveQuery {
    Objects.requireNonNull(pubsubTopic, "pubsubTopic");
    contentTopics = List.copyOf(contentTopics);
    Objects.requireNonNull(startTimeNanos, "startTimeNanos");
    Objects.requireNonNull(endTimeNanos, "endTimeNanos");
    hashes = List.copyOf(hashes);
    Objects.requireNonNull(cursor, "cursor");
  }

  /** A query matching everything, forward, with the given page size; refine with the withers. */
  public static ArchiveQuery all(int limit) {
    return new ArchiveQuery(
        Optional.empty(),
        List.of(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        List.of(),
        Optional.empty(),
        true,
        limit);
  }

  public ArchiveQuery withPubsubTopic(PubsubTopic topic) {
    return new ArchiveQuery(
        Optional.of(topic),
        contentTopics,
        startTimeNanos,
        endTimeNanos,
        hashes,
        cursor,
        forward,
        limit);
  }

  public ArchiveQuery withContentTopics(List<String> topics) {
    return new ArchiveQuery(
        pubsubTopic, topics, startTimeNanos, endTimeNanos, hashes, cursor, forward, limit);
  }

  /** Inclusive bounds; null leaves a bound open. */
  public ArchiveQuery withTimeRange(Long startNanos, Long endNanos) {
    return new ArchiveQuery(
        pubsubTopic,
        contentTopics,
        startNanos == null ? OptionalLong.empty() : OptionalLong.of(startNanos),
        endNanos == null ? OptionalLong.empty() : OptionalLong.of(endNanos),
        hashes,
        cursor,
        forward,
        limit);
  }

  public ArchiveQuery withHashes(List<MessageHash> hs) {
    return new ArchiveQuery(
        pubsubTopic, contentTopics, startTimeNanos, endTimeNanos, hs, cursor, forward, limit);
  }

  public ArchiveQuery withCursor(Optional<MessageHash> c) {
    return new ArchiveQuery(
        pubsubTopic, contentTopics, startTimeNanos, endTimeNanos, hashes, c, forward, limit);
  }

  public ArchiveQuery withForward(boolean f) {
    return new ArchiveQuery(
        pubsubTopic, contentTopics, startTimeNanos, endTimeNanos, hashes, cursor, f, limit);
  }

  public ArchiveQuery withLimit(int l) {
    return new ArchiveQuery(
        pubsubTopic, contentTopics, startTimeNanos, endTimeNanos, hashes, cursor, forward, l);
  }
}

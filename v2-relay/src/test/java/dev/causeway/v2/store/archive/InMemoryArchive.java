package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Test support: a {@link MessageArchive} in memory, the reference semantics of the archive API
 * (spec v2-store.md §3.1-§3.3): entries sorted by (timestamp, hash bytes unsigned), criteria ANDed,
 * start and end time both inclusive (nwaku parity), cursor exclusive and resolved by hash (unknown
 * cursor: {@code CURSOR_NOT_FOUND}), {@code limit + 1} probe, pages ascending, next cursor = last
 * included entry in traversal order. Thread-safe (synchronized).
 */
public final class InMemoryArchive implements MessageArchive {
  /** Sort order of the store: timestamp, then hash bytes (unsigned, byte-wise). */
  public static final Comparator<ArchivedMessage> ORDER =
      Comparator.comparingLong((ArchivedMessage m) -> m.message().timestampOrZero())
          .thenComparing(m -> m.hash().bytes(), Arrays::compareUnsigned);

  private final TreeSet<ArchivedMessage> sorted = new TreeSet<>(ORDER);
  private final Map<MessageHash, ArchivedMessage> byHash = new HashMap<>();
  private boolean closed;

  @Override
  public synchronized CompletableFuture<InsertOutcome> insert(ArchivedMessage m) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new ArchiveException(ArchiveException.Kind.CLOSED, "closed"));
    }
    if (byHash.putIfAbsent(m.hash(), m) != null) {
      return CompletableFuture.completedFuture(InsertOutcome.DUPLICATE);
    }
    sorted.add(m);
    return CompletableFuture.completedFuture(InsertOutcome.STORED);
  }

  @Override
  public synchronized ArchivePage query(ArchiveQuery q) throws ArchiveException {
    if (closed) {
      throw new ArchiveException(ArchiveException.Kind.CLOSED, "closed");
    }
    if (q.limit() < 1) {
      throw new ArchiveException(ArchiveException.Kind.INVALID_QUERY, "limit < 1");
    }
    Iterable<ArchivedMessage> range;
    if (q.cursor().isPresent()) {
      ArchivedMessage c = byHash.get(q.cursor().get());
      if (c == null) {
        throw new ArchiveException(ArchiveException.Kind.CURSOR_NOT_FOUND, "cursor not found");
      }
      range = q.forward() ? sorted.tailSet(c, false) : sorted.headSet(c, false).descendingSet();
    } else {
      range = q.forward() ? sorted : sorted.descendingSet();
    }
    List<ArchivedMessage> out = new ArrayList<>();
    boolean more = false;
    for (ArchivedMessage m : range) {
      if (!matches(q, m)) {
        continue;
      }
      if (out.size() == q.limit()) {
        more = true;
        break;
      }
      out.add(m);
    }
    Optional<MessageHash> next =
        more ? Optional.of(out.get(out.size() - 1).hash()) : Optional.empty();
    if (!q.forward()) {
      java.util.Collections.reverse(out);
    }
    return new ArchivePage(List.copyOf(out), next);
  }

  private static boolean matches(ArchiveQuery q, ArchivedMessage m) {
    long ts = m.message().timestampOrZero();
    return q.pubsubTopic().map(t -> t.equals(m.pubsubTopic())).orElse(true)
        && (q.contentTopics().isEmpty() || q.contentTopics().contains(m.message().contentTopic()))
        && (q.startTimeNanos().isEmpty() || ts >= q.startTimeNanos().getAsLong())
        && (q.endTimeNanos().isEmpty() || ts <= q.endTimeNanos().getAsLong())
        && (q.hashes().isEmpty() || q.hashes().contains(m.hash()));
  }

  @Override
  public synchronized long count() throws ArchiveException {
    if (closed) {
      throw new ArchiveException(ArchiveException.Kind.CLOSED, "closed");
    }
    return sorted.size();
  }

  /** Every entry in store order (test assertions). */
  public synchronized List<ArchivedMessage> all() {
    return List.copyOf(sorted);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}

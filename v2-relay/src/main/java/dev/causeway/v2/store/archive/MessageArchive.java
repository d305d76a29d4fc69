package dev.causeway.v2.store.archive;

import java.util.concurrent.CompletableFuture;

/**
 * A persistent set of {@link ArchivedMessage}s keyed by message hash and ordered by {@code
 * (timestamp, hash)} (spec v2-store.md §3.1); the storage behind the store protocols. Obtain one
 * from {@link MessageArchives#open}.
 *
 * <p>Threading: {@link #insert} never blocks (it enqueues into a bounded queue drained by one
 * writer thread that commits batches); {@link #query}, {@link #count} and {@link #applyRetention}
 * block on the database and must run on worker threads, never on a Netty event loop or the
 * gossipsub thread. All methods are thread-safe.
 */
public interface MessageArchive extends AutoCloseable {
  /**
   * Queues {@code m} for a batched write. The future completes only after the batch holding it is
   * committed (durable: for SQLite the WAL is fsynced with the default {@code synchronous=FULL}),
   * with {@link InsertOutcome#DUPLICATE} when the hash was already stored; or exceptionally with an
   * {@link ArchiveException}: {@code OVERLOADED} at once when the bounded queue is full (counted,
   * never blocks the caller), {@code CLOSED} after {@link #close}, {@code DRIVER_ERROR} when the
   * write failed. Completion runs on the writer thread: dependent actions must be short.
   */
  CompletableFuture<InsertOutcome> insert(ArchivedMessage m);

  /**
   * One page of entries matching {@code q} (spec v2-store.md §3.2-§3.3: criteria ANDed, cursor
   * exclusive, {@code limit + 1} probe for the next cursor). Blocking.
   *
   * @throws ArchiveException {@code CURSOR_NOT_FOUND} for a cursor hash that is not stored, {@code
   *     INVALID_QUERY} for a limit below 1 or lists over the configured maxima, {@code
   *     DRIVER_ERROR}, {@code CLOSED}
   */
  ArchivePage query(ArchiveQuery q) throws ArchiveException;

  /** Exact number of stored entries. Blocking (a full index scan on large archives). */
  long count() throws ArchiveException;

  /**
   * Applies {@code policy} once (every rule, as a union) and returns how many entries were deleted.
   * Blocking; deletes in bounded chunks so concurrent inserts keep flowing. Normally run by {@link
   * RetentionScheduler}. The default (for test doubles) supports no retention.
   */
  default long applyRetention(RetentionPolicy policy) throws ArchiveException {
    if (policy.isNone()) {
      return 0;
    }
    throw new ArchiveException(
        ArchiveException.Kind.INVALID_QUERY, getClass().getSimpleName() + " has no retention");
  }

  /** Inserts queued and not yet committed (0 for implementations without a queue). */
  default int queueDepth() {
    return 0;
  }

  /**
   * Stops accepting inserts, commits what is queued, and releases the database. Idempotent. Inserts
   * still queued when the writer cannot commit fail with {@code CLOSED}.
   */
  @Override
  void close();
}

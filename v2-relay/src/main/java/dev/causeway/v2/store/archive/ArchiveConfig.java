package dev.causeway.v2.store.archive;

import java.time.Duration;

/**
 * Tuning of a {@link MessageArchive} backend. {@link #defaults()} suits a store node; the withers
 * change one value.
 *
 * @param batchSize most inserts committed in one transaction
 * @param linger how long the writer waits for a batch to fill once it has one insert (0 = commit
 *     what is queued right away; batches then grow by themselves while a commit is in progress)
 * @param queueCapacity bound of the insert queue; inserts beyond it fail with {@code OVERLOADED}
 * @param readPoolSize connections for queries (PostgreSQL: plus one writer and one maintenance)
 * @param sqliteSynchronous SQLite {@code synchronous} pragma (WAL mode always)
 * @param sqliteCacheKiB SQLite page cache per connection
 * @param busyTimeout how long SQLite waits for a lock, and PostgreSQL pools for a connection
 * @param queryTimeout statement timeout of queries and retention deletes
 * @param maxHashesPerQuery longest hash list a query may carry
 * @param maxContentTopicsPerQuery longest content-topic list a query may carry
 * @param retentionDeleteChunk rows deleted per retention transaction
 * @param migrate apply schema migrations on open (else refuse an outdated schema)
 */
public record ArchiveConfig(
    int batchSize,
    Duration linger,
    int queueCapacity,
    int readPoolSize,
    SqliteSynchronous sqliteSynchronous,
    int sqliteCacheKiB,
    Duration busyTimeout,
    Duration queryTimeout,
    int maxHashesPerQuery,
    int maxContentTopicsPerQuery,
    int retentionDeleteChunk,
    boolean migrate) {

  /** SQLite durability level of a commit in WAL mode. */
  public enum SqliteSynchronous {
    /** fsync the WAL at every commit: a committed batch survives process crash and power loss. */
    FULL,
    /**
     * No fsync at commit: survives process crash (kill -9), may lose the last commits on power
     * loss.
     */
    NORMAL
  }

  public ArchiveConfig {
    if (batchSize < 1 || queueCapacity < 1 || readPoolSize < 1 || retentionDeleteChunk < 1) {
      throw new IllegalArgumentException("sizes must be positive");
    }
    if (maxHashesPerQuery < 1 || maxContentTopicsPerQuery < 1 || sqliteCacheKiB < 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (linger.isNegative() || busyTimeout.isNegative() || queryTimeout.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }

  public static ArchiveConfig defaults() {
    return new ArchiveConfig(
        1000,
        Duration.ZERO,
        16384,
        4,
        SqliteSynchronous.FULL,
        64 * 1024,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        10_000,
        100,
        10_000,
        true);
  }

  public ArchiveConfig withBatchSize(int v) {
    return new ArchiveConfig(
        v,
        linger,
        queueCapacity,
        readPoolSize,
        sqliteSynchronous,
        sqliteCacheKiB,
        busyTimeout,
        queryTimeout,
        maxHashesPerQuery,
        maxContentTopicsPerQuery,
        retentionDeleteChunk,
        migrate);
  }

  public ArchiveConfig withLinger(Duration v) {
    return new ArchiveConfig(
        batchSize,
        v,
        queueCapacity,
        readPoolSize,
        sqliteSynchronous,
        sqliteCacheKiB,
        busyTimeout,
        queryTimeout,
        maxHashesPerQuery,
        maxContentTopicsPerQuery,
        retentionDeleteChunk,
        migrate);
  }

  public ArchiveConfig withQueueCapacity(int v) {
    return new ArchiveConfig(
        batchSize,
        linger,
        v,
        readPoolSize,
        sqliteSynchronous,
        sqliteCacheKiB,
        busyTimeout,
        queryTimeout,
        maxHashesPerQuery,
        maxContentTopicsPerQuery,
        retentionDeleteChunk,
        migrate);
  }

  public ArchiveConfig withReadPoolSize(int v) {
    return new ArchiveConfig(
        batchSize,
        linger,
        queueCapacity,
        v,
        sqliteSynchronous,
        sqliteCacheKiB,
        busyTimeout,
        queryTimeout,
        maxHashesPerQuery,
        maxContentTopicsPerQuery,
        retentionDeleteChunk,
        migrate);
  }

  public ArchiveConfig withSqliteSynchronous(SqliteSynchronous v) {
    return new ArchiveConfig(
        batchSize,
        linger,
        queueCapacity,
        readPoolSize,
        v,
        sqliteCacheKiB,
        busyTimeout,
        queryTimeout,
        maxHashesPerQuery,
        maxContentTopicsPerQuery,
        retentionDeleteChunk,
        migrate);
  }

  public ArchiveConfig withRetentionDeleteChunk(int v) {
    return new ArchiveConfig(
        batchSize,
        linger,
        queueCapacity,
        readPoolSize,
        sqliteSynchronous,
        sqliteCacheKiB,
        busyTimeout,
        queryTimeout,
        maxHashesPerQuery,
        maxContentTopicsPerQuery,
        v,
        migrate);
  }

  public ArchiveConfig withMigrate(boolean v) {
    return new ArchiveConfig(
        batchSize,
        linger,
        queueCapacity,
        readPoolSize,
        sqliteSynchronous,
        sqliteCacheKiB,
        busyTimeout,
        queryTimeout,
        maxHashesPerQuery,
        maxContentTopicsPerQuery,
        retentionDeleteChunk,
        v);
  }
}

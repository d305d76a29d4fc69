package dev.causeway.v2.store.archive;

import java.time.Duration;

/**
 * Tuning of a {@link MessageArchive} backend. {@link #defaults()} suits a store node; {@link
 * #toBuilder()} changes some values of a config.
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

  /** The values a store node uses: batches of 1,000, 16,384 queued inserts, durable commits. */
  public static ArchiveConfig defaults() {
    return builder().build();
  }

  /** A builder holding {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.batchSize = batchSize;
    b.linger = linger;
    b.queueCapacity = queueCapacity;
    b.readPoolSize = readPoolSize;
    b.sqliteSynchronous = sqliteSynchronous;
    b.sqliteCacheKiB = sqliteCacheKiB;
    b.busyTimeout = busyTimeout;
    b.queryTimeout = queryTimeout;
    b.maxHashesPerQuery = maxHashesPerQuery;
    b.maxContentTopicsPerQuery = maxContentTopicsPerQuery;
    b.retentionDeleteChunk = retentionDeleteChunk;
    b.migrate = migrate;
    return b;
  }

  /**
   * Mutable builder; starts from the defaults. It checks nothing itself: {@link #build()} runs the
   * record's constructor, the one place values are validated.
   */
  public static final class Builder {
    private int batchSize = 1000;
    private Duration linger = Duration.ZERO;
    private int queueCapacity = 16384;
    private int readPoolSize = 4;
    private SqliteSynchronous sqliteSynchronous = SqliteSynchronous.FULL;
    private int sqliteCacheKiB = 64 * 1024;
    private Duration busyTimeout = Duration.ofSeconds(10);
    private Duration queryTimeout = Duration.ofSeconds(30);
    private int maxHashesPerQuery = 10_000;
    private int maxContentTopicsPerQuery = 100;
    private int retentionDeleteChunk = 10_000;
    private boolean migrate = true;

    private Builder() {}

    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    public Builder linger(Duration d) {
      this.linger = d;
      return this;
    }

    public Builder queueCapacity(int n) {
      this.queueCapacity = n;
      return this;
    }

    public Builder readPoolSize(int n) {
      this.readPoolSize = n;
      return this;
    }

    public Builder sqliteSynchronous(SqliteSynchronous s) {
      this.sqliteSynchronous = s;
      return this;
    }

    public Builder sqliteCacheKiB(int kib) {
      this.sqliteCacheKiB = kib;
      return this;
    }

    public Builder busyTimeout(Duration d) {
      this.busyTimeout = d;
      return this;
    }

    public Builder queryTimeout(Duration d) {
      this.queryTimeout = d;
      return this;
    }

    public Builder maxHashesPerQuery(int n) {
      this.maxHashesPerQuery = n;
      return this;
    }

    public Builder maxContentTopicsPerQuery(int n) {
      this.maxContentTopicsPerQuery = n;
      return this;
    }

    public Builder retentionDeleteChunk(int n) {
      this.retentionDeleteChunk = n;
      return this;
    }

    public Builder migrate(boolean m) {
      this.migrate = m;
      return this;
    }

    /**
     * @throws IllegalArgumentException as the record's constructor
     */
    public ArchiveConfig build() {
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
          migrate);
    }
  }
}

package dev.causeway.v2.store;

import java.time.Duration;

/**
 * Settings of the store services (v3 and legacy; spec v2-store.md §3.3, §3.5).
 *
 * @param defaultPageSize page size when the request gives none or 0 (nwaku: 20)
 * @param maxPageSize larger requested page sizes are clamped to this (nwaku: 100)
 * @param maxContentTopics more content topics per query are refused with 400 (nwaku tolerates 100)
 * @param maxHashes more message hashes per query are refused with 400
 * @param workers threads that query the archive
 * @param queueCapacity queries waiting for a worker; beyond it requests get 503
 * @param rateLimit per-peer token bucket; beyond it requests get 429
 * @param maxTrackedPeers peers whose buckets are kept (least recently used dropped beyond)
 * @param requestTimeout how long a stream may take to deliver its request before it is reset
 */
public record StoreConfig(
    int defaultPageSize,
    int maxPageSize,
    int maxContentTopics,
    int maxHashes,
    int workers,
    int queueCapacity,
    RateLimit rateLimit,
    int maxTrackedPeers,
    Duration requestTimeout) {

  /**
   * A token bucket: {@code capacity} requests at once, refilled at {@code capacity} per {@code
   * period}. A capacity of 0 disables the limit.
   */
  public record RateLimit(int capacity, Duration period) {
    public RateLimit {
      if (capacity < 0 || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("bad rate limit " + capacity + "/" + period);
      }
    }

    public static RateLimit unlimited() {
      return new RateLimit(0, Duration.ofSeconds(1));
    }

    public boolean isUnlimited() {
      return capacity == 0;
    }
  }

  public StoreConfig {
    if (defaultPageSize < 1 || maxPageSize < defaultPageSize) {
      throw new IllegalArgumentException("need 1 <= defaultPageSize <= maxPageSize");
    }
    if (maxContentTopics < 1 || maxContentTopics > StoreCodec.MAX_CONTENT_TOPICS) {
      throw new IllegalArgumentException("maxContentTopics out of range");
    }
    if (maxHashes < 1 || maxHashes > StoreCodec.MAX_HASHES) {
      throw new IllegalArgumentException("maxHashes out of range");
    }
    if (workers < 1 || queueCapacity < 0 || maxTrackedPeers < 1) {
      throw new IllegalArgumentException("need workers >= 1, queueCapacity >= 0");
    }
  }

  /** nwaku's page sizes, 100 topics and hashes, 2 workers, 64 queued, 120 requests/min/peer. */
  public static StoreConfig defaults() {
    return new StoreConfig(
        20,
        100,
        100,
        100,
        2,
        64,
        new RateLimit(120, Duration.ofMinutes(1)),
        10_000,
        Duration.ofSeconds(10));
  }

  public StoreConfig withPageSizes(int defaultSize, int maxSize) {
    return new StoreConfig(
        defaultSize,
        maxSize,
        maxContentTopics,
        maxHashes,
        workers,
        queueCapacity,
        rateLimit,
        maxTrackedPeers,
        requestTimeout);
  }

  public StoreConfig withRateLimit(RateLimit limit) {
    return new StoreConfig(
        defaultPageSize,
        maxPageSize,
        maxContentTopics,
        maxHashes,
        workers,
        queueCapacity,
        limit,
        maxTrackedPeers,
        requestTimeout);
  }

  public StoreConfig withWorkers(int workerCount, int queue) {
    return new StoreConfig(
        defaultPageSize,
        maxPageSize,
        maxContentTopics,
        maxHashes,
        workerCount,
        queue,
        rateLimit,
        maxTrackedPeers,
        requestTimeout);
  }

  /** The page size for a requested limit (absent or 0: default; above max: max; unsigned). */
  public int pageSize(java.util.OptionalLong requested) {
    if (requested.isEmpty() || requested.getAsLong() == 0) {
      return defaultPageSize;
    }
    long r = requested.getAsLong();
    return Long.compareUnsigned(r, maxPageSize) > 0 ? maxPageSize : (int) r;
  }
}

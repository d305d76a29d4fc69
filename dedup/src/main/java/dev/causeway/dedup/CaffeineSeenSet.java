package dev.causeway.dedup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link SeenSet} on a Caffeine cache ({@code expireAfterWrite(window)}, {@code
 * maximumSize(maxEntries)}, the injected ticker, maintenance on the calling thread). For small
 * sets: it costs several times the memory of {@link CompactSeenSet} per entry (see
 * docs/benchmarks-dedup.md).
 *
 * <p>Size eviction follows Caffeine's W-TinyLFU policy, not insertion order: when full, a newly
 * recorded key may itself be the one evicted, so a key can be forgotten early more readily than in
 * the compact set. {@link #size()} is Caffeine's estimate after a clean-up, capped at maxEntries.
 */
final class CaffeineSeenSet implements SeenSet {
  /*
   * The key is a 128-bit fingerprint record rather than the byte[] (arrays have identity
   * equality) or a copy of the whole key (more bytes for nothing: keys are cryptographic hashes).
   * markIfNew is ConcurrentMap.putIfAbsent, atomic in Caffeine, and putIfAbsent over an expired
   * entry replaces it. Caffeine reports expiry and size evictions through the eviction listener,
   * which runs inside the map operation, so the counters are exact.
   *
   * The memory gauge has no arrays to add up; it multiplies the entry count by
   * ESTIMATED_BYTES_PER_ENTRY, measured with SeenSetMemoryMain (docs/benchmarks-dedup.md).
   */

  /** Retained heap per entry measured at 1,000,000 entries on JDK 17 (compressed oops). */
  static final long ESTIMATED_BYTES_PER_ENTRY = 129;

  /** The first 16 bytes of a key. */
  record Fingerprint(long hi, long lo) {}

  private final String name;
  private final int maxEntries;
  private final Cache<Fingerprint, Boolean> cache;
  private final ConcurrentMap<Fingerprint, Boolean> map;
  private final SeenSetMetrics metrics;

  CaffeineSeenSet(
      String name, Duration window, int maxEntries, Ticker ticker, MeterRegistry registry) {
    this.name = name;
    this.maxEntries = maxEntries;
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(window)
            .maximumSize(maxEntries)
            .ticker(ticker)
            .executor(Runnable::run)
            .<Fingerprint, Boolean>evictionListener(
                (k, v, cause) -> {
                  if (cause == RemovalCause.EXPIRED) {
                    metrics().expired(1);
                  } else if (cause == RemovalCause.SIZE) {
                    metrics().capacity(1);
                  }
                })
            .build();
    this.map = cache.asMap();
    this.metrics =
        new SeenSetMetrics(
            registry, this, s -> (double) s.cache.estimatedSize() * ESTIMATED_BYTES_PER_ENTRY);
  }

  @Override
  public boolean markIfNew(byte[] key) {
    Fingerprint fp = fingerprint(key);
    if (map.putIfAbsent(fp, Boolean.TRUE) == null) {
      metrics.insert();
      return true;
    }
    metrics.hit();
    return false;
  }

  @Override
  public boolean contains(byte[] key) {
    return cache.getIfPresent(fingerprint(key)) != null;
  }

  @Override
  public long size() {
    cache.cleanUp();
    return Math.min(cache.estimatedSize(), maxEntries);
  }

  @Override
  public String name() {
    return name;
  }

  SeenSetMetrics metrics() {
    return metrics;
  }

  @Override
  public String toString() {
    return "CaffeineSeenSet[" + name + ", max=" + maxEntries + "]";
  }

  private static Fingerprint fingerprint(byte[] key) {
    Keys.check(key);
    return new Fingerprint(Keys.hi(key), Keys.lo(key));
  }
}

package dev.causeway.dedup;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * Factories for {@link SeenSet}s (ARCHITECTURE.md §5; spec bridge-mapping.md §5).
 *
 * <p>Both implementations key on the first 16 bytes of a key, expire an entry exactly {@code
 * window} after it was recorded (on {@code ticker}, in nanoseconds) and hold at most {@code
 * maxEntries}. Each set publishes, tagged {@code set=<name>}: {@code causeway_dedup_hits_total}
 * (markIfNew found the key), {@code causeway_dedup_inserts_total} (markIfNew recorded it), {@code
 * causeway_dedup_evictions_total{reason=expired|capacity}}, and the gauges {@code
 * causeway_dedup_entries} and {@code causeway_dedup_memory_bytes} (the set's estimate of its own
 * footprint). Names must be unique within a registry.
 */
public final class SeenSets {
  private static final SecureRandom SEEDS = new SecureRandom();

  private SeenSets() {}

  /**
   * The compact default implementation: about 32 bytes per entry once full, no per-entry objects,
   * insertion-order eviction when full. {@code maxEntries} may be up to 2^28. registry may be null
   * (no metrics).
   */
  public static SeenSet compact(
      String name, Duration window, int maxEntries, Ticker ticker, MeterRegistry registry) {
    check(name, window, ticker);
    if (maxEntries < 1 || maxEntries > CompactSeenSet.MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "maxEntries must be in [1, " + CompactSeenSet.MAX_ENTRIES + "]: " + maxEntries);
    }
    long seed;
    synchronized (SEEDS) {
      seed = SEEDS.nextLong();
    }
    return new CompactSeenSet(name, window, maxEntries, ticker, registry, seed);
  }

  /**
   * A Caffeine-backed implementation for small sets (several times the memory per entry of {@link
   * #compact}; W-TinyLFU eviction when full). registry may be null (no metrics).
   */
  public static SeenSet caffeine(
      String name, Duration window, int maxEntries, Ticker ticker, MeterRegistry registry) {
    check(name, window, ticker);
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    return new CaffeineSeenSet(name, window, maxEntries, ticker, registry);
  }

  private static void check(String name, Duration window, Ticker ticker) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(ticker, "ticker");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
  }
}

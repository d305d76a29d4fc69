package dev.causeway.v2.lightpush;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-peer token buckets (spec v2-filter-lightpush.md §5): each key may take {@code volume} tokens
 * per {@code period}, refilled continuously, starting full. Bounded: at most {@code maxKeys}
 * buckets are kept; the least recently used one is forgotten (that peer starts full again) and
 * counted. Thread-safe; time comes from the injected clock.
 */
final class PeerRateLimiter<K> {
  /*
   * A bucket is stored as the time (ns on the injected clock) at which it would be full again
   * ("theoretical arrival time", GCRA): taking a token moves it by period/volume; a request is
   * allowed if, after the move, it is no more than one full period ahead of now. This is the same
   * as a token bucket with continuous refill, in one long per peer. The map is an access-ordered
   * LinkedHashMap under one lock: a few hundred ns per request, far below the cost of a publish.
   */
  private final long periodNanos;
  private final long tokenNanos;
  private final int maxKeys;
  private final Clock clock;
  private final AtomicLong evictions = new AtomicLong();
  private final Map<K, long[]> buckets;

  PeerRateLimiter(int volume, java.time.Duration period, int maxKeys, Clock clock) {
    this.periodNanos = period.toNanos();
    this.tokenNanos = Math.max(1, periodNanos / volume);
    this.maxKeys = maxKeys;
    this.clock = clock;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, long[]> eldest) {
            if (size() > PeerRateLimiter.this.maxKeys) {
              evictions.incrementAndGet();
              return true;
            }
            return false;
          }
        };
  }

  /** Takes a token for {@code key}; false if its bucket is empty. */
  boolean tryAcquire(K key) {
    long now = nowNanos();
    synchronized (buckets) {
      long[] tat = buckets.get(key);
      long start = tat == null ? now : Math.max(tat[0], now);
      long next = start + tokenNanos;
      if (next - now > periodNanos) {
        return false;
      }
      if (tat == null) {
        buckets.put(key, new long[] {next});
      } else {
        tat[0] = next;
      }
      return true;
    }
  }

  /** Buckets forgotten because more than {@code maxKeys} peers were tracked. */
  long evictions() {
    return evictions.get();
  }

  int trackedKeys() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  private long nowNanos() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}

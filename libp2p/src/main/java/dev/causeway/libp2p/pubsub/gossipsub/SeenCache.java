package dev.causeway.libp2p.pubsub.gossipsub;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The gossipsub seen cache (spec libp2p-gossipsub.md §4 {@code seen}, §3.3 step 2): message ids
 * first seen within the last {@code ttl} milliseconds, each with a value the router keeps about it.
 * Bounded in time and in size: when full, the oldest entry goes first, and the eviction is counted.
 * Not thread-safe.
 *
 * @param <V> what is remembered per id
 */
public final class SeenCache<V> {
  /*
   * Entries are kept in first-seen order (insertion order of a LinkedHashMap, never reordered on
   * access). The clock is assumed not to go backwards, so the head is always the oldest entry and
   * expiry pops from the head until it meets a live one: amortised O(1) per entry. Expiry runs on
   * every access, so no stale id can count as seen, and also from expire() at each heartbeat so
   * memory is returned when traffic stops.
   */

  private final long ttlMillis;
  private final int maxEntries;
  private final LongSupplier clock;
  private final LinkedHashMap<MessageId, Entry<V>> entries = new LinkedHashMap<>();
  private long evictions;

  private record Entry<V>(long firstSeen, V value) {}

  /**
   * @param ttlMillis how long an id stays seen (go, js, nim, nwaku: 2 minutes)
   * @param maxEntries most ids held; the oldest is evicted beyond it
   * @param clock milliseconds, non-decreasing
   */
  public SeenCache(long ttlMillis, int maxEntries, LongSupplier clock) {
    if (ttlMillis <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("ttl and maxEntries must be positive");
    }
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /**
   * Records {@code id} as seen now with {@code value}, unless it is already seen.
   *
   * @return true if the id was new
   */
  public boolean add(MessageId id, V value) {
    expire();
    if (entries.containsKey(id)) {
      return false;
    }
    entries.put(id, new Entry<>(clock.getAsLong(), value));
    if (entries.size() > maxEntries) {
      Iterator<Map.Entry<MessageId, Entry<V>>> it = entries.entrySet().iterator();
      it.next();
      it.remove();
      evictions++;
    }
    return true;
  }

  public boolean contains(MessageId id) {
    expire();
    return entries.containsKey(id);
  }

  /** The value stored with {@code id}, or null if it is not (or no longer) seen. */
  public V get(MessageId id) {
    expire();
    Entry<V> e = entries.get(id);
    return e == null ? null : e.value();
  }

  /** When {@code id} was first seen, or -1 if it is not seen. */
  public long firstSeen(MessageId id) {
    expire();
    Entry<V> e = entries.get(id);
    return e == null ? -1 : e.firstSeen();
  }

  /** Drops the entries older than the TTL. */
  public void expire() {
    long cutoff = clock.getAsLong() - ttlMillis;
    Iterator<Entry<V>> it = entries.values().iterator();
    while (it.hasNext()) {
      if (it.next().firstSeen() > cutoff) {
        return;
      }
      it.remove();
    }
  }

  public int size() {
    expire();
    return entries.size();
  }

  /** Entries evicted because the cache was full (before their TTL). */
  public long evictions() {
    return evictions;
  }
}

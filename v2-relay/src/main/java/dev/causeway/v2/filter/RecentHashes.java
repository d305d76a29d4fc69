package dev.causeway.v2.filter;

import dev.causeway.v2.core.MessageHash;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The hashes of messages pushed recently (nwaku {@code MessageCacheTTL}, 2 min; spec
 * v2-filter-lightpush.md §1.2), so a message that reaches the service twice (relay and another
 * path) is pushed once. Bounded by time and by count; when full the oldest entry goes first.
 * Thread-safe (synchronized: one short critical section per message).
 */
final class RecentHashes {
  private record Entry(MessageHash hash, long atMillis) {}

  private final long ttlMillis;
  private final int maxEntries;
  private final LongSupplier millis;
  private final ArrayDeque<Entry> order = new ArrayDeque<>();
  private final Set<MessageHash> seen = new HashSet<>();

  RecentHashes(long ttlMillis, int maxEntries, LongSupplier millis) {
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
    this.millis = millis;
  }

  /** Records {@code hash}; false if it was already recorded within the TTL. */
  synchronized boolean add(MessageHash hash) {
    long now = millis.getAsLong();
    while (!order.isEmpty()
        && (order.size() >= maxEntries || now - order.peekFirst().atMillis() > ttlMillis)) {
      seen.remove(order.pollFirst().hash());
    }
    if (!seen.add(hash)) {
      return false;
    }
    order.addLast(new Entry(hash, now));
    return true;
  }

  synchronized int size() {
    return seen.size();
  }
}

package dev.causeway.v2.filter;

import dev.causeway.libp2p.peer.PeerId;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-peer token bucket for filter requests (nwaku {@code FilterDefaultPerPeerRateLimit}, 30 per
 * minute; spec v2-filter-lightpush.md §1.2): each peer may make {@code capacity} requests at once
 * and regains them evenly over {@code period}. At most {@code maxPeers} buckets are tracked; a new
 * peer beyond that is refused until {@link #sweep()} drops buckets that are full again.
 */
final class RateLimiter {
  /*
   * A bucket holds the time at which it will be full again ("fullAt"), not a token count: a request
   * is allowed if fullAt - now <= (capacity - 1) * interval, and moves fullAt one interval later
   * (starting from now if the bucket was full). One long per peer, updated with compute().
   */
  private final long capacity;
  private final long intervalMillis;
  private final int maxPeers;
  private final LongSupplier millis;
  private final Map<PeerId, Long> fullAt = new ConcurrentHashMap<>();

  RateLimiter(int capacity, long periodMillis, int maxPeers, LongSupplier millis) {
    this.capacity = capacity;
    this.intervalMillis = Math.max(1, periodMillis / capacity);
    this.maxPeers = maxPeers;
    this.millis = millis;
  }

  /** Takes a token for {@code peer}; false if it has none left. */
  boolean tryAcquire(PeerId peer) {
    long now = millis.getAsLong();
    if (fullAt.size() >= maxPeers && !fullAt.containsKey(peer)) {
      return false;
    }
    boolean[] ok = {false};
    fullAt.compute(
        peer,
        (k, at) -> {
          long start = at == null || at < now ? now : at;
          if (start - now > (capacity - 1) * intervalMillis) {
            return at;
          }
          ok[0] = true;
          return start + intervalMillis;
        });
    return ok[0];
  }

  /** Forgets peers whose bucket is full again. */
  void sweep() {
    long now = millis.getAsLong();
    for (Iterator<Map.Entry<PeerId, Long>> it = fullAt.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue() <= now) {
        it.remove();
      }
    }
  }

  int trackedPeers() {
    return fullAt.size();
  }
}

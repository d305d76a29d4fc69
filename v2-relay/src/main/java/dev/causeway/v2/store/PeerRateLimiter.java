package dev.causeway.v2.store;

import dev.causeway.libp2p.peer.PeerId;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per peer (spec v2-store.md §3.4, nwaku's per-peer request rate limit): each peer
 * may make {@link StoreConfig.RateLimit#capacity()} requests at once and regains that many per
 * {@link StoreConfig.RateLimit#period()}, continuously. At most {@code maxPeers} buckets are kept;
 * the least recently used is forgotten beyond that (a forgotten peer starts with a full bucket).
 * Time comes from the injected clock. Thread-safe.
 */
public final class PeerRateLimiter {
  /*
   * Tokens are kept in thousandths so that refill is exact integer arithmetic in milliseconds:
   * capacity * 1000 millitokens per period-in-ms. The access-ordered LinkedHashMap bounds the
   * memory: a peer that floods with fresh peer ids only evicts other buckets, and each eviction
   * can at most grant one burst to that peer again (the global worker cap still applies).
   */
  private final StoreConfig.RateLimit limit;
  private final Clock clock;
  private final Map<PeerId, long[]> buckets;

  public PeerRateLimiter(StoreConfig.RateLimit limit, int maxPeers, Clock clock) {
    this.limit = limit;
    this.clock = clock;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<PeerId, long[]> eldest) {
            return size() > maxPeers;
          }
        };
  }

  /** Takes one token for {@code peer}; false if its bucket is empty. */
  public synchronized boolean tryAcquire(PeerId peer) {
    if (limit.isUnlimited()) {
      return true;
    }
    long now = clock.millis();
    long full = limit.capacity() * 1000L;
    long[] b = buckets.computeIfAbsent(peer, p -> new long[] {full, now});
    long elapsed = Math.max(0, now - b[1]);
    long periodMs = Math.max(1, limit.period().toMillis());
    long refill = elapsed >= periodMs ? full : elapsed * full / periodMs;
    b[0] = Math.min(full, b[0] + refill);
    b[1] = now;
    if (b[0] < 1000) {
      return false;
    }
    b[0] -= 1000;
    return true;
  }

  /** Number of peers with a bucket. */
  public synchronized int trackedPeers() {
    return buckets.size();
  }
}

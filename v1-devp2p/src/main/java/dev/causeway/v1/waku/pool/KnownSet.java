package dev.causeway.v1.waku.pool;

import dev.causeway.v1.waku.envelope.EnvelopeHash;
import dev.causeway.v1.waku.message.PeerFilter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The envelope hashes one peer is known to have: received from it, or already sent to it ({@code
 * v1-waku.md} §9 step 2). Created by {@link EnvelopePool#newKnownSet}; the pool removes hashes from
 * every open set when it prunes or evicts them. Bounded: past {@code maxEntries} the oldest marks
 * are forgotten (worst case: one duplicate sent, which the peer drops). {@link #close()} when the
 * peer disconnects.
 *
 * <p>Thread-safe.
 */
public final class KnownSet implements AutoCloseable {
  private final EnvelopePool pool;
  private final int maxEntries;
  private final LinkedHashMap<EnvelopeHash, Boolean> hashes;
  private long overflowEvictions;

  // Scan state, guarded by the pool's lock (see EnvelopePool.pendingFor).
  long cursor;
  PeerFilter lastFilter;

  KnownSet(EnvelopePool pool, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.pool = pool;
    this.maxEntries = maxEntries;
    this.hashes =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<EnvelopeHash, Boolean> eldest) {
            if (size() > KnownSet.this.maxEntries) {
              overflowEvictions++;
              return true;
            }
            return false;
          }
        };
  }

  /** Marks {@code hash} as known to the peer; returns true if it was not known before. */
  public synchronized boolean mark(EnvelopeHash hash) {
    return hashes.put(hash, Boolean.TRUE) == null;
  }

  public synchronized boolean contains(EnvelopeHash hash) {
    return hashes.containsKey(hash);
  }

  public synchronized int size() {
    return hashes.size();
  }

  /** Marks forgotten because the set was full. */
  public synchronized long overflowEvictions() {
    return overflowEvictions;
  }

  synchronized void forget(EnvelopeHash hash) {
    hashes.remove(hash);
  }

  EnvelopePool pool() {
    return pool;
  }

  /** Detaches from the pool; the set must not be used with {@code pendingFor} afterwards. */
  @Override
  public void close() {
    pool.unregister(this);
  }
}

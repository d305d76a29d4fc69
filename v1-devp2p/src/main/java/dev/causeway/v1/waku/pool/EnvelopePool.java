package dev.causeway.v1.waku.pool;

import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.EnvelopeHash;
import dev.causeway.v1.waku.message.PeerFilter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The node's set of valid, unexpired envelopes, keyed by envelope hash ({@code v1-waku.md} §9): the
 * source for flooding to peers, and the duplicate filter for received envelopes.
 *
 * <p>Input assumptions: envelopes were validated ({@code EnvelopeValidator}) and {@code pow} is the
 * value used to match peers' requirements. The pool holds at most {@code maxEntries}; when full it
 * first prunes expired envelopes, then evicts the lowest-PoW envelope (ties: earliest expiry), or
 * refuses the new one if that one would be the lowest — nim-waku's queue policy. {@link #prune()}
 * should run every second ({@code ExpirationCycle}); it removes envelopes with {@code expiry < now}
 * (status-go) and forgets them in every open {@link KnownSet}.
 *
 * <p>{@link #pendingFor} is designed for the 300 ms transmission cycle: it only looks at entries
 * added since the peer's previous call, unless the peer's filter changed.
 *
 * <p>Thread-safe (one lock; lock order pool → known set).
 */
public final class EnvelopePool {
  /*
   * Design: four indexes over the same Entry objects, all guarded by `this`:
   *   byHash   - dedup and lookup;
   *   byExpiry - (expiry, seq) for pruning in expiry order;
   *   byPow    - (pow, expiry, seq) for lowest-PoW eviction;
   *   bySeq    - insertion sequence, for incremental per-peer scans.
   * Each KnownSet remembers the highest sequence number it has scanned and the PeerFilter
   * instance it used. A scan normally visits only newer entries, so the per-peer cost every
   * 300 ms is proportional to the traffic, not to the pool size. Entries skipped because the
   * filter rejected them are not revisited unless a different filter instance is presented
   * (WakuPeerState is immutable and replaced on Status Update), which restarts the scan from the
   * beginning; already-known hashes are skipped, so nothing is sent twice.
   */

  private static final class Entry {
    final Envelope envelope;
    final EnvelopeHash hash;
    final double pow;
    final long expiry;
    final long seq;

    Entry(Envelope envelope, EnvelopeHash hash, double pow, long seq) {
      this.envelope = envelope;
      this.hash = hash;
      this.pow = pow;
      this.expiry = envelope.expiry();
      this.seq = seq;
    }
  }

  private static final Comparator<Entry> BY_EXPIRY =
      Comparator.<Entry>comparingLong(e -> e.expiry).thenComparingLong(e -> e.seq);
  private static final Comparator<Entry> BY_POW =
      Comparator.<Entry>comparingDouble(e -> e.pow)
          .thenComparingLong(e -> e.expiry)
          .thenComparingLong(e -> e.seq);

  private final LongSupplier nowSeconds;
  private final int maxEntries;
  private final Map<EnvelopeHash, Entry> byHash = new HashMap<>();
  private final TreeSet<Entry> byExpiry = new TreeSet<>(BY_EXPIRY);
  private final TreeSet<Entry> byPow = new TreeSet<>(BY_POW);
  private final TreeMap<Long, Entry> bySeq = new TreeMap<>();
  private final Set<KnownSet> knownSets = new HashSet<>();
  private final EnumMap<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
  private long nextSeq = 1;

  /**
   * @param nowSeconds UNIX time in seconds
   * @param maxEntries capacity (nim-waku uses 2048)
   */
  public EnvelopePool(LongSupplier nowSeconds, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.nowSeconds = nowSeconds;
    this.maxEntries = maxEntries;
    for (DropReason r : DropReason.values()) {
      dropped.put(r, 0L);
    }
  }

  /**
   * Offers an envelope.
   *
   * @param pow the PoW to compare with peers' requirements (status-go size rule)
   */
  public AddResult add(Envelope envelope, double pow) {
    EnvelopeHash hash = envelope.hash(); // outside the lock: may hash up to 1 MiB
    synchronized (this) {
      if (byHash.containsKey(hash)) {
        return AddResult.DUPLICATE;
      }
      long now = nowSeconds.getAsLong();
      if (envelope.expiry() < now) {
        count(DropReason.REJECTED_EXPIRED, 1);
        return AddResult.EXPIRED;
      }
      AddResult result = AddResult.NEW;
      if (byHash.size() >= maxEntries) {
        if (!pruneLocked(now).isEmpty()) {
          result = AddResult.NEW_EVICTED_EXPIRED;
        }
        if (byHash.size() >= maxEntries) {
          Entry lowest = byPow.first();
          if (lowest.pow > pow || (lowest.pow == pow && lowest.expiry > envelope.expiry())) {
            count(DropReason.REJECTED_FULL, 1);
            return AddResult.REJECTED_FULL;
          }
          removeLocked(lowest);
          count(DropReason.EVICTED_LOWEST_POW, 1);
          result = AddResult.NEW_EVICTED_LOWEST_POW;
        }
      }
      Entry e = new Entry(envelope, hash, pow, nextSeq++);
      byHash.put(hash, e);
      byExpiry.add(e);
      byPow.add(e);
      bySeq.put(e.seq, e);
      return result;
    }
  }

  /** Removes every envelope with {@code expiry < now}; returns their hashes. */
  public synchronized List<EnvelopeHash> prune() {
    return pruneLocked(nowSeconds.getAsLong());
  }

  private List<EnvelopeHash> pruneLocked(long now) {
    List<EnvelopeHash> removed = new ArrayList<>();
    while (!byExpiry.isEmpty() && byExpiry.first().expiry < now) {
      Entry e = byExpiry.first();
      removeLocked(e);
      removed.add(e.hash);
    }
    count(DropReason.PRUNED_EXPIRED, removed.size());
    return removed;
  }

  private void removeLocked(Entry e) {
    byHash.remove(e.hash);
    byExpiry.remove(e);
    byPow.remove(e);
    bySeq.remove(e.seq);
    for (KnownSet k : knownSets) {
      k.forget(e.hash);
    }
  }

  private void count(DropReason reason, long n) {
    if (n != 0) {
      dropped.merge(reason, n, Long::sum);
    }
  }

  /** Creates a per-peer known set that this pool keeps in step with its removals. */
  public synchronized KnownSet newKnownSet(int maxEntries) {
    KnownSet k = new KnownSet(this, maxEntries);
    knownSets.add(k);
    return k;
  }

  synchronized void unregister(KnownSet k) {
    knownSets.remove(k);
  }

  /** {@link #pendingFor(KnownSet, PeerFilter, long)} without a byte budget. */
  public List<Envelope> pendingFor(KnownSet known, PeerFilter filter) {
    return pendingFor(known, filter, Long.MAX_VALUE);
  }

  /**
   * The unexpired envelopes the peer does not know and accepts, in insertion order, now marked
   * known. Stops before the envelope that would take the total encoded length over {@code maxBytes}
   * (at least one envelope is returned if any is pending); the rest come next time.
   */
  public synchronized List<Envelope> pendingFor(KnownSet known, PeerFilter filter, long maxBytes) {
    if (known.pool() != this || !knownSets.contains(known)) {
      throw new IllegalArgumentException("known set does not belong to this open pool");
    }
    if (filter != known.lastFilter) {
      known.lastFilter = filter;
      known.cursor = 0;
    }
    long now = nowSeconds.getAsLong();
    List<Envelope> out = new ArrayList<>();
    long bytes = 0;
    long cursor = known.cursor;
    for (Entry e : bySeq.tailMap(known.cursor, false).values()) {
      if (e.expiry >= now && !known.contains(e.hash) && filter.accepts(e.envelope, e.pow)) {
        int len = e.envelope.encodedLength();
        if (!out.isEmpty() && bytes + len > maxBytes) {
          break;
        }
        out.add(e.envelope);
        bytes += len;
        known.mark(e.hash);
      }
      cursor = e.seq;
    }
    known.cursor = cursor;
    return out;
  }

  public synchronized boolean contains(EnvelopeHash hash) {
    return byHash.containsKey(hash);
  }

  public synchronized Optional<Envelope> get(EnvelopeHash hash) {
    Entry e = byHash.get(hash);
    return e == null ? Optional.empty() : Optional.of(e.envelope);
  }

  /** The PoW recorded for an envelope in the pool. */
  public synchronized Optional<Double> pow(EnvelopeHash hash) {
    Entry e = byHash.get(hash);
    return e == null ? Optional.empty() : Optional.of(e.pow);
  }

  public synchronized int size() {
    return byHash.size();
  }

  public int capacity() {
    return maxEntries;
  }

  /** A snapshot of all envelopes, in insertion order. */
  public synchronized List<Envelope> envelopes() {
    List<Envelope> out = new ArrayList<>(bySeq.size());
    for (Entry e : bySeq.values()) {
      out.add(e.envelope);
    }
    return Collections.unmodifiableList(out);
  }

  /** Total envelopes dropped for {@code reason} since creation. */
  public synchronized long dropped(DropReason reason) {
    return dropped.get(reason);
  }

  /** Number of open known sets. */
  public synchronized int knownSetCount() {
    return knownSets.size();
  }
}

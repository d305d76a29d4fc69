package dev.causeway.dedup;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The compact {@link SeenSet}: a ring of 128-bit fingerprints with their insertion times, in
 * insertion order, plus an open-addressing index into the ring. About 32 bytes per slot; see
 * docs/benchmarks-dedup.md for measured figures.
 *
 * <p>Assumes keys are cryptographic hashes (uniform first 16 bytes) and a ticker that does not run
 * backwards (a reading older than the last one is treated as the last one).
 */
final class CompactSeenSet implements SeenSet {
  /*
   * Design.
   *
   * Storage. `ring` holds three longs per slot: fingerprint high half, low half, insertion time
   * (ticker nanos). Slots are filled at the tail and freed at the head, so the ring is in insertion
   * order, and since times are clamped to be non-decreasing it is also in time order: the expired
   * entries are always a prefix of the ring. `index` is a linear-probing hash table of ints
   * (ring slot + 1; 0 = empty) sized to a power of two >= 2 * ring capacity, so its load factor
   * never exceeds 1/2. Fingerprints live only in the ring; the index holds 4 bytes per slot.
   * At 1,000,000 slots: 24,000,000 bytes of ring + 2^21 * 4 = 8,388,608 bytes of index, i.e.
   * ~32.4 bytes per entry, with no per-entry objects (nothing for the GC to trace).
   *
   * Why not generation buckets (a ring of per-time-slice hash tables, dropped whole)? They expire
   * with the granularity of a generation and, when full, must drop a whole generation early.
   * A FIFO of individual entries expires each key exactly `window` after it was recorded and, when
   * full, evicts exactly one entry: the oldest. Both give O(1) removal of the oldest entries.
   *
   * Expiry is lazy and bounded: each call first pops at most EXPIRE_BUDGET expired entries off the
   * head, and lookups compare the found entry's time, so an expired entry that has not been popped
   * yet is never reported as present. A key recorded again after it expired gets a new slot at the
   * tail; its index slot is re-pointed there (the old ring slot is "superseded": unreferenced, and
   * popped silently when it reaches the head). Invariant: every index entry points at a slot in
   * [head, head + count) and every fingerprint appears at most once in the index; every
   * superseded slot is expired.
   *
   * Growth. The ring starts at min(maxEntries, INITIAL_SLOTS) slots and doubles (capped at
   * maxEntries) when it is full and its head is still live; the index is rebuilt then (O(n) under
   * the lock, log2(maxEntries / INITIAL_SLOTS) times in a set's life). When the ring is full at
   * maxEntries and the head is live, the head is evicted: a "capacity" eviction. The ring never
   * shrinks.
   *
   * Hash flooding. v2 message hashes are hashes of attacker-chosen content, so an attacker can
   * grind keys whose low bits collide. The index position mixes the fingerprint with a random
   * per-instance seed through a 64-bit finaliser (murmur3 fmix64), so colliding positions cannot be
   * ground for without knowing the seed. It is not a keyed PRF; its job is only to keep probe
   * sequences short for hash-like keys.
   *
   * Concurrency. One ReentrantLock guards everything. Each call does O(1) expected work under it
   * (a few probes, at most EXPIRE_BUDGET pops), except the rare growth. The bridge calls from a few
   * worker threads at message rates (10^4-10^5/s), far below what one lock sustains (see the JMH
   * figures). Striping by key would make the capacity bound per stripe, so a full set would no
   * longer evict the globally oldest entry; not worth it at these rates.
   */

  /** Ring slots allocated up front (or maxEntries if smaller). */
  static final int INITIAL_SLOTS = 1024;

  /** Largest maxEntries: keeps the ring array (3 longs per slot) within Java's array limit. */
  static final int MAX_ENTRIES = 1 << 28;

  /** Expired entries popped at most per call, to bound the work done under the lock. */
  static final int EXPIRE_BUDGET = 16;

  private static final int LONGS_PER_SLOT = 3;
  private static final long ARRAY_HEADER_BYTES = 16;

  private final String name;
  private final long windowNanos;
  private final int maxEntries;
  private final Ticker ticker;
  private final long seed;
  private final ReentrantLock lock = new ReentrantLock();
  private final SeenSetMetrics metrics;

  // Guarded by lock.
  private long[] ring;
  private int capacity;
  private int head;
  private int count;
  private int[] index;
  private int mask;
  private long lastNow = Long.MIN_VALUE;

  private volatile long memoryBytes;

  CompactSeenSet(
      String name,
      Duration window,
      int maxEntries,
      Ticker ticker,
      MeterRegistry registry,
      long seed) {
    this.name = name;
    this.windowNanos = saturatedNanos(window);
    this.maxEntries = maxEntries;
    this.ticker = ticker;
    this.seed = seed;
    allocate(Math.min(maxEntries, INITIAL_SLOTS));
    this.metrics = new SeenSetMetrics(registry, this, CompactSeenSet::memoryBytes);
  }

  @Override
  public boolean markIfNew(byte[] key) {
    Keys.check(key);
    long hi = Keys.hi(key);
    long lo = Keys.lo(key);
    lock.lock();
    try {
      long now = now();
      expireHeads(now, EXPIRE_BUDGET);
      int s = find(hi, lo);
      if (s >= 0) {
        if (!isExpired(index[s] - 1, now)) {
          metrics.hit();
          return false;
        }
        // Expired but not popped yet: supersede it; its ring slot is popped silently later.
        removeSlot(s);
        metrics.expired(1);
      }
      makeRoom(now);
      int pos = head + count;
      if (pos >= capacity) {
        pos -= capacity;
      }
      int b = pos * LONGS_PER_SLOT;
      ring[b] = hi;
      ring[b + 1] = lo;
      ring[b + 2] = now;
      count++;
      insertSlot(hi, lo, pos);
      metrics.insert();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean contains(byte[] key) {
    Keys.check(key);
    long hi = Keys.hi(key);
    long lo = Keys.lo(key);
    lock.lock();
    try {
      long now = now();
      expireHeads(now, EXPIRE_BUDGET);
      int s = find(hi, lo);
      return s >= 0 && !isExpired(index[s] - 1, now);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long size() {
    lock.lock();
    try {
      long now = now();
      // Expired slots are a prefix of the ring: binary-search its end.
      int low = 0;
      int high = count;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (isExpired(physical(mid), now)) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return count - low;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** Bytes held in this set's arrays (ring + index, with array headers). */
  long memoryBytes() {
    return memoryBytes;
  }

  /** Ring capacity in slots (grows up to maxEntries). */
  int capacity() {
    lock.lock();
    try {
      return capacity;
    } finally {
      lock.unlock();
    }
  }

  SeenSetMetrics metrics() {
    return metrics;
  }

  @Override
  public String toString() {
    return "CompactSeenSet[" + name + ", window=" + windowNanos + "ns, max=" + maxEntries + "]";
  }

  private long now() {
    long t = ticker.read();
    if (t < lastNow) {
      t = lastNow;
    }
    lastNow = t;
    return t;
  }

  private boolean isExpired(int pos, long now) {
    return now - ring[pos * LONGS_PER_SLOT + 2] >= windowNanos;
  }

  private int physical(int logical) {
    int p = head + logical;
    return p >= capacity ? p - capacity : p;
  }

  private void expireHeads(long now, int budget) {
    long expired = 0;
    for (int i = 0; i < budget && count > 0 && isExpired(head, now); i++) {
      if (popHead()) {
        expired++;
      }
    }
    metrics.expired(expired);
  }

  /** Frees one ring slot if the ring is full: an expired head, growth, or a capacity eviction. */
  private void makeRoom(long now) {
    if (count < capacity) {
      return;
    }
    if (isExpired(head, now)) {
      if (popHead()) {
        metrics.expired(1);
      }
    } else if (capacity < maxEntries) {
      grow();
    } else {
      // A live head is always referenced (only expired slots are superseded).
      popHead();
      metrics.capacity(1);
    }
  }

  /** Removes the head slot; returns whether the index referenced it (false if superseded). */
  private boolean popHead() {
    int pos = head;
    int b = pos * LONGS_PER_SLOT;
    int wanted = pos + 1;
    boolean referenced = false;
    for (int i = home(ring[b], ring[b + 1]); ; i = (i + 1) & mask) {
      int v = index[i];
      if (v == 0) {
        break;
      }
      if (v == wanted) {
        removeSlot(i);
        referenced = true;
        break;
      }
    }
    head = pos + 1 == capacity ? 0 : pos + 1;
    count--;
    return referenced;
  }

  /** Doubles the ring (capped at maxEntries) and rebuilds the index. Every slot is live here. */
  private void grow() {
    long[] old = ring;
    int oldCapacity = capacity;
    allocate((int) Math.min(maxEntries, 2L * oldCapacity));
    int first = Math.min(count, oldCapacity - head);
    System.arraycopy(old, head * LONGS_PER_SLOT, ring, 0, first * LONGS_PER_SLOT);
    System.arraycopy(old, 0, ring, first * LONGS_PER_SLOT, (count - first) * LONGS_PER_SLOT);
    head = 0;
    for (int p = 0; p < count; p++) {
      insertSlot(ring[p * LONGS_PER_SLOT], ring[p * LONGS_PER_SLOT + 1], p);
    }
  }

  private void allocate(int slots) {
    ring = new long[slots * LONGS_PER_SLOT];
    index = new int[indexSizeFor(slots)];
    mask = index.length - 1;
    capacity = slots;
    memoryBytes = 2 * ARRAY_HEADER_BYTES + 8L * ring.length + 4L * index.length;
  }

  /** The smallest power of two >= 2 * slots. */
  static int indexSizeFor(int slots) {
    int n = 2 * Math.max(1, slots);
    return Integer.highestOneBit(n - 1) << 1;
  }

  private int find(long hi, long lo) {
    for (int i = home(hi, lo); ; i = (i + 1) & mask) {
      int v = index[i];
      if (v == 0) {
        return -1;
      }
      int b = (v - 1) * LONGS_PER_SLOT;
      if (ring[b] == hi && ring[b + 1] == lo) {
        return i;
      }
    }
  }

  private void insertSlot(long hi, long lo, int pos) {
    int i = home(hi, lo);
    while (index[i] != 0) {
      i = (i + 1) & mask;
    }
    index[i] = pos + 1;
  }

  /** Linear-probing deletion by backward shift: no tombstones, probe sequences stay short. */
  private void removeSlot(int s) {
    int gap = s;
    int j = s;
    while (true) {
      j = (j + 1) & mask;
      int v = index[j];
      if (v == 0) {
        index[gap] = 0;
        return;
      }
      int b = (v - 1) * LONGS_PER_SLOT;
      int h = home(ring[b], ring[b + 1]);
      // The entry at j may move into the gap unless its home lies cyclically in (gap, j].
      boolean stays = gap <= j ? (gap < h && h <= j) : (gap < h || h <= j);
      if (!stays) {
        index[gap] = v;
        gap = j;
      }
    }
  }

  private int home(long hi, long lo) {
    long h = fmix64(hi ^ seed) + lo;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}

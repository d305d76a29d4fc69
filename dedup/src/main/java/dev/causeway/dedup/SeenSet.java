package dev.causeway.dedup;

/**
 * A time-windowed, size-bounded set of keys the bridge has already seen (ARCHITECTURE.md §5, spec
 * bridge-mapping.md §5): v1 envelope hashes, v2 deterministic message hashes, or the payload
 * fingerprint {@code sha256(v1Topic || payload)}.
 *
 * <p>Keys are cryptographic hashes of at least 16 bytes. Implementations identify a key by its
 * first 16 bytes (a 128-bit fingerprint): two keys that agree there are the same key. A key counts
 * as seen from the moment {@link #markIfNew} records it until {@code window} has passed on the
 * set's ticker: recorded at {@code t}, it is present while {@code now - t < window} and gone once
 * {@code now - t >= window}. When the set holds {@code maxEntries} keys, recording another one
 * evicts an older one ("capacity" eviction), so a key may be forgotten early, never remembered
 * late.
 *
 * <p>Implementations are thread-safe. They may block briefly on an internal lock, so call them from
 * worker threads, not from Netty event loops.
 *
 * <p>Create instances with {@link SeenSets}.
 */
public interface SeenSet {
  /**
   * Atomically records {@code key}; returns true if it was not present (new), false if already seen
   * within the window. Of several threads racing on one key, exactly one gets {@code true}.
   *
   * @throws IllegalArgumentException if {@code key.length < 16}
   * @throws NullPointerException if {@code key} is null
   */
  boolean markIfNew(byte[] key);

  /**
   * Whether {@code key} was recorded within the window. Does not record it.
   *
   * @throws IllegalArgumentException if {@code key.length < 16}
   * @throws NullPointerException if {@code key} is null
   */
  boolean contains(byte[] key);

  /** Live entries (approximate is allowed), never more than the set's {@code maxEntries}. */
  long size();

  /** The set's name, also its {@code set} metric tag. */
  String name();
}

package dev.causeway.v1.waku.pool;

/** Outcome of {@link EnvelopePool#add}; a closed set usable as a metric tag. */
public enum AddResult {
  /** Added; the pool had room. */
  NEW,
  /** Added after pruning expired envelopes to make room. */
  NEW_EVICTED_EXPIRED,
  /** Added after evicting the lowest-PoW envelope (nim-waku queue behaviour). */
  NEW_EVICTED_LOWEST_POW,
  /** Already in the pool; nothing changed. */
  DUPLICATE,
  /** Already expired ({@code expiry < now}); not added. */
  EXPIRED,
  /** Pool full of unexpired envelopes with at least this one's PoW; not added. */
  REJECTED_FULL;

  /** True if the envelope is now in the pool because of this call. */
  public boolean isNew() {
    return this == NEW || this == NEW_EVICTED_EXPIRED || this == NEW_EVICTED_LOWEST_POW;
  }
}

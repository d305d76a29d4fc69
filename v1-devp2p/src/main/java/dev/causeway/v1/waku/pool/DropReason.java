package dev.causeway.v1.waku.pool;

/** Why an envelope left, or never entered, the pool; a closed set for metric tags. */
public enum DropReason {
  /** Removed by {@link EnvelopePool#prune()} (or a prune forced by a full pool) after expiry. */
  PRUNED_EXPIRED,
  /** Evicted as the lowest-PoW entry to make room. */
  EVICTED_LOWEST_POW,
  /** Offered while already expired. */
  REJECTED_EXPIRED,
  /** Offered to a full pool with PoW not above the lowest entry. */
  REJECTED_FULL
}

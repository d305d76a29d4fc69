package dev.causeway.v1.waku.envelope;

/**
 * Outcome of {@link EnvelopeValidator#validate} ({@code v1-waku.md} §8). A closed set, suitable as
 * a metric tag.
 */
public enum ValidationResult {
  /** Acceptable: cache and forward. */
  OK(false),
  /** ttl is 0 (nim-waku drops these; status-go's PoW formula divides by zero). */
  TTL_ZERO(false),
  /** Created ({@code expiry - ttl}) further in the future than the tolerance: time-sync error. */
  FUTURE(true),
  /** Expired long ago ({@code expiry + veryOld < now}): time-sync error in status-go. */
  TOO_OLD(true),
  /** Expired ({@code expiry < now}): dropped silently. */
  EXPIRED(false),
  /** {@code 20 + len(data)} exceeds the maximum envelope size. */
  TOO_LARGE(false),
  /** PoW below our requirement (and below the previous one during the sync allowance). */
  LOW_POW(false),
  /** Topic does not match our bloom filter or topic interest. */
  NOT_INTERESTED(false);

  private final boolean timeSyncError;

  ValidationResult(boolean timeSyncError) {
    this.timeSyncError = timeSyncError;
  }

  /** True for the results status-go reports as "time not synced" in Message Response (§11). */
  public boolean isTimeSyncError() {
    return timeSyncError;
  }

  /** True for {@link #OK}. */
  public boolean isOk() {
    return this == OK;
  }
}

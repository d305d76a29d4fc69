package dev.causeway.bridge.pow;

import java.util.Locale;

/** How a submission to the {@link MiningPool} ended; the {@code outcome} tag of its counter. */
public enum MiningOutcome {
  /** Sealed with the smallest nonce from the v2-origin base meeting the target. */
  FOUND(true),
  /** The target was 0: sealed with the v2-origin base nonce itself (still marked). */
  NOT_REQUIRED(true),
  /** The attempt budget ran out (a failure). */
  EXHAUSTED(false),
  /** The time budget ran out (a failure). */
  DEADLINE(false),
  /** The target needs more than 256 leading zero bits (a failure). */
  UNREACHABLE(false),
  /**
   * When a worker took the job, the envelope had expired or had less than the pool's expiry margin
   * left (typically: it waited too long in the queue under overload); nothing was mined, since v1
   * nodes would refuse it (a failure).
   */
  EXPIRED(false),
  /** The queue was full; nothing was mined (a failure). */
  REJECTED_QUEUE_FULL(false),
  /** The pool was closed before or while mining (a failure). */
  CANCELLED(false);

  private final boolean success;
  private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

  MiningOutcome(boolean success) {
    this.success = success;
  }

  /** Whether the future completed with a sealed envelope. */
  public boolean success() {
    return success;
  }

  public String tag() {
    return tag;
  }
}

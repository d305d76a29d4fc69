package dev.causeway.bridge;

import java.util.Locale;

/**
 * Why an item that should have crossed was lost: the closed set of {@code reason} tag values of
 * {@code causeway_bridge_dropped_total}. (Items that are not meant to cross are "skipped", see
 * {@link dev.causeway.bridge.translate.SkipReason}.)
 */
public enum DropReason {
  /** The direction's queue was full when the item arrived. */
  QUEUE_FULL,
  /** v2 → v1: the mining queue was full. */
  MINING_QUEUE_FULL,
  /** v2 → v1: the PoW target was not reached within the attempt budget, or is unreachable. */
  POW_NOT_REACHED,
  /** v2 → v1: the mining time budget ran out. */
  POW_DEADLINE,
  /** v2 → v1: our v1 node refused the envelope (invalid, pool full). */
  V1_REJECTED,
  /** v1 → v2: relay publishing failed. */
  PUBLISH_FAILED,
  /** v1 → v2: relay publishing did not complete within the publish timeout. */
  PUBLISH_TIMEOUT,
  /** The bridge closed while the item was in flight. */
  CLOSED;

  private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The metric tag / stats key, e.g. {@code queue-full}. */
  public String tag() {
    return tag;
  }
}

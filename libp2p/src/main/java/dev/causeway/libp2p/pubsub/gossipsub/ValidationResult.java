package dev.causeway.libp2p.pubsub.gossipsub;

/**
 * The three-valued outcome of message validation (spec libp2p-gossipsub.md §3.3 step 5), plus
 * {@link #PENDING} for a validator that answers later through {@link
 * GossipRouter#completeValidation}.
 */
public enum ValidationResult {
  /** Valid: deliver locally and forward. */
  ACCEPT,
  /** Invalid: drop, and penalise the peers that sent it (score P4). */
  REJECT,
  /** Drop without penalty (e.g. not interesting, throttled). */
  IGNORE,
  /** The answer will come later; the message waits, bounded in number and time. */
  PENDING
}

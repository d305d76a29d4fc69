package dev.causeway.v1.waku.message;

import dev.causeway.v1.waku.envelope.Envelope;

/**
 * Decides whether a peer wants an envelope ({@code v1-waku.md} §9 step 3). Implementations must be
 * immutable: the envelope pool treats a different filter instance as "the peer's wishes changed"
 * and rescans.
 */
@FunctionalInterface
public interface PeerFilter {
  /**
   * @param envelopePow the envelope's PoW as stored in the pool (status-go size rule)
   */
  boolean accepts(Envelope envelope, double envelopePow);
}

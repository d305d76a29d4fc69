package dev.causeway.v1.waku;

import dev.causeway.v1.waku.envelope.Envelope;

/**
 * Told about every envelope that entered the node's pool for the first time: received from a peer
 * and valid, or posted locally. This is the hook the bridge uses.
 *
 * <p>Called on a Netty event loop (or the mining thread for local posts): implementations must not
 * block; hand the envelope to a bounded queue instead.
 */
@FunctionalInterface
public interface EnvelopeListener {
  /**
   * @param envelope the envelope as it is in the pool
   * @param pow its PoW under the status-go size rule
   * @param fromPeer short id of the peer it came from, or null when posted locally
   */
  void onEnvelope(Envelope envelope, double pow, String fromPeer);
}

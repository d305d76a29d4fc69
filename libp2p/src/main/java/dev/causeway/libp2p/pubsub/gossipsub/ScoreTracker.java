package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;

/**
 * Peer scoring as the router sees it (spec libp2p-gossipsub.md §8): the router reports mesh
 * membership, deliveries and misbehaviour, and reads scores to apply the thresholds of §8.2 (see
 * {@link GossipsubConfig}). The scoring function itself lives in an implementation (e.g. {@code
 * PeerScore}); {@link #none()} scores everybody 0.
 *
 * <p>Called only from the router's thread.
 */
public interface ScoreTracker {
  /** The current score; 0 when unknown. */
  double score(PeerId peer);

  /** A pubsub peer connected; {@code ip} may be null. */
  void addPeer(PeerId peer, String ip);

  /** A pubsub peer disconnected (its score may be retained, §8.1 RetainScore). */
  void removePeer(PeerId peer);

  /** The peer joined our mesh of {@code topic}. */
  void graft(PeerId peer, String topic);

  /** The peer left our mesh of {@code topic}. */
  void prune(PeerId peer, String topic);

  /** First valid delivery of a message. */
  void deliverFirst(PeerId from, String topic);

  /** Valid duplicate within the mesh window. */
  void deliverDuplicate(PeerId from, String topic);

  /** Invalid message (validation result Reject, or a StrictNoSign violation). */
  void reject(PeerId from, String topic);

  /** Message the validator ignored. */
  void ignore(PeerId from, String topic);

  /** E.g. GRAFT during backoff, broken IWANT promises. */
  void behaviourPenalty(PeerId peer, double count);

  /** Decay; called at the start of each heartbeat. */
  void refresh(long nowMillis);

  /** A tracker that scores every peer 0 and ignores all events. */
  static ScoreTracker none() {
    return NoScore.INSTANCE;
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

/**
 * The score thresholds that gate gossip, publishing, all RPCs, peer exchange and opportunistic
 * grafting, with one predicate per effect (spec libp2p-gossipsub.md §8.2).
 *
 * <p>Constraints as go-libp2p-pubsub checks them: {@code graylist ≤ publish ≤ gossip ≤ 0 ≤
 * acceptPX} and {@code opportunisticGraft ≥ 0}; all zero is allowed and means "only the sign of the
 * score matters". Comparisons follow the implementations: an effect "below the threshold" applies
 * when {@code score < threshold}.
 *
 * @param gossipThreshold below it no IHAVE is sent to the peer and its IHAVE/IWANT are ignored
 * @param publishThreshold below it the peer gets no flood-published or fanout messages
 * @param graylistThreshold below it every RPC from the peer is ignored
 * @param acceptPXThreshold peer exchange from the peer is only followed at or above it
 * @param opportunisticGraftThreshold a median mesh score below it triggers opportunistic grafting
 */
public record PeerScoreThresholds(
    double gossipThreshold,
    double publishThreshold,
    double graylistThreshold,
    double acceptPXThreshold,
    double opportunisticGraftThreshold) {

  /**
   * Checks the ordering.
   *
   * @throws IllegalArgumentException if a threshold is not finite or out of order
   */
  public PeerScoreThresholds {
    Check.atMost("gossipThreshold", gossipThreshold, 0);
    Check.atMost("publishThreshold", publishThreshold, gossipThreshold);
    Check.atMost("graylistThreshold", graylistThreshold, publishThreshold);
    Check.atLeast("acceptPXThreshold", acceptPXThreshold, 0);
    Check.atLeast("opportunisticGraftThreshold", opportunisticGraftThreshold, 0);
  }

  /** Whether IHAVE may be sent to, and IHAVE/IWANT accepted from, a peer with this score. */
  public boolean acceptsGossip(double score) {
    return score >= gossipThreshold;
  }

  /** Whether a peer with this score may receive flood-published and fanout messages. */
  public boolean acceptsPublish(double score) {
    return score >= publishThreshold;
  }

  /** Whether every RPC from a peer with this score is to be ignored. */
  public boolean isGraylisted(double score) {
    return score < graylistThreshold;
  }

  /** Whether peer exchange (PRUNE peers) from a peer with this score is to be followed. */
  public boolean acceptsPeerExchange(double score) {
    return score >= acceptPXThreshold;
  }

  /** Whether a topic whose mesh has this median score should graft better peers. */
  public boolean triggersOpportunisticGraft(double medianMeshScore) {
    return medianMeshScore < opportunisticGraftThreshold;
  }
}

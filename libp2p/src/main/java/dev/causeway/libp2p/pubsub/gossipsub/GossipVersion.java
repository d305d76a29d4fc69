package dev.causeway.libp2p.pubsub.gossipsub;

/**
 * What a peer's negotiated pubsub protocol id lets the router assume (spec libp2p-gossipsub.md §1).
 * The mapping from protocol id to version is in {@link GossipsubConfig#protocols()}; an application
 * protocol id such as a relay codec maps to the version whose semantics it carries.
 */
public enum GossipVersion {
  /** {@code /meshsub/1.0.0}: PRUNE without backoff or peer exchange. */
  V1_0,
  /** {@code /meshsub/1.1.0}: PRUNE carries backoff; scoring behaviour. */
  V1_1,
  /** {@code /meshsub/1.2.0}: v1.1 plus IDONTWANT, which we also send to these peers. */
  V1_2;

  boolean pruneBackoff() {
    return this != V1_0;
  }

  boolean sendsIDontWant() {
    return this == V1_2;
  }
}

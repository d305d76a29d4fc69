package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;

/**
 * Receives each accepted message of a subscribed topic exactly once (spec libp2p-gossipsub.md §3.3
 * step 6), on the router's thread. Our own publishes are not delivered back. Must not call back
 * into the router.
 */
@FunctionalInterface
public interface Delivery {
  /**
   * @param from the peer that delivered the message first
   */
  void deliver(String topic, MessageId id, PubsubMessage message, PeerId from);
}

package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;

/**
 * Where the router puts outgoing RPCs: one LP frame ({@code uvarint(len) ‖ RPC}) at a time, to be
 * written to the peer's outbound pubsub stream (spec libp2p-gossipsub.md §1). Called on the
 * router's thread; must not block and must not call back into the router.
 */
@FunctionalInterface
public interface RpcSink {
  /**
   * Queues {@code frame} for {@code peer}.
   *
   * @return false if the frame was not taken (the peer's queue is full, or no stream); the router
   *     counts it as dropped
   */
  boolean send(PeerId peer, byte[] frame);
}

package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.PeerInfo;
import java.util.List;

/**
 * Hooks through which the router asks the host to act on connections (spec libp2p-gossipsub.md
 * §8.2, §6.2). Called on the router's thread; must not call back into the router synchronously
 * (queue the action, e.g. disconnect, and call {@link GossipRouter#removePeer} later).
 */
public interface RouterListener {
  /**
   * The peer's score fell below the graylist threshold: its RPCs are now ignored. nwaku and go-waku
   * disconnect such peers. Called once when the router notices, and again only after the score has
   * recovered and fallen once more.
   */
  default void graylisted(PeerId peer, double score) {}

  /**
   * A PRUNE carried peer exchange from a peer whose score is at least the accept-PX threshold (at
   * most {@link GossipsubConfig#prunePeers()} entries).
   */
  default void peerExchange(PeerId from, String topic, List<PeerInfo> peers) {}

  /** Does nothing. */
  static RouterListener none() {
    return new RouterListener() {};
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;

/** All zeros. */
enum NoScore implements ScoreTracker {
  INSTANCE;

  @Override
  public double score(PeerId peer) {
    return 0;
  }

  @Override
  public void addPeer(PeerId peer, String ip) {}

  @Override
  public void removePeer(PeerId peer) {}

  @Override
  public void graft(PeerId peer, String topic) {}

  @Override
  public void prune(PeerId peer, String topic) {}

  @Override
  public void deliverFirst(PeerId from, String topic) {}

  @Override
  public void deliverDuplicate(PeerId from, String topic) {}

  @Override
  public void reject(PeerId from, String topic) {}

  @Override
  public void ignore(PeerId from, String topic) {}

  @Override
  public void behaviourPenalty(PeerId peer, double count) {}

  @Override
  public void refresh(long nowMillis) {}
}

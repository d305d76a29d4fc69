package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;

public interface ScoreTracker {
  double score(PeerId peer); // 0 when unknown

  void addPeer(PeerId peer, String ip); // ip may be null

  void removePeer(PeerId peer);

  void graft(PeerId peer, String topic);

  void prune(PeerId peer, String topic);

  void deliverFirst(PeerId from, String topic); // first valid delivery of a message

  void deliverDuplicate(PeerId from, String topic); // valid duplicate within the mesh window

  void reject(PeerId from, String topic); // invalid message

  void ignore(PeerId from, String topic);

  void behaviourPenalty(
      PeerId peer, double count); // e.g. GRAFT during backoff, broken IWANT promises

  void refresh(long nowMillis); // decay, called each heartbeat

  static ScoreTracker none() {
    return NoScore.INSTANCE;
  } // all zeros (package-private enum NoScore implements it)
}

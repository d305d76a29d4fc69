package dev.causeway.libp2p.mux;

/** Session-level events of a {@link MuxerSession}; called on the thread that drives the session. */
public interface MuxerListener {
  /**
   * The peer opened a stream. Set its {@link StreamListener} here or later; data that arrives
   * before is buffered (bounded).
   */
  void onRemoteStream(MuxedStream stream);

  /**
   * The session no longer accepts new streams: closed locally, failed on a protocol error, or
   * (yamux) the peer sent GoAway. Called at most once. After a GoAway existing streams keep working
   * until the caller closes the session; in the other cases they have already been reset.
   */
  void onSessionClosed(String reason);
}

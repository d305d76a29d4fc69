package dev.causeway.libp2p.mux;

/** Inbound events of one {@link MuxedStream}; called on the thread that drives the session. */
public interface StreamListener {
  /**
   * Stream payload, in order. The array is only valid during the call (it may be the caller's
   * receive buffer); copy what you keep. Delivered data counts as consumed (yamux returns window
   * credit for it).
   */
  void onData(byte[] data, int off, int len);

  /** The peer half-closed its direction (EOF); no more {@link #onData} follows. */
  void onRemoteClose();

  /** The stream was reset (by the peer, or because the session ended); nothing more follows. */
  void onReset();
}

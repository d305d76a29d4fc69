package dev.causeway.libp2p.mux;

/**
 * A muxer-level failure. Thrown by {@link MuxerSession#onInbound} when the peer violated the muxer
 * protocol (the session is then already torn down and the caller must close the connection), and by
 * {@link MuxerSession#openStream} when no stream can be opened right now (session closed, limits
 * reached); the latter leaves the session usable.
 */
public class MuxerException extends Exception {
  private static final long serialVersionUID = 1L;

  public MuxerException(String message) {
    super(message);
  }
}

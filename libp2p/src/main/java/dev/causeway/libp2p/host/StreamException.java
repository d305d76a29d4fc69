package dev.causeway.libp2p.host;

/** A stream operation failed: closed, reset, buffer full, or negotiation refused. */
public class StreamException extends Exception {
  private static final long serialVersionUID = 1L;

  public StreamException(String message) {
    super(message);
  }

  public StreamException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.causeway.libp2p.varint;

/**
 * A length prefix announces (or, being longer than the limit allows, must announce) a message
 * larger than the reader accepts. Raised before anything is allocated for the body.
 */
public class MessageTooLargeException extends VarintException {
  private static final long serialVersionUID = 1L;

  private final int limit;

  public MessageTooLargeException(String message, int limit) {
    super(message);
    this.limit = limit;
  }

  /** The largest body size that would have been accepted. */
  public int limit() {
    return limit;
  }
}

package dev.causeway.v2.metadata;

/**
 * A metadata exchange failed (spec v2-message-relay-sharding.md §7): the message was malformed or
 * too large, the stream could not be opened or broke, or the peer did not answer in time.
 */
public final class MetadataException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** Not a valid metadata protobuf, or a bad length prefix. */
    MALFORMED,
    /** Longer than {@value MetadataCodec#MAX_MESSAGE_SIZE} bytes. */
    TOO_LARGE,
    /** The stream could not be opened: dial failure or the peer does not serve the protocol. */
    STREAM_OPEN_FAILED,
    /** The stream was reset, failed on write, or ended before a complete message. */
    STREAM_FAILED,
    /** No complete message within the exchange timeout. */
    TIMEOUT
  }

  private final Reason reason;

  public MetadataException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public MetadataException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

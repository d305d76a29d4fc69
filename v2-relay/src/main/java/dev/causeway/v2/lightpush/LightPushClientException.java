package dev.causeway.v2.lightpush;

/**
 * A light push request got no usable answer (spec v2-filter-lightpush.md §3, §4): the stream could
 * not be opened or failed, the answer did not come in time, did not decode, or echoed another
 * request id. An answer with an error status is not an exception but a {@link LightPushResult}.
 */
public class LightPushClientException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    STREAM_OPEN_FAILED,
    STREAM_FAILED,
    TIMEOUT,
    BAD_RESPONSE,
    REQUEST_ID_MISMATCH,
    /** The peer speaks only v2 and the request has no pubsub topic. */
    NEEDS_PUBSUB_TOPIC
  }

  private final Reason reason;

  public LightPushClientException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public LightPushClientException(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}

package dev.causeway.v2.filter;

/**
 * A filter request got no usable answer (spec v2-filter-lightpush.md §1.2, client-side codes): the
 * stream could not be opened, failed or timed out, or the answer was malformed or answered another
 * request. An answer with an error status is not an exception: it completes the request's future as
 * a {@link FilterResponse}.
 */
public class FilterClientException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** No stream to the service node (nwaku's client reports 504 PEER_DIAL_FAILURE). */
    STREAM_OPEN_FAILED,
    /** The stream broke or closed before a complete answer. */
    STREAM_FAILED,
    /** No answer within the timeout. */
    TIMEOUT,
    /** The answer could not be decoded or has another request id (300 BAD_RESPONSE). */
    BAD_RESPONSE
  }

  private final Reason reason;

  public FilterClientException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

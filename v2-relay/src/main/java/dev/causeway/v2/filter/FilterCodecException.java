package dev.causeway.v2.filter;

import dev.causeway.v2.core.RpcCodecException;

/**
 * Bytes that should hold a filter v2 protobuf message (spec v2-filter-lightpush.md §1) could not be
 * decoded, or a decoded message breaks a rule of the protocol. Carries the request id when the
 * bytes were well-formed enough to read it, so that a server can still echo it in its error answer.
 */
public class FilterCodecException extends RpcCodecException {
  private static final long serialVersionUID = 1L;

  /** What was wrong (tag values of the decode-error metrics). */
  public enum Reason {
    /** Longer than the decoder's limit. */
    TOO_LARGE,
    /** Not valid protobuf for the expected message (includes non-UTF-8 strings). */
    MALFORMED,
    /** A field the protocol requires is absent. */
    MISSING_FIELD,
    /** A {@code filter_subscribe_type} value outside 0..3. */
    UNKNOWN_TYPE,
    /** The embedded WakuMessage of a push is not a valid WakuMessage. */
    BAD_WAKU_MESSAGE
  }

  public FilterCodecException(Reason reason, String message) {
    this(reason, message, null, null);
  }

  public FilterCodecException(Reason reason, String message, String requestId, Throwable cause) {
    super(reason, message, requestId, cause);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}

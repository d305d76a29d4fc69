package dev.causeway.v2.lightpush;

import dev.causeway.v2.core.RpcCodecException;

/**
 * Bytes that should hold a light push RPC could not be decoded (spec v2-filter-lightpush.md §3,
 * §4): too large, not protobuf, a required field missing, or an embedded {@code WakuMessage} that
 * does not decode. Carries the request id when the RPC was readable far enough to have one, so a
 * server can echo it.
 */
public class LightPushCodecException extends RpcCodecException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the input (closed set; also a metrics tag). */
  public enum Reason {
    /** Longer than the caller's limit. */
    TOO_LARGE,
    /** Not a valid protobuf of the expected message (includes non-UTF-8 strings). */
    MALFORMED,
    /** A field the protocol requires is absent. */
    MISSING_FIELD,
    /** A v2 {@code PushRpc} without the request (or response) part. */
    EMPTY_BODY,
    /** The embedded {@code WakuMessage} does not decode. */
    BAD_MESSAGE
  }

  public LightPushCodecException(Reason reason, String message) {
    this(reason, message, null, null);
  }

  public LightPushCodecException(Reason reason, String message, String requestId, Throwable cause) {
    super(reason, message, requestId, cause);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}

package dev.causeway.v2.store;

import dev.causeway.v2.core.BoundedProtobuf;
import java.util.Optional;

/**
 * Bytes that should hold a store v3 message could not be decoded (spec v2-store.md §2): too large,
 * malformed protobuf, or a field out of its bounds (hash or cursor not 32 bytes, invalid pubsub
 * topic, invalid embedded WakuMessage, too many entries). Carries the request id when the protobuf
 * itself parsed, so the server can echo it in its 400 answer (§3.4).
 */
public final class StoreCodecException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the bytes. */
  public enum Reason {
    /** Longer than the codec's limit. */
    TOO_LARGE,
    /** Not a valid protobuf of the expected message. */
    MALFORMED,
    /** Valid protobuf, but a field violates its bounds. */
    INVALID_FIELD
  }

  private final Reason reason;
  private final transient Optional<String> requestId;

  public StoreCodecException(Reason reason, String message, Optional<String> requestId) {
    super(message);
    this.reason = reason;
    this.requestId = requestId;
  }

  public StoreCodecException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.requestId = Optional.empty();
  }

  /**
   * The store codecs' wording of the bounded-parse failures: "{@code what} of N bytes exceeds
   * LIMIT" ({@code TOO_LARGE}) and "malformed {@code messageType}: ..." ({@code MALFORMED}), both
   * without a request id.
   */
  public static BoundedProtobuf.Rejections<StoreCodecException> rejections(
      String what, String messageType) {
    return BoundedProtobuf.rejections(
        (size, limit) ->
            new StoreCodecException(
                Reason.TOO_LARGE,
                what + " of " + size + " bytes exceeds " + limit,
                Optional.empty()),
        e ->
            new StoreCodecException(
                Reason.MALFORMED, "malformed " + messageType + ": " + e.getMessage(), e));
  }

  public Reason reason() {
    return reason;
  }

  /** The request id of the undecodable message, if its protobuf parsed. */
  public Optional<String> requestId() {
    return requestId == null ? Optional.empty() : requestId;
  }
}

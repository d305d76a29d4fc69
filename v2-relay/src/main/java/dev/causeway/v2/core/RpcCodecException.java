package dev.causeway.v2.core;

import java.util.Optional;

/**
 * The shared part of the checked decode exceptions of the request/response protocols (spec
 * v2-filter-lightpush.md §1, §3, §4): bytes that should hold an RPC could not be decoded, or a
 * decoded RPC breaks a rule of its protocol. Carries the reason (a constant of the protocol's own
 * {@code Reason} enum, a metrics tag) and the request id when the bytes were readable far enough to
 * have one, so that a server can still echo it in its error answer.
 *
 * <p>Each protocol keeps its own public subclass, its own reasons and its own wording; callers
 * catch the subclass. Subclasses narrow {@link #reason()} to their enum.
 */
public abstract class RpcCodecException extends Exception {
  /*
   * Not generic in the reason type: the JLS forbids generic subclasses of Throwable, so the reason is
   * stored as an Enum<?> and each subclass overrides reason() with its own enum as return type (its
   * constructors accept only that enum, so the cast there cannot fail). The request id is transient
   * as it was in each subclass: it is only read by the server that caught the exception.
   */
  private static final long serialVersionUID = 1L;

  private final Enum<?> reason;
  private final transient String requestId;

  /**
   * @param reason what was wrong, a constant of the subclass's reason enum
   * @param requestId the request id read before the error, or null
   * @param cause the underlying failure, or null
   */
  protected RpcCodecException(Enum<?> reason, String message, String requestId, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.requestId = requestId;
  }

  /** What was wrong; subclasses return their own enum. */
  public Enum<?> reason() {
    return reason;
  }

  /** The request id read before the error, if any. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}

package dev.causeway.v1.waku.envelope;

/**
 * A {@code waku/1} payload (envelope, status options, Messages packet, ...) is malformed, violates
 * a size bound, or does not have the shape the spec requires ({@code v1-waku.md} §2, §3, §5.1).
 *
 * <p>Every {@code waku/1} decoder in {@code dev.causeway.v1.waku} reports bad input only with this
 * checked exception, never with a runtime exception.
 */
public class WakuCodecException extends Exception {
  private static final long serialVersionUID = 1L;

  public WakuCodecException(String message) {
    super(message);
  }

  public WakuCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}

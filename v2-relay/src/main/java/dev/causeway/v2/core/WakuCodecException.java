package dev.causeway.v2.core;

/**
 * Bytes that should hold a Waku v2 protobuf message (a {@link WakuMessage}) could not be decoded:
 * malformed protobuf, truncated input, a string field that is not UTF-8, or input above the
 * caller's size limit (spec v2-message-relay-sharding.md §2).
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

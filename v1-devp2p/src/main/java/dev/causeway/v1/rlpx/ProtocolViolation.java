package dev.causeway.v1.rlpx;

import dev.causeway.v1.rlpx.wire.DisconnectReason;

/** A peer broke a protocol rule; the connection is closed with {@link #reason()}. */
public class ProtocolViolation extends Exception {
  private static final long serialVersionUID = 1L;
  private final DisconnectReason reason;

  public ProtocolViolation(DisconnectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ProtocolViolation(DisconnectReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public DisconnectReason reason() {
    return reason;
  }
}

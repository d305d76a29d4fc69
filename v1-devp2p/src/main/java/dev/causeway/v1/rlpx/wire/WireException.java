package dev.causeway.v1.rlpx.wire;

/**
 * A devp2p base-protocol message (or the frame-data around it) is malformed or exceeds a limit
 * (spec v1-rlpx-devp2p.md §7). The usual reaction is Disconnect with {@link
 * DisconnectReason#BREACH_OF_PROTOCOL}.
 */
public class WireException extends Exception {
  private static final long serialVersionUID = 1L;

  public WireException(String message) {
    super(message);
  }

  public WireException(String message, Throwable cause) {
    super(message, cause);
  }
}

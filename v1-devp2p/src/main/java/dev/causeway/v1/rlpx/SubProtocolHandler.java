package dev.causeway.v1.rlpx;

import dev.causeway.v1.rlpx.wire.DisconnectReason;

/** Per-connection state of a sub-protocol. Callbacks run on the connection's event loop. */
public interface SubProtocolHandler {
  /**
   * A message for this sub-protocol arrived (code relative to its offset, msg-data decompressed).
   *
   * @throws ProtocolViolation to disconnect the peer with the exception's reason
   */
  void onMessage(int code, byte[] msgData) throws ProtocolViolation;

  /** The connection closed (after Disconnect from either side, or a socket failure). */
  void onClose(DisconnectReason reason, boolean byRemote);
}

package dev.causeway.v1.rlpx;

import dev.causeway.v1.rlpx.wire.DisconnectReason;
import dev.causeway.v1.rlpx.wire.HelloMessage;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A sub-protocol's view of one established devp2p connection (RLPx handshake and Hello done).
 *
 * <p>Message codes are relative to the sub-protocol's negotiated offset. All methods are
 * thread-safe; {@link #executor()} is the connection's event loop, on which every {@link
 * SubProtocolHandler} callback runs.
 */
public interface PeerConnection {
  /** The peer's raw 64-byte node id (verified in the handshake and in Hello). */
  byte[] remoteNodeId();

  /** Short printable id (first 8 hex digits of the node id) for logs. */
  String shortId();

  InetSocketAddress remoteAddress();

  boolean isInbound();

  HelloMessage remoteHello();

  /** Sends a sub-protocol message; Snappy and framing are applied by the connection. */
  void send(int code, byte[] msgData);

  /** False while the socket's outbound buffer is above its high-water mark. */
  boolean isWritable();

  /** Sends Disconnect with the reason (when the session allows) and closes. Idempotent. */
  void disconnect(DisconnectReason reason);

  /** The connection's event loop. */
  ScheduledExecutorService executor();
}

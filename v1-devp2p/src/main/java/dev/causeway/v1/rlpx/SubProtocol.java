package dev.causeway.v1.rlpx;

import dev.causeway.v1.rlpx.wire.Capability;

/**
 * A devp2p sub-protocol (capability) served over RLPx, such as {@code waku/1}. Spec {@code
 * v1-rlpx-devp2p.md} §7.4.
 */
public interface SubProtocol {
  Capability capability();

  /** Number of message ids the capability reserves (128 for waku/1). */
  int messageCount();

  /** Called on the event loop when a connection shares this capability. */
  SubProtocolHandler open(PeerConnection connection);
}

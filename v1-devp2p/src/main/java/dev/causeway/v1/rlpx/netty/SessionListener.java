package dev.causeway.v1.rlpx.netty;

import dev.causeway.v1.rlpx.wire.DisconnectReason;

/** The host's hooks into a connection's life. Called on the connection's event loop. */
public interface SessionListener {
  /**
   * Hello was exchanged and capabilities matched. Return null to accept the session, or a reason
   * (too many peers, already connected) to refuse it.
   */
  DisconnectReason admit(Session session);

  /** The session was admitted and its sub-protocol handlers are open. */
  void opened(Session session);

  /** The channel closed; {@code admitted} says whether {@link #admit} accepted it earlier. */
  void closed(Session session, boolean admitted, DisconnectReason reason, boolean byRemote);
}

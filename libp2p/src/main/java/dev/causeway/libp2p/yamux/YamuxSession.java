package dev.causeway.libp2p.yamux;

import dev.causeway.libp2p.mux.MuxerSession;

/** A yamux {@link MuxerSession} with keep-alive pings (spec libp2p-core.md §6.4). */
public interface YamuxSession extends MuxerSession {
  /**
   * Sends a Ping (SYN) with a fresh opaque value. The session never pings by itself; the caller
   * decides when (e.g. on an idle timer) and measures the round trip itself.
   *
   * @param onAck run when the matching ACK arrives (from inside {@link #onInbound})
   * @return false, sending nothing, if the session is closed or too many pings are outstanding
   */
  boolean ping(Runnable onAck);
}

package dev.causeway.libp2p.netty;

/**
 * Fired when the transport can carry libp2p bytes: TCP on connect, WebSocket after the HTTP
 * upgrade. The connection handler starts multistream-select on it.
 */
public enum TransportReadyEvent {
  INSTANCE
}

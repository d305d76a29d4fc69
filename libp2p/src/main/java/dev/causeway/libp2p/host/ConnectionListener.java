package dev.causeway.libp2p.host;

/** Connection events of a host, on the connection's event loop. Must not block. */
public interface ConnectionListener {
  default void onConnected(Connection connection) {}

  default void onDisconnected(Connection connection) {}
}

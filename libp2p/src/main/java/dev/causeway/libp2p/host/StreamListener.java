package dev.causeway.libp2p.host;

/**
 * Receives a stream's inbound data. Called on the connection's event loop, in order; must not
 * block. Data handed to {@link #onData} is owned by the listener.
 */
public interface StreamListener {
  void onData(byte[] data);

  /** The remote closed its write side; no more data will come. */
  default void onRemoteClose() {}

  /** The stream was reset (by either side) or its connection closed. */
  default void onReset() {}
}

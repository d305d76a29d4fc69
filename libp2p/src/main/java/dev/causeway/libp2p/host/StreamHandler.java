package dev.causeway.libp2p.host;

/**
 * Serves one protocol id: called on the connection's event loop when a remote opens a stream and
 * multistream-select chose this protocol. Set the stream's listener before returning.
 */
@FunctionalInterface
public interface StreamHandler {
  void onStream(Stream stream);
}

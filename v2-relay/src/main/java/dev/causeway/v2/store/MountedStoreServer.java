package dev.causeway.v2.store;

import dev.causeway.libp2p.host.Libp2pHost;

/**
 * A {@link StoreServer} registered on a {@link Libp2pHost} under one store protocol id (spec
 * v2-store.md §2 for v3, §4 for legacy): what {@link StoreProtocol} and {@code
 * legacy.LegacyStoreProtocol} have in common once mounted. {@link #close()} unregisters the id,
 * then stops the server's workers; the archive and the host stay the caller's.
 */
public abstract class MountedStoreServer implements AutoCloseable {
  /*
   * A base class rather than a field: the two protocols are mounted, measured and closed the same
   * way and differ only in how they are built (their StoreServer.Service), which stays in their
   * static mount factories. The server is registered here, after it is fully built; `this` is not
   * handed to the host.
   */
  private final Libp2pHost host;
  private final String protocolId;
  private final StoreServer server;

  /** Registers {@code server} on {@code host} for {@code protocolId}. */
  protected MountedStoreServer(Libp2pHost host, String protocolId, StoreServer server) {
    this.host = host;
    this.protocolId = protocolId;
    this.server = server;
    host.registerHandler(protocolId, server);
  }

  public StoreMetrics metrics() {
    return server.metrics();
  }

  @Override
  public void close() {
    host.unregisterHandler(protocolId);
    server.close();
  }
}

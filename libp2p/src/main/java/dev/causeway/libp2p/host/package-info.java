/**
 * The public host API (spec libp2p-core.md §0): {@link dev.causeway.libp2p.host.Libp2pHost}
 * (listen, dial, serve protocols, identify on connect, keep-alive pings, connection limits, dial
 * backoff) configured by {@link dev.causeway.libp2p.host.HostConfig}; {@link
 * dev.causeway.libp2p.host.Connection} and {@link dev.causeway.libp2p.host.Stream} with their
 * listeners and {@link dev.causeway.libp2p.host.StreamHandler}s; the bounded {@link
 * dev.causeway.libp2p.host.PeerStore}. Protocol code above libp2p (Waku) uses only this package,
 * never the Netty adapters behind it.
 */
package dev.causeway.libp2p.host;

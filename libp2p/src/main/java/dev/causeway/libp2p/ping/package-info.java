/**
 * Ping {@code /ipfs/ping/1.0.0} (spec libp2p-core.md §10): {@link
 * dev.causeway.libp2p.ping.PingProtocol} echoes 32-byte pings (bounded per stream) and pings a peer
 * with a timeout that covers stream negotiation too. The host's keep-alive is built on it.
 */
package dev.causeway.libp2p.ping;

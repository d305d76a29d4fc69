/**
 * The Netty adapter of a libp2p connection (spec libp2p-core.md §0, §2, §5–§8): {@link
 * dev.causeway.libp2p.netty.ConnectionHandler} upgrades a raw byte channel (multistream-select
 * {@code /noise}, the Noise XX handshake, multistream-select of yamux or mplex) and then drives the
 * pure muxer session and its negotiated streams on the channel's event loop; {@code StreamImpl}
 * bounds each stream's inbound buffer and outbound queue. The host is reached only through the
 * {@link dev.causeway.libp2p.netty.HostContext} interface, so the handler runs on an {@code
 * EmbeddedChannel} in unit tests.
 */
package dev.causeway.libp2p.netty;

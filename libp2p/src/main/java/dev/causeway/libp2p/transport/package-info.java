/**
 * Transports (spec libp2p-core.md §11): {@link dev.causeway.libp2p.transport.Transports} builds the
 * client and server pipelines for TCP, WebSocket ({@code /ws}) and WebSocket over TLS ({@code
 * /wss}, {@code /tls/ws}), with large WebSocket frames allowed and binary frames sent; it fires
 * {@link dev.causeway.libp2p.netty.TransportReadyEvent} when libp2p bytes can flow. The only
 * package that creates bootstraps.
 */
package dev.causeway.libp2p.transport;

/**
 * Multiaddr: self-describing network addresses in text ({@code /ip4/…/tcp/…/ws/p2p/…}) and binary
 * form, with the helpers a dialer needs (peer id, socket address, WebSocket kind). Spec
 * libp2p-core.md §4. Pure values, no DNS lookups; parsing is bounded and throws {@link
 * dev.causeway.libp2p.multiaddr.MultiaddrException}.
 */
package dev.causeway.libp2p.multiaddr;

/**
 * yamux ({@code /yamux/1.0.0}, {@code spec/libp2p-core.md} §6): 12-byte-header frames, per-stream
 * flow control, pings and GoAway, as a pure {@link dev.causeway.libp2p.mux.MuxerSession}. Entry
 * point: {@link dev.causeway.libp2p.yamux.Yamux#session}.
 */
package dev.causeway.libp2p.yamux;

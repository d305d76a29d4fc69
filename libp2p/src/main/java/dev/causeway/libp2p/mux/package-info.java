/**
 * The stream-multiplexer API shared by yamux and mplex ({@code spec/libp2p-core.md} §6–§8): a
 * {@link dev.causeway.libp2p.mux.MuxerSession} turns the decrypted bytes of one connection into
 * {@link dev.causeway.libp2p.mux.MuxedStream}s and writes its encoded frames to a {@link
 * dev.causeway.libp2p.mux.FrameSink}. Sessions are pure state machines, not thread-safe, and meant
 * to be driven from the single event-loop thread that owns the connection.
 */
package dev.causeway.libp2p.mux;

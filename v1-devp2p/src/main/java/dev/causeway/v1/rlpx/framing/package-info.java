/**
 * RLPx framing (spec v1-rlpx-devp2p.md §5): {@link dev.causeway.v1.rlpx.framing.FrameCodec} turns
 * frame-data into authenticated, AES-256-CTR encrypted frames and back, using the secrets and MAC
 * sponges produced by the handshake. Pure byte-array code, no I/O; the Netty decoder accumulates
 * bytes and calls {@code decodeHeader} then {@code decodeBody}.
 */
package dev.causeway.v1.rlpx.framing;

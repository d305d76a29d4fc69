/**
 * The RLPx encrypted handshake (spec {@code v1-rlpx-devp2p.md} §3–§4): {@link
 * dev.causeway.v1.rlpx.handshake.Handshaker}, a socket-free state machine for initiator and
 * responder that speaks EIP-8 and the legacy format, the plaintext messages {@link
 * dev.causeway.v1.rlpx.handshake.AuthMessage} and {@link
 * dev.causeway.v1.rlpx.handshake.AckMessage}, and the {@link
 * dev.causeway.v1.rlpx.handshake.HandshakeSecrets} it hands to framing. Every rejection of peer
 * input is a checked {@link dev.causeway.v1.rlpx.handshake.HandshakeException}.
 */
package dev.causeway.v1.rlpx.handshake;

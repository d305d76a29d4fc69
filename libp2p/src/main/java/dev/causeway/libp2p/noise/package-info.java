/**
 * libp2p Noise ({@code /noise}, {@code Noise_XX_25519_ChaChaPoly_SHA256}; spec libp2p-core.md §5):
 * the generic Noise core ({@link dev.causeway.libp2p.noise.CipherState}, SymmetricState,
 * HandshakeState), the libp2p handshake with signed identity payloads ({@link
 * dev.causeway.libp2p.noise.NoiseHandshake} → {@link dev.causeway.libp2p.noise.NoiseSession}) and
 * the length-prefixed transport framing ({@link dev.causeway.libp2p.noise.NoiseFrameCodec}). Pure
 * code on byte arrays; the Netty adapter lives elsewhere.
 */
package dev.causeway.libp2p.noise;

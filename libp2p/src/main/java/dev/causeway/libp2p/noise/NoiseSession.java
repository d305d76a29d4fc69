package dev.causeway.libp2p.noise;

import dev.causeway.libp2p.crypto.PubKey;
import dev.causeway.libp2p.peer.PeerId;

/**
 * The result of a completed libp2p Noise handshake (spec libp2p-core.md §5.1 {@code Split()},
 * §5.4): this side's sending and receiving {@link CipherState}s (both starting at nonce 0), the
 * handshake hash and the verified remote identity. Wrap it in a {@link NoiseFrameCodec} for the
 * framed transport; the codec then owns the cipher states, so do not use them directly as well.
 */
public final class NoiseSession {
  private final boolean initiator;
  private final CipherState sender;
  private final CipherState receiver;
  private final byte[] handshakeHash;
  private final PubKey remotePublicKey;
  private final PeerId remotePeerId;
  private final byte[] remoteStaticKey;

  NoiseSession(
      boolean initiator,
      CipherState sender,
      CipherState receiver,
      byte[] handshakeHash,
      PubKey remotePublicKey,
      PeerId remotePeerId,
      byte[] remoteStaticKey) {
    this.initiator = initiator;
    this.sender = sender;
    this.receiver = receiver;
    this.handshakeHash = handshakeHash;
    this.remotePublicKey = remotePublicKey;
    this.remotePeerId = remotePeerId;
    this.remoteStaticKey = remoteStaticKey;
  }

  /**
   * The ChaCha20-Poly1305 implementation Noise uses in this JVM: {@code "jdk"}, {@code "conscrypt"}
   * or {@code "java"} (see {@code causeway.noise.aead}).
   */
  public static String aeadImplementation() {
    return Aead.implementation();
  }

  public boolean isInitiator() {
    return initiator;
  }

  /** Encrypts what this side sends (initiator: k1; responder: k2). */
  public CipherState sender() {
    return sender;
  }

  /** Decrypts what this side receives (initiator: k2; responder: k1). */
  public CipherState receiver() {
    return receiver;
  }

  /** The final handshake hash {@code h} (identical on both sides; usable for channel binding). */
  public byte[] handshakeHash() {
    return handshakeHash.clone();
  }

  public PubKey remotePublicKey() {
    return remotePublicKey;
  }

  public PeerId remotePeerId() {
    return remotePeerId;
  }

  /** The remote's static X25519 public key, as signed by its identity key. */
  public byte[] remoteStaticKey() {
    return remoteStaticKey.clone();
  }
}

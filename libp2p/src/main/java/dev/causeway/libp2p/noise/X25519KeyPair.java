package dev.causeway.libp2p.noise;

import static dev.causeway.libp2p.noise.NoiseConstants.DH_LEN;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** An X25519 key pair for Noise DH (RFC 7748 via Bouncy Castle); raw 32-byte keys. */
final class X25519KeyPair {
  private final byte[] privateKey;
  private final byte[] publicKey;

  private X25519KeyPair(byte[] privateKey) {
    this.privateKey = privateKey;
    this.publicKey = new byte[DH_LEN];
    X25519.generatePublicKey(privateKey, 0, publicKey, 0);
  }

  static X25519KeyPair generate(SecureRandom random) {
    byte[] k = new byte[DH_LEN];
    X25519.generatePrivateKey(random, k);
    return new X25519KeyPair(k);
  }

  /** From a raw 32-byte private scalar (clamped by X25519 itself, so any 32 bytes work). */
  static X25519KeyPair fromPrivate(byte[] privateKey) {
    if (privateKey.length != DH_LEN) {
      throw new IllegalArgumentException("X25519 private key must be 32 bytes");
    }
    return new X25519KeyPair(privateKey.clone());
  }

  byte[] publicKey() {
    return publicKey.clone();
  }

  /** {@code publicKey} without the defensive copy, for hashing and writing. */
  byte[] publicKeyUnsafe() {
    return publicKey;
  }

  /**
   * DH(this, remote). A low-order remote key gives an all-zero secret, which is rejected (Noise
   * spec §12.1 allows either; rejecting cannot hurt an honest peer).
   */
  byte[] dh(byte[] remotePublic) throws NoiseException {
    byte[] secret = new byte[DH_LEN];
    if (!X25519.calculateAgreement(privateKey, 0, remotePublic, 0, secret, 0)) {
      throw new NoiseException(
          NoiseException.Reason.BAD_DH_KEY, "low-order X25519 public key from remote");
    }
    return secret;
  }
}

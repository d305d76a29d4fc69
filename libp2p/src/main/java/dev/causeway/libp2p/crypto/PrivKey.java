package dev.causeway.libp2p.crypto;

/** A libp2p private key (identity key of a host). */
public interface PrivKey {
  KeyType type();

  PubKey publicKey();

  /** Signs {@code data} with this key type's scheme (secp256k1: SHA-256, low-S, DER). */
  byte[] sign(byte[] data);

  /** The deterministic PrivateKey protobuf. */
  byte[] marshal();
}

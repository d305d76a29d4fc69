package dev.causeway.libp2p.crypto;

/** A libp2p public key: verifies signatures and marshals to the PublicKey protobuf. */
public interface PubKey {
  KeyType type();

  /** The key's Data field: 32 bytes (Ed25519) or 33 compressed bytes (secp256k1). */
  byte[] raw();

  /** The deterministic PublicKey protobuf: {@code 08 <type> 12 <len> <data>}. */
  byte[] marshal();

  /** Verifies {@code signature} over {@code data} with this key type's scheme. Never throws. */
  boolean verify(byte[] data, byte[] signature);
}

package dev.causeway.libp2p.crypto;

/** libp2p key types and their protobuf numbers (spec libp2p-core.md §3.1). */
public enum KeyType {
  RSA(0),
  ED25519(1),
  SECP256K1(2),
  ECDSA(3);

  private final int number;

  KeyType(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  static KeyType of(int number) throws KeyException {
    for (KeyType t : values()) {
      if (t.number == number) {
        return t;
      }
    }
    throw new KeyException("unknown key type " + number);
  }
}

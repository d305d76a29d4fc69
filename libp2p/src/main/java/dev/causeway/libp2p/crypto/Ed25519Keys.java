package dev.causeway.libp2p.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 keys (RFC 8032, no pre-hash); private Data is seed ‖ public key (64 bytes). */
final class Ed25519Keys {
  private Ed25519Keys() {}

  static PrivKey generate(SecureRandom random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return fromSeed(seed);
  }

  static PrivKey fromSeed(byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
    }
    return new Priv(new Ed25519PrivateKeyParameters(seed, 0));
  }

  static PrivKey privateKey(byte[] data) throws KeyException {
    if (data.length != 64 && data.length != 96) {
      throw new KeyException("Ed25519 private key must be 64 bytes, got " + data.length);
    }
    Priv k = new Priv(new Ed25519PrivateKeyParameters(data, 0));
    byte[] pub = k.publicKey().raw();
    if (!Arrays.equals(pub, Arrays.copyOfRange(data, 32, 64))
        || (data.length == 96 && !Arrays.equals(pub, Arrays.copyOfRange(data, 64, 96)))) {
      throw new KeyException("Ed25519 private key's public half does not match its seed");
    }
    return k;
  }

  static PubKey publicKey(byte[] data) throws KeyException {
    if (data.length != 32) {
      throw new KeyException("Ed25519 public key must be 32 bytes, got " + data.length);
    }
    try {
      return new Pub(new Ed25519PublicKeyParameters(data, 0));
    } catch (IllegalArgumentException e) {
      throw new KeyException("invalid Ed25519 public key", e);
    }
  }

  static final class Priv implements PrivKey {
    private final Ed25519PrivateKeyParameters key;
    private final Pub pub;

    Priv(Ed25519PrivateKeyParameters key) {
      this.key = key;
      this.pub = new Pub(key.generatePublicKey());
    }

    @Override
    public KeyType type() {
      return KeyType.ED25519;
    }

    @Override
    public PubKey publicKey() {
      return pub;
    }

    @Override
    public byte[] sign(byte[] data) {
      Ed25519Signer s = new Ed25519Signer();
      s.init(true, key);
      s.update(data, 0, data.length);
      return s.generateSignature();
    }

    @Override
    public byte[] marshal() {
      byte[] d = new byte[64];
      System.arraycopy(key.getEncoded(), 0, d, 0, 32);
      System.arraycopy(pub.raw(), 0, d, 32, 32);
      return Keys.marshal(KeyType.ED25519, d, true);
    }
  }

  static final class Pub implements PubKey {
    private final Ed25519PublicKeyParameters key;

    Pub(Ed25519PublicKeyParameters key) {
      this.key = key;
    }

    @Override
    public KeyType type() {
      return KeyType.ED25519;
    }

    @Override
    public byte[] raw() {
      return key.getEncoded();
    }

    @Override
    public byte[] marshal() {
      return Keys.marshal(KeyType.ED25519, raw(), false);
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
      if (signature == null || signature.length != 64) {
        return false;
      }
      Ed25519Signer s = new Ed25519Signer();
      s.init(false, key);
      s.update(data, 0, data.length);
      return s.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Pub p && Arrays.equals(raw(), p.raw());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(raw());
    }
  }
}

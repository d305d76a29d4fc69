package dev.causeway.libp2p.crypto;

import dev.causeway.common.crypto.CryptoException;
import dev.causeway.common.crypto.Secp256k1;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * secp256k1 identity keys as libp2p uses them: 33-byte compressed public keys, ECDSA over SHA-256
 * of the message with RFC 6979 nonces, low-S, DER-encoded (spec libp2p-core.md §3.1). Key math is
 * shared with the v1 stack's {@link Secp256k1}.
 */
final class Secp256k1Keys {
  private Secp256k1Keys() {}

  static PrivKey generate(SecureRandom random) {
    return new Priv(Secp256k1.KeyPair.random(random));
  }

  static PrivKey fromPrivate(byte[] d) {
    return new Priv(Secp256k1.KeyPair.fromPrivateKey(d));
  }

  static PubKey publicKey(byte[] data) throws KeyException {
    if (data.length != 33 && data.length != 65) {
      throw new KeyException("secp256k1 public key must be 33 bytes, got " + data.length);
    }
    try {
      return new Pub(Secp256k1.decodePoint(data));
    } catch (CryptoException e) {
      throw new KeyException("invalid secp256k1 public key", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static final class Priv implements PrivKey {
    private final Secp256k1.KeyPair key;
    private final Pub pub;

    Priv(Secp256k1.KeyPair key) {
      this.key = key;
      try {
        this.pub = new Pub(Secp256k1.decodePoint(key.publicKey()));
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public KeyType type() {
      return KeyType.SECP256K1;
    }

    @Override
    public PubKey publicKey() {
      return pub;
    }

    @Override
    public byte[] sign(byte[] data) {
      byte[] rsv = Secp256k1.sign(key, sha256(data)); // RFC 6979, low-S
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rsv, 0, 32))));
      v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rsv, 32, 64))));
      try {
        return new DERSequence(v).getEncoded();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public byte[] marshal() {
      return Keys.marshal(KeyType.SECP256K1, key.privateKey(), true);
    }

    /** The 32-byte scalar. */
    byte[] scalar() {
      return key.privateKey();
    }
  }

  static final class Pub implements PubKey {
    private final ECPoint point;
    private final byte[] compressed;

    Pub(ECPoint point) {
      this.point = point.normalize();
      this.compressed = this.point.getEncoded(true);
    }

    @Override
    public KeyType type() {
      return KeyType.SECP256K1;
    }

    @Override
    public byte[] raw() {
      return compressed.clone();
    }

    @Override
    public byte[] marshal() {
      return Keys.marshal(KeyType.SECP256K1, compressed, false);
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
      if (signature == null || signature.length > 72) {
        return false;
      }
      BigInteger r;
      BigInteger s;
      try {
        ASN1Primitive p = ASN1Primitive.fromByteArray(signature);
        if (!(p instanceof ASN1Sequence seq) || seq.size() != 2) {
          return false;
        }
        r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
        s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
        if (!Arrays.equals(new DERSequence(seq.toArray()).getEncoded(), signature)) {
          return false; // not strict DER
        }
      } catch (IOException | IllegalArgumentException e) {
        return false;
      }
      ECDSASigner v = new ECDSASigner();
      v.init(false, new ECPublicKeyParameters(point, Secp256k1.CURVE));
      return v.verifySignature(sha256(data), r, s);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Pub p && Arrays.equals(compressed, p.compressed);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(compressed);
    }
  }
}

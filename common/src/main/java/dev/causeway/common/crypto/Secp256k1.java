package dev.causeway.common.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.custom.sec.SecP256K1Curve;

/**
 * secp256k1 operations as Ethereum uses them: raw 64-byte public keys (X‖Y, no 0x04 prefix), ECDH
 * returning the 32-byte x-coordinate, and recoverable ECDSA over a caller-supplied 32-byte digest
 * with low-S signatures encoded {@code r(32) ‖ s(32) ‖ v(1)} where v is the recovery id 0/1.
 *
 * <p>Spec: {@code v1-rlpx-devp2p.md} §2–§4.1 and §9; {@code payload-encryption.md} §3.
 */
public final class Secp256k1 {
  public static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  public static final ECDomainParameters CURVE =
      new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(), PARAMS.getN(), PARAMS.getH());
  static final BigInteger N = PARAMS.getN();
  private static final BigInteger HALF_N = N.shiftRight(1);
  private static final FixedPointCombMultiplier G_MULT = new FixedPointCombMultiplier();
  public static final int PUBLIC_KEY_LENGTH = 64;
  public static final int SIGNATURE_LENGTH = 65;

  private Secp256k1() {}

  /** A key pair: 32-byte private scalar and the matching raw 64-byte public key. */
  public static final class KeyPair {
    private final BigInteger priv;
    private final byte[] privateKey;
    private final byte[] publicKey;

    private KeyPair(BigInteger priv) {
      this.priv = priv;
      this.privateKey = toBytes32(priv);
      this.publicKey = encodeRaw(G_MULT.multiply(CURVE.getG(), priv).normalize());
    }

    /** A key pair from a 32-byte private key; rejects 0 and values ≥ n. */
    public static KeyPair fromPrivateKey(byte[] privateKey) {
      if (privateKey.length != 32) {
        throw new IllegalArgumentException("private key must be 32 bytes");
      }
      BigInteger d = new BigInteger(1, privateKey);
      if (d.signum() == 0 || d.compareTo(N) >= 0) {
        throw new IllegalArgumentException("private key out of range");
      }
      return new KeyPair(d);
    }

    /** A fresh random key pair. */
    public static KeyPair random(SecureRandom random) {
      byte[] b = new byte[32];
      while (true) {
        random.nextBytes(b);
        BigInteger d = new BigInteger(1, b);
        if (d.signum() > 0 && d.compareTo(N) < 0) {
          return new KeyPair(d);
        }
      }
    }

    /** A copy of the 32-byte private key. */
    public byte[] privateKey() {
      return privateKey.clone();
    }

    /** A copy of the raw 64-byte public key (node id). */
    public byte[] publicKey() {
      return publicKey.clone();
    }

    BigInteger d() {
      return priv;
    }

    @Override
    public String toString() {
      return "KeyPair{pub=" + dev.causeway.common.hex.Hex.encode(publicKey) + "}";
    }
  }

  /**
   * Parses a public key: 64 raw bytes, 65 bytes with a 0x04 prefix or 33 compressed bytes.
   *
   * @throws CryptoException if the bytes do not encode a point on the curve
   */
  public static ECPoint decodePoint(byte[] key) throws CryptoException {
    try {
      byte[] enc;
      if (key.length == 64) {
        enc = new byte[65];
        enc[0] = 0x04;
        System.arraycopy(key, 0, enc, 1, 64);
      } else if (key.length == 65 || key.length == 33) {
        enc = key;
      } else {
        throw new CryptoException("public key has invalid length " + key.length);
      }
      ECPoint p = CURVE.getCurve().decodePoint(enc);
      if (p.isInfinity() || !p.isValid()) {
        throw new CryptoException("public key is not a valid curve point");
      }
      return p.normalize();
    } catch (IllegalArgumentException e) {
      throw new CryptoException("public key is not a valid curve point", e);
    }
  }

  /** Raw 64-byte form (X‖Y) of a normalized point. */
  public static byte[] encodeRaw(ECPoint p) {
    byte[] enc = p.normalize().getEncoded(false);
    return Arrays.copyOfRange(enc, 1, 65);
  }

  /** 33-byte compressed form of a raw, 65-byte or 33-byte public key. */
  public static byte[] compress(byte[] publicKey) throws CryptoException {
    return decodePoint(publicKey).getEncoded(true);
  }

  /** ECDH: the 32-byte x-coordinate of {@code priv · pub}, left zero-padded. */
  public static byte[] ecdh(KeyPair own, byte[] remotePublicKey) throws CryptoException {
    ECPoint p = decodePoint(remotePublicKey);
    return ecdh(own, p);
  }

  /** ECDH with an already decoded point. */
  public static byte[] ecdh(KeyPair own, ECPoint remote) {
    ECPoint s = remote.multiply(own.d()).normalize();
    return toBytes32(s.getAffineXCoord().toBigInteger());
  }

  /**
   * Recoverable ECDSA over a 32-byte digest (no hashing), deterministic k (RFC 6979), low-S.
   *
   * @return {@code r(32) ‖ s(32) ‖ v(1)} with v = recovery id 0 or 1
   */
  public static byte[] sign(KeyPair key, byte[] digest32) {
    if (digest32.length != 32) {
      throw new IllegalArgumentException("digest must be 32 bytes");
    }
    BigInteger e = new BigInteger(1, digest32);
    BigInteger d = key.d();
    HMacDSAKCalculator kCalc = new HMacDSAKCalculator(new SHA256Digest());
    kCalc.init(N, d, digest32);
    while (true) {
      BigInteger k = kCalc.nextK();
      ECPoint rp = G_MULT.multiply(CURVE.getG(), k).normalize();
      BigInteger rx = rp.getAffineXCoord().toBigInteger();
      BigInteger r = rx.mod(N);
      if (r.signum() == 0) {
        continue;
      }
      BigInteger s = k.modInverse(N).multiply(e.add(d.multiply(r))).mod(N);
      if (s.signum() == 0) {
        continue;
      }
      int recId = (rp.getAffineYCoord().testBitZero() ? 1 : 0) | (rx.compareTo(N) >= 0 ? 2 : 0);
      if (s.compareTo(HALF_N) > 0) {
        s = N.subtract(s);
        recId ^= 1;
      }
      if (recId > 1) {
        continue; // practically unreachable (probability ~2^-127); keep v in {0,1}
      }
      byte[] sig = new byte[SIGNATURE_LENGTH];
      System.arraycopy(toBytes32(r), 0, sig, 0, 32);
      System.arraycopy(toBytes32(s), 0, sig, 32, 32);
      sig[64] = (byte) recId;
      return sig;
    }
  }

  /**
   * Recovers the raw 64-byte public key that produced {@code sig} over {@code digest32}. Accepts v
   * in {0,1} and, leniently, {27,28}.
   *
   * @throws CryptoException if the signature is malformed or recovers no valid key
   */
  public static byte[] recover(byte[] sig, byte[] digest32) throws CryptoException {
    if (sig.length != SIGNATURE_LENGTH) {
      throw new CryptoException("signature must be 65 bytes, got " + sig.length);
    }
    if (digest32.length != 32) {
      throw new CryptoException("digest must be 32 bytes");
    }
    int v = sig[64] & 0xff;
    if (v == 27 || v == 28) {
      v -= 27;
    }
    if (v > 1) {
      throw new CryptoException("invalid recovery id " + (sig[64] & 0xff));
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0 || s.compareTo(N) >= 0) {
      throw new CryptoException("signature values out of range");
    }
    BigInteger prime = SecP256K1Curve.q;
    if (r.compareTo(prime) >= 0) {
      throw new CryptoException("signature r out of field range");
    }
    ECPoint rPoint;
    try {
      byte[] comp = new byte[33];
      comp[0] = (byte) (v == 1 ? 0x03 : 0x02);
      System.arraycopy(toBytes32(r), 0, comp, 1, 32);
      rPoint = CURVE.getCurve().decodePoint(comp);
    } catch (IllegalArgumentException ex) {
      throw new CryptoException("signature r is not an x-coordinate on the curve", ex);
    }
    BigInteger e = new BigInteger(1, digest32);
    BigInteger rInv = r.modInverse(N);
    BigInteger u1 = N.subtract(e).multiply(rInv).mod(N);
    BigInteger u2 = s.multiply(rInv).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, rPoint, u2).normalize();
    if (q.isInfinity()) {
      throw new CryptoException("signature recovers the point at infinity");
    }
    return encodeRaw(q);
  }

  /** Big-endian, exactly 32 bytes (left-padded or with a leading sign byte removed). */
  public static byte[] toBytes32(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b.length == 32) {
      return b;
    }
    byte[] out = new byte[32];
    if (b.length > 32) {
      System.arraycopy(b, b.length - 32, out, 0, 32);
    } else {
      System.arraycopy(b, 0, out, 32 - b.length, b.length);
    }
    return out;
  }
}

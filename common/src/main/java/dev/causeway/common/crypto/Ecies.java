package dev.causeway.common.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The ECIES variant of devp2p and Waku asymmetric payloads: secp256k1 ECDH, NIST concat-KDF with
 * SHA-256 and empty shared info, AES-128-CTR, HMAC-SHA256 keyed with SHA-256 of the KDF's second
 * half over {@code IV ‖ ciphertext ‖ s2}.
 *
 * <p>Output layout: {@code R(65, 0x04-prefixed) ‖ IV(16) ‖ ciphertext ‖ tag(32)}, overhead 113
 * bytes. Spec: {@code v1-rlpx-devp2p.md} §3, {@code payload-encryption.md} §5.
 */
public final class Ecies {
  public static final int OVERHEAD = 65 + 16 + 32;
  private static final byte[] EMPTY = new byte[0];

  private Ecies() {}

  /** Encrypts with a fresh ephemeral key and IV. {@code s2} may be null for empty. */
  public static byte[] encrypt(
      byte[] recipientPublicKey, byte[] plaintext, byte[] s2, SecureRandom random)
      throws CryptoException {
    byte[] iv = new byte[16];
    random.nextBytes(iv);
    return encrypt(recipientPublicKey, plaintext, s2, Secp256k1.KeyPair.random(random), iv);
  }

  /** Deterministic encryption with a given ephemeral key and IV (for vectors and tests). */
  public static byte[] encrypt(
      byte[] recipientPublicKey,
      byte[] plaintext,
      byte[] s2,
      Secp256k1.KeyPair ephemeral,
      byte[] iv)
      throws CryptoException {
    if (iv.length != 16) {
      throw new IllegalArgumentException("IV must be 16 bytes");
    }
    ECPoint remote = Secp256k1.decodePoint(recipientPublicKey);
    byte[] z = Secp256k1.ecdh(ephemeral, remote);
    byte[][] keys = deriveKeys(z);
    byte[] out = new byte[OVERHEAD + plaintext.length];
    out[0] = 0x04;
    System.arraycopy(ephemeral.publicKey(), 0, out, 1, 64);
    System.arraycopy(iv, 0, out, 65, 16);
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys[0], "AES"), new IvParameterSpec(iv));
      int n = aes.doFinal(plaintext, 0, plaintext.length, out, 81);
      if (n != plaintext.length) {
        throw new IllegalStateException("CTR output length mismatch");
      }
      byte[] tag = mac(keys[1], out, 65, 16 + plaintext.length, s2 == null ? EMPTY : s2);
      System.arraycopy(tag, 0, out, 81 + plaintext.length, 32);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA AES/HMAC unavailable", e);
    }
  }

  /** Decrypts all of {@code data}. */
  public static byte[] decrypt(Secp256k1.KeyPair recipient, byte[] data, byte[] s2)
      throws CryptoException {
    return decrypt(recipient, data, 0, data.length, s2);
  }

  /**
   * Decrypts {@code len} bytes at {@code off}; the tag is checked in constant time before
   * decrypting.
   *
   * @throws CryptoException if the data is too short, R is not a curve point, or the tag fails
   */
  public static byte[] decrypt(
      Secp256k1.KeyPair recipient, byte[] data, int off, int len, byte[] s2)
      throws CryptoException {
    if (len < OVERHEAD) {
      throw new CryptoException("ECIES message too short: " + len);
    }
    if (data[off] != 0x04) {
      throw new CryptoException("ECIES ephemeral key is not uncompressed");
    }
    ECPoint r = Secp256k1.decodePoint(Arrays.copyOfRange(data, off + 1, off + 65));
    byte[] z = Secp256k1.ecdh(recipient, r);
    byte[][] keys = deriveKeys(z);
    int ctLen = len - OVERHEAD;
    try {
      byte[] expected = mac(keys[1], data, off + 65, 16 + ctLen, s2 == null ? EMPTY : s2);
      byte[] tag = Arrays.copyOfRange(data, off + 81 + ctLen, off + len);
      if (!MessageDigest.isEqual(expected, tag)) {
        throw new CryptoException("ECIES tag mismatch");
      }
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(keys[0], "AES"),
          new IvParameterSpec(data, off + 65, 16));
      return aes.doFinal(data, off + 81, ctLen);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA AES/HMAC unavailable", e);
    }
  }

  /** Returns {kE (16 bytes), kM (32 bytes = SHA-256 of the KDF's second half)}. */
  private static byte[][] deriveKeys(byte[] z) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(new byte[] {0, 0, 0, 1});
      sha.update(z);
      byte[] k = sha.digest();
      byte[] ke = Arrays.copyOfRange(k, 0, 16);
      byte[] km = sha.digest(Arrays.copyOfRange(k, 16, 32));
      return new byte[][] {ke, km};
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static byte[] mac(byte[] km, byte[] buf, int off, int len, byte[] s2)
      throws GeneralSecurityException {
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(km, "HmacSHA256"));
    hmac.update(buf, off, len);
    hmac.update(s2);
    return hmac.doFinal();
  }
}

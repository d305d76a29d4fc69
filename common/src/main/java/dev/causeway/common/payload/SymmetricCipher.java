package dev.causeway.common.payload;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Waku symmetric payload encryption: AES-256-GCM with a 12-byte nonce, no AAD and a 16-byte tag,
 * serialized as {@code ciphertext ‖ tag ‖ nonce} (28 bytes of overhead). Spec {@code
 * payload-encryption.md} §4.
 *
 * <p>Keys must be 32 bytes and not all zero (status-go {@code ValidateDataIntegrity}). Decryption
 * accepts any input array and only ever throws {@link PayloadException}.
 */
public final class SymmetricCipher {
  /*
   * Design: Java's AES/GCM/NoPadding produces and expects `ciphertext || tag`, exactly Go's
   * aesgcm.Seal/Open layout, so the nonce is simply appended after it and split off again. A new
   * Cipher per call keeps the class stateless and thread-safe; the JCA GCM implementation refuses
   * to re-use a (key, nonce) pair on one instance anyway. The deterministic-nonce overload exists
   * for vectors; production callers use the SecureRandom overload, which draws a fresh nonce per
   * message (never reuse a nonce with a key).
   */

  /** AES-256 key length. */
  public static final int KEY_LENGTH = 32;

  /** GCM nonce length, appended to the output. */
  public static final int NONCE_LENGTH = 12;

  /** GCM tag length. */
  public static final int TAG_LENGTH = 16;

  /** Bytes added to the plaintext by encryption. */
  public static final int OVERHEAD = TAG_LENGTH + NONCE_LENGTH;

  private SymmetricCipher() {}

  /** Encrypts with a fresh random nonce from {@code random}. */
  public static byte[] encrypt(byte[] key, byte[] plaintext, SecureRandom random)
      throws PayloadException {
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(nonce);
    return encrypt(key, plaintext, nonce);
  }

  /**
   * Encrypts with the given nonce. Only for vectors and tests: a nonce must never be used twice
   * with the same key.
   */
  public static byte[] encrypt(byte[] key, byte[] plaintext, byte[] nonce) throws PayloadException {
    checkKey(key);
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes");
    }
    if (plaintext.length > Integer.MAX_VALUE - 8 - OVERHEAD) {
      throw new PayloadException(
          PayloadException.Reason.PAYLOAD_TOO_LARGE, "plaintext too large: " + plaintext.length);
    }
    byte[] out = new byte[plaintext.length + OVERHEAD];
    try {
      Cipher gcm = cipher(Cipher.ENCRYPT_MODE, key, nonce, 0);
      int n = gcm.doFinal(plaintext, 0, plaintext.length, out, 0);
      if (n != plaintext.length + TAG_LENGTH) {
        throw new IllegalStateException("GCM output length mismatch: " + n);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA AES/GCM unavailable", e);
    }
    System.arraycopy(nonce, 0, out, plaintext.length + TAG_LENGTH, NONCE_LENGTH);
    return out;
  }

  /**
   * Decrypts {@code ciphertext ‖ tag ‖ nonce}.
   *
   * @throws PayloadException {@link PayloadException.Reason#INVALID_KEY} for a bad key, {@link
   *     PayloadException.Reason#TOO_SHORT} below {@value #OVERHEAD} bytes, {@link
   *     PayloadException.Reason#DECRYPTION_FAILED} if the tag does not verify
   */
  public static byte[] decrypt(byte[] key, byte[] data) throws PayloadException {
    checkKey(key);
    if (data.length < OVERHEAD) {
      throw new PayloadException(
          PayloadException.Reason.TOO_SHORT,
          "symmetric data of " + data.length + " bytes is shorter than " + OVERHEAD);
    }
    int sealed = data.length - NONCE_LENGTH;
    try {
      Cipher gcm = cipher(Cipher.DECRYPT_MODE, key, data, sealed);
      return gcm.doFinal(data, 0, sealed);
    } catch (AEADBadTagException e) {
      throw new PayloadException(
          PayloadException.Reason.DECRYPTION_FAILED, "AES-GCM tag mismatch", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA AES/GCM unavailable", e);
    }
  }

  /**
   * Checks that {@code key} is a usable AES-256 key: 32 bytes, not all zero.
   *
   * @throws PayloadException ({@link PayloadException.Reason#INVALID_KEY}) otherwise
   */
  public static void checkKey(byte[] key) throws PayloadException {
    if (key == null || key.length != KEY_LENGTH) {
      throw new PayloadException(
          PayloadException.Reason.INVALID_KEY,
          "symmetric key must be " + KEY_LENGTH + " bytes, got " + (key == null ? 0 : key.length));
    }
    int or = 0;
    for (byte b : key) {
      or |= b;
    }
    if (or == 0) {
      throw new PayloadException(PayloadException.Reason.INVALID_KEY, "symmetric key is all zero");
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonceBuf, int nonceOff)
      throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        mode,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(TAG_LENGTH * 8, nonceBuf, nonceOff, NONCE_LENGTH));
    return gcm;
  }
}

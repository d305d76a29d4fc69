package dev.causeway.common.payload;

import dev.causeway.common.crypto.CryptoException;
import dev.causeway.common.crypto.Ecies;
import dev.causeway.common.crypto.Secp256k1;
import java.security.SecureRandom;

/**
 * One-call creation and opening of Waku payloads (v1 envelope {@code data}, v2 version-1 message
 * {@code payload}): {@link WakuPayload} layout with default 256-byte padding and optional
 * signature, then AES-256-GCM ({@link SymmetricCipher}) or ECIES with empty shared info ({@link
 * Ecies}).
 *
 * <p>Every decode/decrypt method accepts arbitrary bytes and only throws {@link PayloadException}.
 * The encryption type is not marked in the data: a receiver tries its keys in turn and treats
 * {@link PayloadException.Reason#DECRYPTION_FAILED} as "not for this key". Spec {@code
 * payload-encryption.md} §1–§6.
 */
public final class PayloadCodec {
  /*
   * Design: thin composition of the layout and the two ciphers, so that callers needing explicit
   * padding or a fixed nonce can compose WakuPayload and SymmetricCipher themselves. Signing
   * happens before encryption (on the plaintext), as in every implementation. Unencrypted
   * payloads can be decoded (nim-waku accepts them) but are deliberately not offered for
   * creation: status-go refuses to create them and its filters would never see them.
   */

  private PayloadCodec() {}

  /** Builds, optionally signs and AES-GCM-encrypts {@code payload} under {@code symKey}. */
  public static byte[] encryptSymmetric(
      byte[] payload, byte[] symKey, Secp256k1.KeyPair signerOrNull, SecureRandom random)
      throws PayloadException {
    SymmetricCipher.checkKey(symKey);
    return SymmetricCipher.encrypt(
        symKey, WakuPayload.encode(payload, signerOrNull, random), random);
  }

  /**
   * Builds, optionally signs and ECIES-encrypts {@code payload} to {@code recipientPub} (raw 64
   * bytes, or 65 with {@code 0x04} prefix, or 33 compressed).
   */
  public static byte[] encryptAsymmetric(
      byte[] payload, byte[] recipientPub, Secp256k1.KeyPair signerOrNull, SecureRandom random)
      throws PayloadException {
    byte[] plaintext = WakuPayload.encode(payload, signerOrNull, random);
    try {
      return Ecies.encrypt(recipientPub, plaintext, null, random);
    } catch (CryptoException e) {
      throw new PayloadException(
          PayloadException.Reason.INVALID_KEY, "recipient key is not a curve point", e);
    }
  }

  /** AES-GCM-decrypts {@code data} with {@code key} and parses the plaintext. */
  public static DecodedPayload decryptSymmetric(byte[] data, byte[] key) throws PayloadException {
    return WakuPayload.decodeOwned(SymmetricCipher.decrypt(key, data));
  }

  /** ECIES-decrypts {@code data} with {@code key} and parses the plaintext. */
  public static DecodedPayload decryptAsymmetric(byte[] data, Secp256k1.KeyPair key)
      throws PayloadException {
    if (data.length < Ecies.OVERHEAD) {
      throw new PayloadException(
          PayloadException.Reason.TOO_SHORT,
          "asymmetric data of " + data.length + " bytes is shorter than " + Ecies.OVERHEAD);
    }
    byte[] plaintext;
    try {
      plaintext = Ecies.decrypt(key, data, null);
    } catch (CryptoException e) {
      throw new PayloadException(
          PayloadException.Reason.DECRYPTION_FAILED, "ECIES decryption failed", e);
    }
    return WakuPayload.decodeOwned(plaintext);
  }

  /** Parses an unencrypted plaintext (nim-waku's keyless mode). */
  public static DecodedPayload decodeUnencrypted(byte[] plaintext) throws PayloadException {
    return WakuPayload.decode(plaintext);
  }
}

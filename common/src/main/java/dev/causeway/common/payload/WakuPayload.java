package dev.causeway.common.payload;

import dev.causeway.common.crypto.CryptoException;
import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.crypto.Secp256k1;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Builds and parses the 26/WAKU-PAYLOAD plaintext {@code flags(1) ‖ size(N, little-endian) ‖
 * payload ‖ padding ‖ [signature(65)]} (spec {@code payload-encryption.md} §1–§3, §6).
 *
 * <p>Building uses the minimal N (1..3), pads to a multiple of 256 bytes with bytes from the
 * injected {@link SecureRandom} unless explicit padding is given, and signs keccak256 of everything
 * before the signature with a recovery id of 0/1. Parsing accepts any input array: it never reads
 * or allocates beyond the input, accepts N = 0 (empty payload) and any padding length including 0,
 * ignores unknown flag bits, accepts v = 27/28 as well as 0/1, and rejects everything else with a
 * {@link PayloadException}.
 */
public final class WakuPayload {
  /*
   * Design: parsing follows status-go's ValidateAndParse: an empty plaintext is rejected, a signed
   * plaintext needs at least two bytes before the signature (`end > 1`), the size field must fit
   * before `end`, and `1 + N + size <= end`. The signature, when flagged, must recover a valid key
   * (nim-waku and status-go both drop the payload otherwise), so a bad signature is an error and
   * never a silently unsigned payload. The cheap layout checks run before the costly key recovery,
   * so junk with the signature bit set is rejected without elliptic-curve work. Building follows status-go's sentMessage: the signature
   * flag is set before hashing, and padding is computed including the 65 signature bytes so the
   * final plaintext is 256-aligned. Payloads of 16 MiB or more cannot be expressed with N <= 3 and
   * are refused (Waku envelopes are capped at 1 MiB anyway).
   */

  /** Mask of the flag bits that hold N, the length of the size field. */
  public static final int FLAG_SIZE_MASK = 0x03;

  /** Flag bit set when a signature is appended. */
  public static final int FLAG_SIGNED = 0x04;

  /** Length of the appended signature {@code r ‖ s ‖ v}. */
  public static final int SIGNATURE_LENGTH = Secp256k1.SIGNATURE_LENGTH;

  /** Default padding aligns the plaintext to a multiple of this many bytes. */
  public static final int PADDING_BLOCK = 256;

  /** Largest payload the 3-byte size field can express. */
  public static final int MAX_PAYLOAD_LENGTH = 0xFF_FFFF;

  private WakuPayload() {}

  /**
   * Builds a plaintext with default padding (random bytes from {@code random}) so the result,
   * signature included, is a multiple of {@value #PADDING_BLOCK} bytes.
   *
   * @param signer signs the plaintext when non-null
   * @throws PayloadException ({@link PayloadException.Reason#PAYLOAD_TOO_LARGE}) if the payload
   *     exceeds {@value #MAX_PAYLOAD_LENGTH} bytes
   */
  public static byte[] encode(byte[] payload, Secp256k1.KeyPair signer, SecureRandom random)
      throws PayloadException {
    checkPayloadLength(payload.length);
    byte[] padding = new byte[paddingLength(payload.length, signer != null)];
    random.nextBytes(padding);
    return encode(payload, padding, signer);
  }

  /**
   * Builds a plaintext with the given padding used as-is (any length, including 0).
   *
   * @param signer signs the plaintext when non-null
   * @throws PayloadException ({@link PayloadException.Reason#PAYLOAD_TOO_LARGE}) if the payload
   *     exceeds {@value #MAX_PAYLOAD_LENGTH} bytes or the result would not fit in an array
   */
  public static byte[] encode(byte[] payload, byte[] padding, Secp256k1.KeyPair signer)
      throws PayloadException {
    checkPayloadLength(payload.length);
    int n = sizeFieldLength(payload.length);
    long total =
        1L + n + payload.length + (long) padding.length + (signer != null ? SIGNATURE_LENGTH : 0);
    if (total > Integer.MAX_VALUE - 8) {
      throw new PayloadException(
          PayloadException.Reason.PAYLOAD_TOO_LARGE, "plaintext too large: " + total);
    }
    byte[] out = new byte[(int) total];
    out[0] = (byte) (n | (signer != null ? FLAG_SIGNED : 0));
    for (int i = 0; i < n; i++) {
      out[1 + i] = (byte) (payload.length >>> (8 * i));
    }
    int pos = 1 + n;
    System.arraycopy(payload, 0, out, pos, payload.length);
    pos += payload.length;
    System.arraycopy(padding, 0, out, pos, padding.length);
    pos += padding.length;
    if (signer != null) {
      byte[] digest = Keccak256.hash(out, 0, pos);
      System.arraycopy(Secp256k1.sign(signer, digest), 0, out, pos, SIGNATURE_LENGTH);
    }
    return out;
  }

  /**
   * Parses a plaintext (the caller's array is not retained) and recovers the signer if flagged.
   *
   * @throws PayloadException {@link PayloadException.Reason#MALFORMED} if the layout does not fit
   *     the input, {@link PayloadException.Reason#BAD_SIGNATURE} if a flagged signature does not
   *     recover a key
   */
  public static DecodedPayload decode(byte[] plaintext) throws PayloadException {
    return decodeOwned(plaintext.clone());
  }

  /** As {@link #decode} but takes ownership of {@code plaintext} (used after decryption). */
  static DecodedPayload decodeOwned(byte[] plaintext) throws PayloadException {
    int len = plaintext.length;
    if (len < 1) {
      throw new PayloadException(PayloadException.Reason.MALFORMED, "empty plaintext");
    }
    int flags = plaintext[0] & 0xff;
    int end = len;
    boolean signed = (flags & FLAG_SIGNED) != 0;
    if (signed) {
      end = len - SIGNATURE_LENGTH;
      if (end <= 1) {
        throw new PayloadException(
            PayloadException.Reason.MALFORMED, "signed plaintext too short: " + len);
      }
    }
    int n = flags & FLAG_SIZE_MASK;
    int pos = 1;
    int size = 0;
    if (n > 0) {
      if (pos + n > end) {
        throw new PayloadException(
            PayloadException.Reason.MALFORMED, "size field of " + n + " bytes exceeds plaintext");
      }
      for (int i = 0; i < n; i++) {
        size |= (plaintext[pos + i] & 0xff) << (8 * i);
      }
      pos += n;
      if (size > end - pos) {
        throw new PayloadException(
            PayloadException.Reason.MALFORMED,
            "payload size " + size + " exceeds the " + (end - pos) + " bytes available");
      }
    }
    byte[] signer = null;
    if (signed) {
      byte[] sig = Arrays.copyOfRange(plaintext, end, len);
      try {
        signer = Secp256k1.recover(sig, Keccak256.hash(plaintext, 0, end));
      } catch (CryptoException e) {
        throw new PayloadException(
            PayloadException.Reason.BAD_SIGNATURE, "signature does not recover a key", e);
      }
    }
    return new DecodedPayload(plaintext, pos, size, end, signer);
  }

  /** The minimal size-field length N (1..3) for a payload of {@code payloadLength} bytes. */
  public static int sizeFieldLength(int payloadLength) {
    if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException("payload length out of range: " + payloadLength);
    }
    return payloadLength < 0x100 ? 1 : payloadLength < 0x1_0000 ? 2 : 3;
  }

  /**
   * The default padding length (1..256) that makes {@code 1 + N + payload + padding + signature} a
   * multiple of {@value #PADDING_BLOCK} (spec §2).
   */
  public static int paddingLength(int payloadLength, boolean signed) {
    int raw = 1 + sizeFieldLength(payloadLength) + payloadLength + (signed ? SIGNATURE_LENGTH : 0);
    return PADDING_BLOCK - (raw % PADDING_BLOCK);
  }

  private static void checkPayloadLength(int length) throws PayloadException {
    if (length > MAX_PAYLOAD_LENGTH) {
      throw new PayloadException(
          PayloadException.Reason.PAYLOAD_TOO_LARGE,
          "payload of " + length + " bytes exceeds " + MAX_PAYLOAD_LENGTH);
    }
  }
}

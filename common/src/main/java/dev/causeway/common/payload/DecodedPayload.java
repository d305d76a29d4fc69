package dev.causeway.common.payload;

import java.util.Arrays;

/**
 * The fields of a parsed 26/WAKU-PAYLOAD plaintext: application payload, padding, and, when the
 * payload was signed, the signature and the recovered signer key (raw 64 bytes, X‖Y).
 *
 * <p>Immutable: the decoded plaintext is owned by this object and every accessor returns a copy.
 * Spec {@code payload-encryption.md} §1 and §6.
 */
public final class DecodedPayload {
  private final byte[] plaintext;
  private final int payloadOffset;
  private final int payloadLength;
  private final int paddingEnd;
  private final byte[] signerPublicKey;

  /** Takes ownership of {@code plaintext}; offsets were validated by {@link WakuPayload}. */
  DecodedPayload(
      byte[] plaintext,
      int payloadOffset,
      int payloadLength,
      int paddingEnd,
      byte[] signerPublicKey) {
    this.plaintext = plaintext;
    this.payloadOffset = payloadOffset;
    this.payloadLength = payloadLength;
    this.paddingEnd = paddingEnd;
    this.signerPublicKey = signerPublicKey;
  }

  /** A copy of the application payload (empty when the size field is absent, N = 0). */
  public byte[] payload() {
    return Arrays.copyOfRange(plaintext, payloadOffset, payloadOffset + payloadLength);
  }

  /** The payload length in bytes. */
  public int payloadLength() {
    return payloadLength;
  }

  /** A copy of the padding (possibly empty). */
  public byte[] padding() {
    return Arrays.copyOfRange(plaintext, payloadOffset + payloadLength, paddingEnd);
  }

  /** Whether the signature flag was set (and the signature recovered a key). */
  public boolean isSigned() {
    return signerPublicKey != null;
  }

  /** The signer's raw 64-byte public key, or {@code null} if the payload was not signed. */
  public byte[] signerPublicKey() {
    return signerPublicKey == null ? null : signerPublicKey.clone();
  }

  /** A copy of the 65-byte signature {@code r ‖ s ‖ v}, or {@code null} if unsigned. */
  public byte[] signature() {
    return signerPublicKey == null
        ? null
        : Arrays.copyOfRange(plaintext, paddingEnd, plaintext.length);
  }

  /** A copy of the whole decrypted plaintext, exactly as parsed. */
  public byte[] plaintext() {
    return plaintext.clone();
  }

  /** The plaintext length in bytes. */
  public int plaintextLength() {
    return plaintext.length;
  }

  @Override
  public String toString() {
    return "DecodedPayload{payload="
        + payloadLength
        + " bytes, padding="
        + (paddingEnd - payloadOffset - payloadLength)
        + " bytes, signed="
        + isSigned()
        + "}";
  }
}

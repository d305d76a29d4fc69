package dev.causeway.common.payload;

import java.util.Objects;

/**
 * A Waku payload could not be built, decrypted or parsed. Checked; carries a {@link Reason} from a
 * closed set so callers can count rejections by category. For decryption, {@link
 * Reason#DECRYPTION_FAILED} normally just means "not for this key" (spec {@code
 * payload-encryption.md} §5–§6).
 */
public final class PayloadException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a payload was rejected. */
  public enum Reason {
    /** A symmetric key is not 32 bytes or is all zero, or a public key is not a curve point. */
    INVALID_KEY,
    /** The payload is too large for the 3-byte size field (encoding only). */
    PAYLOAD_TOO_LARGE,
    /** The encrypted data is shorter than the cipher's fixed overhead. */
    TOO_SHORT,
    /** The AES-GCM tag or ECIES MAC did not verify, or the ECIES ephemeral key is invalid. */
    DECRYPTION_FAILED,
    /** The plaintext layout is inconsistent (empty, size field or payload beyond the end). */
    MALFORMED,
    /** The signature flag is set but the signature does not recover a public key. */
    BAD_SIGNATURE
  }

  private final Reason reason;

  public PayloadException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public PayloadException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The rejection category. */
  public Reason reason() {
    return reason;
  }
}

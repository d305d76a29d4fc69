package dev.causeway.libp2p.noise;

/**
 * A Noise handshake or transport message was rejected (spec libp2p-core.md §5). Every failure is
 * fatal for the connection: the caller closes it and never retries with the same state. {@link
 * #reason()} is a closed set, suitable as a metrics tag.
 */
public class NoiseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a message was rejected. */
  public enum Reason {
    /** A length is outside what the handshake message or frame allows. */
    BAD_SIZE,
    /** AEAD tag check failed: tampered, misrouted or out-of-order ciphertext. */
    BAD_TAG,
    /** The remote sent a low-order X25519 public key (all-zero shared secret). */
    BAD_DH_KEY,
    /** The handshake payload is not a valid NoiseHandshakePayload or lacks a field. */
    BAD_PAYLOAD,
    /** The identity key in the payload is malformed or of an unsupported type. */
    BAD_IDENTITY_KEY,
    /** The identity signature over the static key does not verify. */
    BAD_SIGNATURE,
    /** The remote's peer id is not the one the dialer expected. */
    PEER_ID_MISMATCH,
    /** The 64-bit nonce of a cipher state is used up (libp2p never rekeys). */
    NONCE_EXHAUSTED,
    /** The codec already failed; the connection must be closed. */
    FAILED_EARLIER
  }

  private final Reason reason;

  public NoiseException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public NoiseException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package dev.causeway.v1.rlpx.handshake;

/**
 * The RLPx handshake failed because of what the peer sent: a packet that does not decrypt (bad
 * ECIES tag, not addressed to our key), bad RLP, an unusable signature or public key, or an
 * impossible size. The connection must be closed. Spec {@code v1-rlpx-devp2p.md} §4.
 */
public class HandshakeException extends Exception {
  private static final long serialVersionUID = 1L;

  public HandshakeException(String message) {
    super(message);
  }

  public HandshakeException(String message, Throwable cause) {
    super(message, cause);
  }
}

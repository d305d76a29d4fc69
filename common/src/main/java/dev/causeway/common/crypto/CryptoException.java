package dev.causeway.common.crypto;

/** A cryptographic input was invalid (bad point, bad signature, failed MAC or tag). Checked. */
public class CryptoException extends Exception {
  private static final long serialVersionUID = 1L;

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.causeway.libp2p.crypto;

/** A key or signature encoding is malformed or of an unsupported type. */
public class KeyException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeyException(String message) {
    super(message);
  }

  public KeyException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.causeway.bridge.translate;

/** {@code meta} carries the Causeway tag magic but is not a valid tag. */
public final class BridgeTagException extends Exception {
  private static final long serialVersionUID = 1L;

  public BridgeTagException(String message) {
    super(message);
  }
}

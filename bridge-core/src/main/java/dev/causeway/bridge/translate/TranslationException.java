package dev.causeway.bridge.translate;

/** An item cannot be translated; {@link #reason()} says why. */
public final class TranslationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final SkipReason reason;

  public TranslationException(SkipReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public SkipReason reason() {
    return reason;
  }
}

package dev.causeway.v2.store.archive;

/** An archive operation failed (stand-in). */
public final class ArchiveException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    CURSOR_NOT_FOUND,
    INVALID_QUERY,
    DRIVER_ERROR,
    CLOSED,
    OVERLOADED
  }

  private final Kind kind;

  public ArchiveException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}

package dev.causeway.v2.store.archive;

/**
 * A failed archive operation, with the reason as a closed {@link Kind} (the store protocol maps
 * every kind to status 300 like nwaku, or to 400/503 where it knows better; spec v2-store.md §3.4).
 */
public final class ArchiveException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an operation failed. */
  public enum Kind {
    /** The query's cursor hash is not stored (nwaku: "cursor not found"). */
    CURSOR_NOT_FOUND,
    /** The query or URL is malformed or over a configured limit. */
    INVALID_QUERY,
    /** The database failed (I/O, SQL, corrupt row, schema newer than this build). */
    DRIVER_ERROR,
    /** The archive was closed. */
    CLOSED,
    /** The bounded insert queue is full; the message was dropped and counted. */
    OVERLOADED
  }

  private final Kind kind;

  public ArchiveException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = kind;
  }

  public ArchiveException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}

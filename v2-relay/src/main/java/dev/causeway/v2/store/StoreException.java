package dev.causeway.v2.store;

import java.util.OptionalInt;

/**
 * A store query as a client failed (spec v2-store.md §3.3-§3.4): the stream could not be opened or
 * broke, the answer did not decode, did not come in time, or carried a failure status.
 */
public final class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** Dial failure or the peer does not serve the protocol. */
    STREAM_OPEN_FAILED,
    /** The stream was reset, failed on write, or ended before a whole response. */
    STREAM_FAILED,
    /** The response did not decode (see the cause). */
    MALFORMED,
    /** No whole response within the timeout. */
    TIMEOUT,
    /** The response carries a non-2xx status code, or none ({@link #statusCode()}). */
    STATUS,
    /** Paging did not end within the allowed number of pages. */
    TOO_MANY_PAGES
  }

  private final Reason reason;
  private final OptionalInt statusCode;

  public StoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.statusCode = OptionalInt.empty();
  }

  public StoreException(Reason reason, String message) {
    this(reason, message, (Throwable) null);
  }

  /** A {@link Reason#STATUS} failure. */
  public StoreException(OptionalInt statusCode, String message) {
    super(message);
    this.reason = Reason.STATUS;
    this.statusCode = statusCode;
  }

  public Reason reason() {
    return reason;
  }

  /** For {@link Reason#STATUS}: the code the server sent, if any. */
  public OptionalInt statusCode() {
    return statusCode;
  }
}

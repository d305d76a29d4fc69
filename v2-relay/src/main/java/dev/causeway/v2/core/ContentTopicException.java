package dev.causeway.v2.core;

/**
 * A content topic does not have the form {@code /{app}/{version}/{name}/{encoding}} or {@code
 * /{generation}/{app}/{version}/{name}/{encoding}} (spec v2-message-relay-sharding.md §4.1).
 */
public final class ContentTopicException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a content topic was refused. */
  public enum Reason {
    /** The topic does not start with {@code /} (nwaku: "topic must start with slash"). */
    NO_LEADING_SLASH,
    /** Not 4 or 5 parts after the leading slash. */
    WRONG_PART_COUNT,
    /** One of the parts is empty (e.g. {@code //} or a trailing slash). */
    EMPTY_PART,
    /** A 5-part topic whose first part is not a decimal number. */
    GENERATION_NOT_A_NUMBER,
    /** Generation above 0 (nwaku and js-waku: "Generation > 0 are not supported yet"). */
    UNSUPPORTED_GENERATION
  }

  private final Reason reason;

  public ContentTopicException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

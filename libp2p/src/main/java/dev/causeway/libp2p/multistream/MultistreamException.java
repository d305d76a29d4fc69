package dev.causeway.libp2p.multistream;

/**
 * multistream-select negotiation failed (spec libp2p-core.md §2); {@link #reason()} says how. The
 * channel cannot be used afterwards and should be closed or reset.
 */
public class MultistreamException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a negotiation failed. */
  public enum Reason {
    /** The first message was not {@code /multistream/1.0.0}. */
    BAD_HEADER,
    /** Bad length prefix, missing trailing newline or invalid UTF-8. */
    MALFORMED_MESSAGE,
    /** A message longer than {@link Multistream#MAX_MESSAGE_LENGTH}. */
    MESSAGE_TOO_LARGE,
    /** The responder answered {@code na} to every proposal. */
    NOT_SUPPORTED,
    /** The initiator made more rejected proposals than the responder allows. */
    TOO_MANY_ATTEMPTS,
    /** The responder answered a proposal with something other than its echo or {@code na}. */
    UNEXPECTED_MESSAGE
  }

  private final Reason reason;

  public MultistreamException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

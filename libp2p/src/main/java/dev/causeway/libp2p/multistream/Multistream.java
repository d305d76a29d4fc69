package dev.causeway.libp2p.multistream;

/** Protocol ids, commands and limits of multistream-select 1.0 (spec libp2p-core.md §2). */
public final class Multistream {
  /** The header both sides send first. */
  public static final String PROTOCOL_ID = "/multistream/1.0.0";

  /** "Not available": the answer to a proposal the responder does not support. */
  public static final String NA = "na";

  /** Request for the responder's protocol list. */
  public static final String LS = "ls";

  /**
   * Largest message body, in bytes, including the trailing newline (js-libp2p, nim-libp2p and
   * go-multistream all read at most 1024).
   */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  /**
   * Default bound on the proposals an initiator may be given and on the proposals (and {@code ls}
   * requests) a responder rejects before giving up.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 16;

  private Multistream() {}
}

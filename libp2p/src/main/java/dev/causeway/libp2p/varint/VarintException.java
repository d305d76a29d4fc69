package dev.causeway.libp2p.varint;

/**
 * A varint or a length-prefixed message is malformed: non-minimal or overlong varint, a length
 * above the caller's limit, or a truncated input where a complete one was required (spec
 * libp2p-core.md §1). The stream it came from is no longer in step and should be closed.
 */
public class VarintException extends Exception {
  private static final long serialVersionUID = 1L;

  public VarintException(String message) {
    super(message);
  }
}

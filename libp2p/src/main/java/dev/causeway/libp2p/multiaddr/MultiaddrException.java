package dev.causeway.libp2p.multiaddr;

/**
 * A multiaddr in text or binary form is malformed, too large, or uses a protocol this
 * implementation does not know (spec libp2p-core.md §4).
 */
public class MultiaddrException extends Exception {
  private static final long serialVersionUID = 1L;

  public MultiaddrException(String message) {
    super(message);
  }
}

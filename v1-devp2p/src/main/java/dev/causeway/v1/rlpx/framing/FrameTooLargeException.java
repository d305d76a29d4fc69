package dev.causeway.v1.rlpx.framing;

/**
 * An authentic frame header announced a frame-size above our limit. The ingress stream cannot be
 * resynchronised, but the egress side is intact, so the peer can still be told why it is dropped.
 */
public final class FrameTooLargeException extends FramingException {
  private static final long serialVersionUID = 1L;

  public FrameTooLargeException(String message) {
    super(message);
  }
}

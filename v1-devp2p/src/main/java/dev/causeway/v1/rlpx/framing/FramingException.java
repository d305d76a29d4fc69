package dev.causeway.v1.rlpx.framing;

/**
 * An inbound RLPx frame failed authentication or is malformed (bad header or frame MAC, non-zero
 * header-data, frame-size above the limit). The connection must be closed: the ingress MAC and
 * cipher states are no longer in step with the peer (spec v1-rlpx-devp2p.md §5.4).
 */
public class FramingException extends Exception {
  private static final long serialVersionUID = 1L;

  public FramingException(String message) {
    super(message);
  }

  public FramingException(String message, Throwable cause) {
    super(message, cause);
  }
}

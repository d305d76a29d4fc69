package dev.causeway.v1.rlp;

/** Input is not valid canonical RLP, or does not have the shape the caller expected. */
public class RlpException extends Exception {
  private static final long serialVersionUID = 1L;

  public RlpException(String message) {
    super(message);
  }
}

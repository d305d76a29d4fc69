package dev.causeway.v1.rlpx.wire;

/**
 * The devp2p Pong message (id 0x03), msg-data {@code c0}, the answer to a {@link PingMessage} (spec
 * v1-rlpx-devp2p.md §7.3). Decoding is as tolerant as Ping's.
 */
public final class PongMessage {
  public static final PongMessage INSTANCE = new PongMessage();

  private PongMessage() {}

  /** The msg-data, a fresh {@code c0}. */
  public byte[] encode() {
    return EmptyListMessages.encode();
  }

  /**
   * Accepts Pong msg-data.
   *
   * @throws WireException if the data is not empty and does not start with a well-formed RLP item
   */
  public static PongMessage readFrom(byte[] msgData) throws WireException {
    EmptyListMessages.check(msgData, "Pong");
    return INSTANCE;
  }

  @Override
  public String toString() {
    return "Pong";
  }
}

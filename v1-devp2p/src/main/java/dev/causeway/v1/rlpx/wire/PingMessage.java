package dev.causeway.v1.rlpx.wire;

/**
 * The devp2p Ping message (id 0x02), msg-data {@code c0} (spec v1-rlpx-devp2p.md §7.3). Answer
 * every Ping with a {@link PongMessage}.
 *
 * <p>Decoding is tolerant, as go-ethereum never looks at the payload: empty msg-data or any single
 * well-formed RLP item (with anything after it) is accepted; only bytes that are not RLP are a
 * {@link WireException}.
 */
public final class PingMessage {
  public static final PingMessage INSTANCE = new PingMessage();

  private PingMessage() {}

  /** The msg-data, a fresh {@code c0}. */
  public byte[] encode() {
    return EmptyListMessages.encode();
  }

  /**
   * Accepts Ping msg-data.
   *
   * @throws WireException if the data is not empty and does not start with a well-formed RLP item
   */
  public static PingMessage readFrom(byte[] msgData) throws WireException {
    EmptyListMessages.check(msgData, "Ping");
    return INSTANCE;
  }

  @Override
  public String toString() {
    return "Ping";
  }
}

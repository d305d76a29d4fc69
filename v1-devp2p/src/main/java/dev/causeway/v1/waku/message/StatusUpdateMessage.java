package dev.causeway.v1.waku.message;

import dev.causeway.v1.waku.envelope.WakuCodecException;

/**
 * Status Update (code 22): changed status options after the handshake ({@code v1-waku.md} §3.4).
 * Same format as Status; apply it with {@link WakuPeerState#withUpdate}. An empty list is a no-op.
 */
public final class StatusUpdateMessage {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.STATUS_UPDATE;

  private final StatusOptions options;

  public StatusUpdateMessage(StatusOptions options) {
    if (options == null) {
      throw new NullPointerException("options");
    }
    this.options = options;
  }

  public StatusOptions options() {
    return options;
  }

  /** The msg-data. */
  public byte[] encode() {
    return options.encode();
  }

  /** Decodes msg-data (see {@link StatusOptions#readFrom(byte[])}). */
  public static StatusUpdateMessage readFrom(byte[] msgData) throws WakuCodecException {
    return new StatusUpdateMessage(StatusOptions.readFrom(msgData));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusUpdateMessage && ((StatusUpdateMessage) o).options.equals(options);
  }

  @Override
  public int hashCode() {
    return options.hashCode();
  }

  @Override
  public String toString() {
    return "StatusUpdateMessage[" + options + "]";
  }
}

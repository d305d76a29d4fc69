package dev.causeway.v1.waku.message;

import dev.causeway.v1.waku.envelope.WakuCodecException;

/**
 * Status (code 0): the first {@code waku/1} packet each side sends after the devp2p Hello ({@code
 * v1-waku.md} §3, §4). Its msg-data is the status-options list; unlike {@code waku/0} there is no
 * version element.
 */
public final class StatusMessage {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.STATUS;

  private final StatusOptions options;

  public StatusMessage(StatusOptions options) {
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
  public static StatusMessage readFrom(byte[] msgData) throws WakuCodecException {
    return new StatusMessage(StatusOptions.readFrom(msgData));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusMessage && ((StatusMessage) o).options.equals(options);
  }

  @Override
  public int hashCode() {
    return options.hashCode();
  }

  @Override
  public String toString() {
    return "StatusMessage[" + options + "]";
  }
}

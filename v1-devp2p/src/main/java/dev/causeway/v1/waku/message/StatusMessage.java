package dev.causeway.v1.waku.message;

import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.Objects;

/** Status (code 0): the first {@code waku/1} packet each side sends ({@code v1-waku.md} §3, §4). */
public record StatusMessage(StatusOptions options) {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.STATUS;

  public StatusMessage {
    Objects.requireNonNull(options, "options");
  }

  /** The msg-data. */
  public byte[] encode() {
    return options.encode();
  }

  /** Decodes msg-data (see {@link StatusOptions#readFrom(byte[])}). */
  public static StatusMessage readFrom(byte[] msgData) throws WakuCodecException {
    return new StatusMessage(StatusOptions.readFrom(msgData));
  }
}

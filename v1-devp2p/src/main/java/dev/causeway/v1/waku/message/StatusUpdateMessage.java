package dev.causeway.v1.waku.message;

import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.Objects;

/**
 * Status Update (code 22): changed status options after the handshake ({@code v1-waku.md} §3.4).
 * Same format as Status; apply it with {@link WakuPeerState#withUpdate}. An empty list is a no-op.
 */
public record StatusUpdateMessage(StatusOptions options) {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.STATUS_UPDATE;

  public StatusUpdateMessage {
    Objects.requireNonNull(options, "options");
  }

  /** The msg-data. */
  public byte[] encode() {
    return options.encode();
  }

  /** Decodes msg-data (see {@link StatusOptions#readFrom(byte[])}). */
  public static StatusUpdateMessage readFrom(byte[] msgData) throws WakuCodecException {
    return new StatusUpdateMessage(StatusOptions.readFrom(msgData));
  }
}

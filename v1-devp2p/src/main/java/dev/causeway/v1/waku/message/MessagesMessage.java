package dev.causeway.v1.waku.message;

import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.List;

/**
 * Messages (code 1): an RLP list of envelopes, the packet that floods the network ({@code
 * v1-waku.md} §2, §9). Senders keep each packet's msg-data within 1 MiB ({@link #encodeBatches}).
 */
public record MessagesMessage(List<Envelope> envelopes) {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.MESSAGES;

  /** Default bound on one packet's msg-data: status-go's default MaxMessageSize, 1 MiB. */
  public static final int DEFAULT_MAX_MSG_DATA_BYTES = EnvelopeLists.DEFAULT_MAX_MSG_DATA_BYTES;

  /** Default bound on envelopes read from one packet (any packet within 1 MiB fits). */
  public static final int DEFAULT_MAX_ENVELOPES = EnvelopeLists.DEFAULT_MAX_ENVELOPES;

  public MessagesMessage {
    envelopes = List.copyOf(envelopes);
  }

  /** The msg-data (no size bound: see {@link #encodeBatches}). */
  public byte[] encode() {
    return EnvelopeLists.encode(envelopes);
  }

  /**
   * Splits {@code envelopes}, in order, into as few packets as a greedy pass allows such that no
   * msg-data exceeds {@code maxMsgDataBytes}; an envelope that cannot fit even alone is skipped and
   * reported in {@link Batches#oversized()}. No envelopes give no packets.
   */
  public static Batches encodeBatches(List<Envelope> envelopes, int maxMsgDataBytes) {
    return EnvelopeLists.split(envelopes, maxMsgDataBytes);
  }

  /**
   * Decodes msg-data holding at most {@code maxEnvelopes} envelopes.
   *
   * @throws WakuCodecException if malformed, any envelope is invalid, or there are too many
   */
  public static MessagesMessage readFrom(byte[] msgData, int maxEnvelopes)
      throws WakuCodecException {
    return new MessagesMessage(EnvelopeLists.read(msgData, maxEnvelopes, "Messages"));
  }

  /** {@link #readFrom(byte[], int)} with {@link #DEFAULT_MAX_ENVELOPES}. */
  public static MessagesMessage readFrom(byte[] msgData) throws WakuCodecException {
    return readFrom(msgData, DEFAULT_MAX_ENVELOPES);
  }
}

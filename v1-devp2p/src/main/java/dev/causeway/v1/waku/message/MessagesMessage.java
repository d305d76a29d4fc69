package dev.causeway.v1.waku.message;

import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.Collections;
import java.util.List;

/**
 * Messages (code 1): an RLP list of envelopes, possibly empty ({@code v1-waku.md} §2, §9).
 *
 * <p>status-go disconnects a peer whose packet msg-data exceeds its MaxMessageSize (default 1 MiB),
 * so outgoing envelopes are split with {@link #encodeBatches} (§9 rule 6). Decoding is strict per
 * envelope (one bad envelope fails the packet, as in status-go) and bounded in count.
 */
public final class MessagesMessage {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.MESSAGES;

  /** Default bound on one packet's msg-data: status-go's default MaxMessageSize, 1 MiB. */
  public static final int DEFAULT_MAX_MSG_DATA_BYTES = 1 << 20;

  /**
   * Default bound on the number of envelopes read from one packet; the smallest envelope takes 10
   * bytes, so this admits any packet within {@link #DEFAULT_MAX_MSG_DATA_BYTES}.
   */
  public static final int DEFAULT_MAX_ENVELOPES = 1 << 17;

  private final List<Envelope> envelopes;

  public MessagesMessage(List<Envelope> envelopes) {
    this.envelopes = Collections.unmodifiableList(List.copyOf(envelopes));
  }

  /** The envelopes (unmodifiable). */
  public List<Envelope> envelopes() {
    return envelopes;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof MessagesMessage && ((MessagesMessage) o).envelopes.equals(envelopes);
  }

  @Override
  public int hashCode() {
    return envelopes.hashCode();
  }

  @Override
  public String toString() {
    return "MessagesMessage[" + envelopes.size() + " envelopes]";
  }
}

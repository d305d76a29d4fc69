package dev.causeway.v1.waku.message;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.Rlp;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.Arrays;

/**
 * Batch Ack (code 11, deprecated): a 32-byte RLP string, the keccak256 of the acknowledged Messages
 * packet's (decompressed) msg-data ({@code v1-waku.md} §2, §11). This is status-go's format;
 * WAKU1's ABNF differs (SPEC≠IMPL) and no implementation uses it.
 */
public final class BatchAckMessage {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.BATCH_ACK;

  private final byte[] batchHash;

  public BatchAckMessage(byte[] batchHash) {
    if (batchHash.length != 32) {
      throw new IllegalArgumentException("batch hash must be 32 bytes");
    }
    this.batchHash = batchHash.clone();
  }

  /** The ack for a received Messages packet with this msg-data. */
  public static BatchAckMessage forBatch(byte[] messagesMsgData) {
    return new BatchAckMessage(Keccak256.hash(messagesMsgData));
  }

  public byte[] batchHash() {
    return batchHash.clone();
  }

  public byte[] encode() {
    return Rlp.encodeString(batchHash);
  }

  public static BatchAckMessage readFrom(byte[] msgData) throws WakuCodecException {
    try {
      RlpReader r = RlpReader.of(msgData);
      byte[] h = r.readBytes(32);
      r.requireEnd();
      return new BatchAckMessage(h);
    } catch (RlpException e) {
      throw new WakuCodecException("batch ack: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchAckMessage
        && Arrays.equals(((BatchAckMessage) o).batchHash, batchHash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(batchHash);
  }

  @Override
  public String toString() {
    return "BatchAckMessage[" + Hex.encode(batchHash) + "]";
  }
}

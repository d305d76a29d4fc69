package dev.causeway.v1.rlpx.wire;

import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.Rlp;
import java.util.Arrays;

/**
 * One devp2p message as carried in a frame: {@code frame-data = RLP(msg-id) || msg-data} (spec
 * v1-rlpx-devp2p.md §5.1, §7.4). The id is the wire id (base protocol 0x00–0x0F, sub-protocols from
 * their negotiated offset); {@link #data()} is msg-data exactly as on the wire, i.e. still
 * Snappy-compressed when compression is active (§7.5).
 *
 * <p>msg-id is a canonical RLP unsigned integer: 0 is {@code 80}, ids below 0x80 are one byte, ids
 * from 0x80 are two or more bytes ({@code 81 8d} for 0x8d). Decoding rejects an empty frame, a list
 * or a non-canonical integer in the id position and ids that do not fit an int.
 *
 * <p>For speed the data array is neither copied in nor out: treat it as immutable.
 */
public record RawMessage(int id, byte[] data) {

  public RawMessage {
    if (id < 0) {
      throw new IllegalArgumentException("message id must not be negative: " + id);
    }
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
  }

  /** Splits frame-data into msg-id and msg-data. */
  public static RawMessage readFrom(byte[] frameData) throws WireException {
    int n = frameData.length;
    if (n == 0) {
      throw new WireException("empty frame-data: no message id");
    }
    int b = frameData[0] & 0xff;
    long id;
    int idLen;
    if (b < 0x80) {
      if (b == 0) {
        throw new WireException("non-canonical message id 00 (zero is encoded as 80)");
      }
      id = b;
      idLen = 1;
    } else if (b <= 0x84) {
      int len = b - 0x80;
      if (len > n - 1) {
        throw new WireException("truncated message id");
      }
      if (len > 0 && frameData[1] == 0) {
        throw new WireException("non-canonical message id with a leading zero byte");
      }
      if (len == 1 && (frameData[1] & 0xff) < 0x80) {
        throw new WireException("non-canonical message id: single byte below 0x80 wrapped in 81");
      }
      id = 0;
      for (int i = 1; i <= len; i++) {
        id = (id << 8) | (frameData[i] & 0xff);
      }
      if (id > Integer.MAX_VALUE) {
        throw new WireException("message id too large: " + id);
      }
      idLen = 1 + len;
    } else if (b <= 0xbf) {
      throw new WireException("message id longer than 4 bytes");
    } else {
      throw new WireException("message id is an RLP list");
    }
    return new RawMessage((int) id, Arrays.copyOfRange(frameData, idLen, n));
  }

  /** Encodes {@code RLP(id) || data}. */
  public byte[] toFrameData() {
    return frameData(id, data);
  }

  /** Encodes {@code RLP(id) || data} without building a record. */
  public static byte[] frameData(int id, byte[] data) {
    if (id < 0) {
      throw new IllegalArgumentException("message id must not be negative: " + id);
    }
    int idLen = Rlp.longLength(id);
    byte[] out = new byte[idLen + data.length];
    Rlp.writeLong(out, 0, id);
    System.arraycopy(data, 0, out, idLen, data.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawMessage m && id == m.id && Arrays.equals(data, m.data);
  }

  @Override
  public int hashCode() {
    return 31 * id + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    int shown = Math.min(data.length, 32);
    return "RawMessage[id=0x"
        + Integer.toHexString(id)
        + ", "
        + data.length
        + " bytes: "
        + Hex.encode(data, 0, shown)
        + (shown < data.length ? "…" : "")
        + "]";
  }
}

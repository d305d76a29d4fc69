package dev.causeway.v1.rlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict, bounds-checked reader over a sequence of RLP items in a byte array.
 *
 * <p>Every length is checked against the bytes actually remaining before anything is allocated, so
 * a hostile length prefix costs nothing. Non-canonical encodings (long form where short fits,
 * leading zero length bytes, a single byte below 0x80 wrapped in {@code 0x81}, integers with
 * leading zeros) are rejected, as go-ethereum's decoder does ({@code v1-rlpx-devp2p.md} §1).
 *
 * <p>A reader is positioned before its next item. {@link #readList()} returns a child reader over
 * the list payload and advances this reader past the list.
 */
public final class RlpReader {
  private final byte[] buf;
  private final int end;
  private int pos;

  public RlpReader(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off + len > buf.length) {
      throw new IndexOutOfBoundsException();
    }
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  public static RlpReader of(byte[] buf) {
    return new RlpReader(buf, 0, buf.length);
  }

  /** True while items remain. */
  public boolean hasNext() {
    return pos < end;
  }

  /** Current position in the underlying array. */
  public int position() {
    return pos;
  }

  /** Fails unless all input was consumed. */
  public void requireEnd() throws RlpException {
    if (pos != end) {
      throw new RlpException("trailing bytes after RLP item: " + (end - pos));
    }
  }

  /** True if the next item is a list. */
  public boolean nextIsList() throws RlpException {
    requireMore();
    return (buf[pos] & 0xff) >= 0xc0;
  }

  // Item header decoded by peek(): payload offset and length, and whether it is a list.
  private int itemOff;
  private int itemLen;
  private boolean itemList;

  private void peek() throws RlpException {
    requireMore();
    int b = buf[pos] & 0xff;
    if (b < 0x80) {
      itemOff = pos;
      itemLen = 1;
      itemList = false;
    } else if (b <= 0xb7) {
      itemLen = b - 0x80;
      itemOff = pos + 1;
      itemList = false;
      if (itemLen == 1) {
        checkAvailable(itemOff, 1);
        if ((buf[itemOff] & 0xff) < 0x80) {
          throw new RlpException("non-canonical RLP: single byte below 0x80 wrapped in 0x81");
        }
      }
    } else if (b <= 0xbf) {
      itemList = false;
      readLongLength(b - 0xb7);
    } else if (b <= 0xf7) {
      itemLen = b - 0xc0;
      itemOff = pos + 1;
      itemList = true;
    } else {
      itemList = true;
      readLongLength(b - 0xf7);
    }
    checkAvailable(itemOff, itemLen);
  }

  private void readLongLength(int n) throws RlpException {
    checkAvailable(pos + 1, n);
    if (n > 4) {
      throw new RlpException("RLP length of " + n + " bytes is too large");
    }
    if (buf[pos + 1] == 0) {
      throw new RlpException("non-canonical RLP: length with leading zero");
    }
    long len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (buf[pos + 1 + i] & 0xff);
    }
    if (len < 56) {
      throw new RlpException("non-canonical RLP: long form for a short item");
    }
    if (len > Integer.MAX_VALUE) {
      throw new RlpException("RLP item too large: " + len);
    }
    itemLen = (int) len;
    itemOff = pos + 1 + n;
  }

  private void requireMore() throws RlpException {
    if (pos >= end) {
      throw new RlpException("unexpected end of RLP input");
    }
  }

  private void checkAvailable(int off, int len) throws RlpException {
    if (len < 0 || off > end || len > end - off) {
      throw new RlpException("RLP item length " + len + " exceeds the input");
    }
  }

  /** Reads a list and returns a reader over its payload. */
  public RlpReader readList() throws RlpException {
    peek();
    if (!itemList) {
      throw new RlpException("expected an RLP list, found a string");
    }
    RlpReader child = new RlpReader(buf, itemOff, itemLen);
    pos = itemOff + itemLen;
    return child;
  }

  /** Reads a byte string. */
  public byte[] readBytes() throws RlpException {
    peek();
    if (itemList) {
      throw new RlpException("expected an RLP string, found a list");
    }
    pos = itemOff + itemLen;
    return Arrays.copyOfRange(buf, itemOff, itemOff + itemLen);
  }

  /** Reads a byte string of exactly {@code length} bytes. */
  public byte[] readBytes(int length) throws RlpException {
    peek();
    if (itemList) {
      throw new RlpException("expected an RLP string, found a list");
    }
    if (itemLen != length) {
      throw new RlpException("expected " + length + " bytes, found " + itemLen);
    }
    pos = itemOff + itemLen;
    return Arrays.copyOfRange(buf, itemOff, itemOff + itemLen);
  }

  /** Reads a byte string of at most {@code maxLength} bytes (checked before copying). */
  public byte[] readBytesMax(int maxLength) throws RlpException {
    peek();
    if (itemList) {
      throw new RlpException("expected an RLP string, found a list");
    }
    if (itemLen > maxLength) {
      throw new RlpException("RLP string of " + itemLen + " bytes exceeds limit " + maxLength);
    }
    pos = itemOff + itemLen;
    return Arrays.copyOfRange(buf, itemOff, itemOff + itemLen);
  }

  /** Reads a UTF-8 string of at most {@code maxLength} bytes. */
  public String readString(int maxLength) throws RlpException {
    return new String(readBytesMax(maxLength), StandardCharsets.UTF_8);
  }

  /** Reads a canonical unsigned integer of at most 8 bytes (returned as unsigned in a long). */
  public long readLong() throws RlpException {
    return readUnsigned(8);
  }

  /** Reads a canonical unsigned integer that must fit in 32 bits (returned as a long). */
  public long readUInt32() throws RlpException {
    return readUnsigned(4);
  }

  /** Reads a canonical unsigned integer that must fit in a non-negative int. */
  public int readInt() throws RlpException {
    long v = readUnsigned(4);
    if (v > Integer.MAX_VALUE) {
      throw new RlpException("integer too large: " + v);
    }
    return (int) v;
  }

  private long readUnsigned(int maxBytes) throws RlpException {
    peek();
    if (itemList) {
      throw new RlpException("expected an RLP integer, found a list");
    }
    if (itemLen > maxBytes) {
      throw new RlpException("integer of " + itemLen + " bytes exceeds " + maxBytes);
    }
    if (itemLen > 0 && buf[itemOff] == 0) {
      throw new RlpException("non-canonical RLP integer with leading zero");
    }
    long v = 0;
    for (int i = 0; i < itemLen; i++) {
      v = (v << 8) | (buf[itemOff + i] & 0xff);
    }
    pos = itemOff + itemLen;
    return v;
  }

  /** Reads a boolean as go-ethereum encodes it: {@code 0x80} false, {@code 0x01} true. */
  public boolean readBoolean() throws RlpException {
    long v = readUnsigned(1);
    if (v > 1) {
      throw new RlpException("invalid RLP boolean " + v);
    }
    return v == 1;
  }

  /** Skips the next item. */
  public void skip() throws RlpException {
    peek();
    pos = itemOff + itemLen;
  }

  /** Returns the complete encoding (header and payload) of the next item and advances past it. */
  public byte[] readRaw() throws RlpException {
    int start = pos;
    peek();
    pos = itemOff + itemLen;
    return Arrays.copyOfRange(buf, start, pos);
  }

  /** Offset and length of the next item's complete encoding without consuming it: {start, len}. */
  public int[] peekRawBounds() throws RlpException {
    peek();
    return new int[] {pos, itemOff + itemLen - pos};
  }

  /** Number of items remaining (walks them without consuming). */
  public int countRemaining() throws RlpException {
    int save = pos;
    int n = 0;
    try {
      while (hasNext()) {
        skip();
        n++;
      }
    } finally {
      pos = save;
    }
    return n;
  }

  /** The underlying array (shared, not copied). */
  public byte[] array() {
    return buf;
  }
}

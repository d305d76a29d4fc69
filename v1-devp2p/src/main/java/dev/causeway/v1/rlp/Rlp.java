package dev.causeway.v1.rlp;

/**
 * Static helpers for canonical RLP encoding (Ethereum Yellow Paper appendix B).
 *
 * <p>Only canonical forms are produced: integers without leading zero bytes (zero is {@code 0x80}),
 * single bytes below 0x80 as themselves, short headers where they fit. See {@code
 * v1-rlpx-devp2p.md} §1 for why peers (go-ethereum) insist on this.
 */
public final class Rlp {
  public static final byte[] EMPTY_LIST = {(byte) 0xc0};
  public static final byte[] EMPTY_STRING = {(byte) 0x80};

  private Rlp() {}

  /** Length of the header for a payload of {@code len} bytes (string or list). */
  public static int headerLength(int len) {
    if (len < 56) {
      return 1;
    }
    return 1 + byteLength(len);
  }

  /** Encoded length of a byte string. */
  public static int stringLength(byte[] b) {
    return stringLength(b, 0, b.length);
  }

  /** Encoded length of a byte string slice. */
  public static int stringLength(byte[] b, int off, int len) {
    if (len == 1 && (b[off] & 0xff) < 0x80) {
      return 1;
    }
    return headerLength(len) + len;
  }

  /** Encoded length of an unsigned integer ({@code v} is treated as unsigned 64-bit). */
  public static int longLength(long v) {
    if (v == 0 || (v > 0 && v < 0x80)) {
      return 1;
    }
    return 1 + byteLength(v);
  }

  /** Minimal number of big-endian bytes for unsigned {@code v} (0 for zero). */
  public static int byteLength(long v) {
    return (64 - Long.numberOfLeadingZeros(v) + 7) / 8;
  }

  /**
   * Writes a string or list header for a payload of {@code len} bytes at {@code off}; returns the
   * number of bytes written.
   */
  public static int writeHeader(byte[] out, int off, int len, boolean list) {
    int shortBase = list ? 0xc0 : 0x80;
    if (len < 56) {
      out[off] = (byte) (shortBase + len);
      return 1;
    }
    int n = byteLength(len);
    out[off] = (byte) (shortBase + 55 + n);
    for (int i = 0; i < n; i++) {
      out[off + 1 + i] = (byte) (len >>> (8 * (n - 1 - i)));
    }
    return 1 + n;
  }

  /** Writes an encoded byte string slice; returns bytes written. */
  public static int writeString(byte[] out, int off, byte[] b, int bOff, int len) {
    if (len == 1 && (b[bOff] & 0xff) < 0x80) {
      out[off] = b[bOff];
      return 1;
    }
    int h = writeHeader(out, off, len, false);
    System.arraycopy(b, bOff, out, off + h, len);
    return h + len;
  }

  /** Writes an encoded unsigned integer; returns bytes written. */
  public static int writeLong(byte[] out, int off, long v) {
    if (v == 0) {
      out[off] = (byte) 0x80;
      return 1;
    }
    if (v > 0 && v < 0x80) {
      out[off] = (byte) v;
      return 1;
    }
    int n = byteLength(v);
    out[off] = (byte) (0x80 + n);
    for (int i = 0; i < n; i++) {
      out[off + 1 + i] = (byte) (v >>> (8 * (n - 1 - i)));
    }
    return 1 + n;
  }

  /** Encodes a byte string. */
  public static byte[] encodeString(byte[] b) {
    byte[] out = new byte[stringLength(b)];
    writeString(out, 0, b, 0, b.length);
    return out;
  }

  /** Encodes an unsigned integer. */
  public static byte[] encodeLong(long v) {
    byte[] out = new byte[longLength(v)];
    writeLong(out, 0, v);
    return out;
  }

  /** Encodes a boolean the way go-ethereum does: false {@code 0x80}, true {@code 0x01}. */
  public static byte[] encodeBoolean(boolean v) {
    return v ? new byte[] {0x01} : new byte[] {(byte) 0x80};
  }

  /** Wraps already-encoded items into a list. */
  public static byte[] encodeList(byte[]... encodedItems) {
    int len = 0;
    for (byte[] item : encodedItems) {
      len += item.length;
    }
    byte[] out = new byte[headerLength(len) + len];
    int p = writeHeader(out, 0, len, true);
    for (byte[] item : encodedItems) {
      System.arraycopy(item, 0, out, p, item.length);
      p += item.length;
    }
    return out;
  }

  /** Wraps already-encoded items into a list. */
  public static byte[] encodeList(java.util.List<byte[]> encodedItems) {
    return encodeList(encodedItems.toArray(new byte[0][]));
  }
}

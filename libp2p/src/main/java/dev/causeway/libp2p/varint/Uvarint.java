package dev.causeway.libp2p.varint;

/**
 * Multiformats unsigned varint: little-endian base 128, 7 payload bits per byte, the high bit set
 * on every byte except the last (spec libp2p-core.md §1). Protobuf varints use the same byte
 * format.
 *
 * <p>Values are non-negative {@code long}s (at most 63 bits, so at most {@link #MAX_BYTES} bytes).
 * Decoding is strict: a non-minimal encoding (a last byte of {@code 00} after other bytes, e.g.
 * {@code 81 00} for 1) and an encoding longer than the caller's byte bound are rejected with {@link
 * VarintException}. Because only minimal encodings are accepted, the number of bytes a decoded
 * value occupied is always {@link #length(long) length(value)}.
 */
public final class Uvarint {
  /*
   * Design: the incremental decoder is stateless (tryRead re-scans at most MAX_BYTES bytes from the
   * start of the region on every call). That keeps callers free of a second piece of state to keep
   * in step with their buffer, and the re-scan is bounded by the byte limit, so it is cheap.
   * "Need more input" is signalled by the NEED_MORE sentinel rather than an exception because it
   * is the normal case on a fragmented stream; everything that is a protocol violation throws.
   * The byte bound lets length prefixes be rejected as soon as they are provably too long, before
   * the peer has sent the rest of them.
   */

  /** Longest encoding accepted: 9 bytes carry 63 bits (multiformats unsigned-varint). */
  public static final int MAX_BYTES = 9;

  /** Returned by {@link #tryRead} when the region ends inside the varint. */
  public static final long NEED_MORE = -1;

  private Uvarint() {}

  /**
   * Number of bytes {@code value} takes when encoded.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static int length(long value) {
    checkNonNegative(value);
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /**
   * Writes {@code value} at {@code out[off]} and returns the number of bytes written.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   * @throws IndexOutOfBoundsException if {@code out} has fewer than {@link #length(long)} bytes
   *     from {@code off}
   */
  public static int write(long value, byte[] out, int off) {
    int n = length(value);
    if (off < 0 || off > out.length - n) {
      throw new IndexOutOfBoundsException("no room for a " + n + "-byte varint at " + off);
    }
    long v = value;
    int i = off;
    while ((v & ~0x7fL) != 0) {
      out[i++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[i++] = (byte) v;
    return i - off;
  }

  /** The encoding of {@code value} as a new array. */
  public static byte[] encode(long value) {
    byte[] out = new byte[length(value)];
    write(value, out, 0);
    return out;
  }

  /**
   * Reads one varint from {@code buf[off, off + len)} if the region holds all of it.
   *
   * @param maxBytes the longest encoding accepted, 1 to {@link #MAX_BYTES}; an encoding that has
   *     not ended within this many bytes is rejected as soon as those bytes are present
   * @return the value (it occupied {@link #length(long) length(value)} bytes), or {@link
   *     #NEED_MORE} if the region ends before the varint does
   * @throws VarintException if the encoding is non-minimal or longer than {@code maxBytes}
   */
  public static long tryRead(byte[] buf, int off, int len, int maxBytes) throws VarintException {
    checkRegion(buf, off, len);
    checkMaxBytes(maxBytes);
    long value = 0;
    int limit = Math.min(len, maxBytes);
    for (int i = 0; i < limit; i++) {
      int b = buf[off + i] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new VarintException("non-minimal varint encoding");
        }
        return value;
      }
    }
    if (len >= maxBytes) {
      throw new VarintException("varint longer than " + maxBytes + " bytes");
    }
    return NEED_MORE;
  }

  /** {@link #tryRead(byte[], int, int, int)} with the general {@link #MAX_BYTES} bound. */
  public static long tryRead(byte[] buf, int off, int len) throws VarintException {
    return tryRead(buf, off, len, MAX_BYTES);
  }

  /**
   * Decodes a buffer that holds exactly one varint and nothing else.
   *
   * @throws VarintException if it is truncated, non-minimal, longer than {@link #MAX_BYTES} bytes,
   *     or followed by extra bytes
   */
  public static long decodeExact(byte[] buf) throws VarintException {
    long v = tryRead(buf, 0, buf.length, MAX_BYTES);
    if (v == NEED_MORE) {
      throw new VarintException("truncated varint");
    }
    if (length(v) != buf.length) {
      throw new VarintException("trailing bytes after varint");
    }
    return v;
  }

  /**
   * Reads one varint that must be complete within {@code buf[off, off + len)} (a non-streaming
   * decode, e.g. inside an already-delimited message).
   *
   * @throws VarintException if truncated, non-minimal or longer than {@code maxBytes}
   */
  public static long read(byte[] buf, int off, int len, int maxBytes) throws VarintException {
    long v = tryRead(buf, off, len, maxBytes);
    if (v == NEED_MORE) {
      throw new VarintException("truncated varint");
    }
    return v;
  }

  private static void checkNonNegative(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("uvarint value must not be negative: " + value);
    }
  }

  private static void checkMaxBytes(int maxBytes) {
    if (maxBytes < 1 || maxBytes > MAX_BYTES) {
      throw new IllegalArgumentException("maxBytes must be 1.." + MAX_BYTES + ": " + maxBytes);
    }
  }

  static void checkRegion(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IndexOutOfBoundsException(
          "region [" + off + ", +" + len + ") outside array of " + buf.length);
    }
  }
}

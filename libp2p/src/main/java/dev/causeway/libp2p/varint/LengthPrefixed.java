package dev.causeway.libp2p.varint;

/**
 * Uvarint-length-prefixed ("LP") messages: {@code uvarint(len) ‖ len bytes} (spec libp2p-core.md
 * conventions, §1). Framing helpers and a strict whole-buffer decoder; for a byte stream use {@link
 * LengthPrefixedReader}.
 */
public final class LengthPrefixed {
  private static final byte[] EMPTY = new byte[0];

  private LengthPrefixed() {}

  /** Size of the framed form of a body of {@code bodyLength} bytes. */
  public static int frameLength(int bodyLength) {
    return Uvarint.length(bodyLength) + bodyLength;
  }

  /** {@code uvarint(body.length) ‖ body}. */
  public static byte[] frame(byte[] body) {
    return frame(body, 0, body.length);
  }

  /** {@code uvarint(len) ‖ body[off, off + len)}. */
  public static byte[] frame(byte[] body, int off, int len) {
    Uvarint.checkRegion(body, off, len);
    byte[] out = new byte[frameLength(len)];
    int p = Uvarint.write(len, out, 0);
    System.arraycopy(body, off, out, p, len);
    return out;
  }

  /**
   * Writes {@code uvarint(len) ‖ body[off, off + len)} at {@code out[outOff]} and returns the
   * number of bytes written ({@link #frameLength(int) frameLength(len)}).
   *
   * @throws IndexOutOfBoundsException if {@code out} is too small
   */
  public static int writeFrame(byte[] body, int off, int len, byte[] out, int outOff) {
    Uvarint.checkRegion(body, off, len);
    int total = frameLength(len);
    if (outOff < 0 || outOff > out.length - total) {
      throw new IndexOutOfBoundsException("no room for a " + total + "-byte frame at " + outOff);
    }
    int p = Uvarint.write(len, out, outOff);
    System.arraycopy(body, off, out, outOff + p, len);
    return total;
  }

  /**
   * Decodes a buffer that holds exactly one LP message and nothing else.
   *
   * @param maxSize largest body accepted; checked before the body is allocated
   * @throws VarintException on a malformed length, truncation or trailing bytes ({@link
   *     MessageTooLargeException} if the length exceeds {@code maxSize})
   */
  public static byte[] decodeExact(byte[] in, int maxSize) throws VarintException {
    if (maxSize < 0) {
      throw new IllegalArgumentException("maxSize must not be negative");
    }
    int maxPrefix = Uvarint.length(maxSize);
    long len = Uvarint.tryRead(in, 0, Math.min(in.length, maxPrefix + 1), Uvarint.MAX_BYTES);
    if (len == Uvarint.NEED_MORE) {
      if (in.length > maxPrefix) {
        throw new MessageTooLargeException("length prefix exceeds limit " + maxSize, maxSize);
      }
      throw new VarintException("truncated length prefix");
    }
    if (len > maxSize) {
      throw new MessageTooLargeException(
          "message length " + len + " exceeds limit " + maxSize, maxSize);
    }
    int p = Uvarint.length(len);
    if (in.length - p < len) {
      throw new VarintException("truncated message: " + (in.length - p) + " of " + len + " bytes");
    }
    if (in.length - p > len) {
      throw new VarintException("trailing bytes after message");
    }
    if (len == 0) {
      return EMPTY;
    }
    byte[] out = new byte[(int) len];
    System.arraycopy(in, p, out, 0, out.length);
    return out;
  }
}

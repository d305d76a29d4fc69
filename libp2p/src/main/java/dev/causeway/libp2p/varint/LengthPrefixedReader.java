package dev.causeway.libp2p.varint;

import java.util.ArrayList;
import java.util.List;

/**
 * Incremental reader of uvarint-length-prefixed messages from a fragmented byte stream (spec
 * libp2p-core.md §1). Feed it whatever the transport delivered; it yields each complete message
 * body as its own array.
 *
 * <p>Bounds: the length prefix may be at most {@code Uvarint.length(maxMessageSize)} bytes and its
 * value at most {@code maxMessageSize}; both are checked before the body is allocated, so a peer
 * cannot make the reader allocate or buffer more than {@code maxMessageSize} bytes plus a few bytes
 * of prefix. Zero-length messages are delivered as empty arrays.
 *
 * <p>{@link #read} stops at the end of the first message it completes, so a caller that switches
 * protocol after a particular message knows exactly which bytes follow it. Not thread-safe.
 */
public final class LengthPrefixedReader {
  /*
   * State: either collecting prefix bytes (body == null) or filling body. The prefix is gathered
   * byte by byte into a 9-byte scratch array and re-decoded after every byte; it is at most
   * Uvarint.MAX_BYTES long, so this costs nothing noticeable and handles prefixes split across
   * reads without special cases. A completed body is parked in `ready` until taken; reading on
   * while a message is parked is a caller bug (the message would otherwise be lost or the
   * stop-at-boundary guarantee broken) and raises IllegalStateException.
   */

  private static final byte[] EMPTY = new byte[0];

  private final int maxMessageSize;
  private final int maxPrefixBytes;
  private final byte[] prefix = new byte[Uvarint.MAX_BYTES];
  private int prefixLen;
  private byte[] body;
  private int bodyPos;
  private byte[] ready;

  /**
   * @param maxMessageSize largest message body accepted, in bytes (at most {@code Integer.MAX_VALUE
   *     - 8})
   */
  public LengthPrefixedReader(int maxMessageSize) {
    if (maxMessageSize < 0 || maxMessageSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("bad maxMessageSize " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
    this.maxPrefixBytes = Uvarint.length(maxMessageSize);
  }

  public int maxMessageSize() {
    return maxMessageSize;
  }

  /**
   * Consumes bytes of {@code buf[off, off + len)} up to the end of the first message that
   * completes, or all of them if none does.
   *
   * @return the number of bytes consumed; if it is less than {@code len}, {@link #hasMessage()} is
   *     true and the rest belongs after that message
   * @throws VarintException if a length prefix is malformed
   * @throws MessageTooLargeException if a length prefix exceeds the limit
   * @throws IllegalStateException if a completed message has not been taken yet
   */
  public int read(byte[] buf, int off, int len) throws VarintException {
    Uvarint.checkRegion(buf, off, len);
    if (ready != null) {
      throw new IllegalStateException("take the completed message before reading on");
    }
    int p = off;
    int end = off + len;
    while (p < end && ready == null) {
      if (body == null) {
        prefix[prefixLen++] = buf[p++];
        long size = Uvarint.tryRead(prefix, 0, prefixLen, Uvarint.MAX_BYTES);
        if (size == Uvarint.NEED_MORE) {
          if (prefixLen == maxPrefixBytes) {
            throw new MessageTooLargeException(
                "length prefix longer than "
                    + maxPrefixBytes
                    + " bytes: message exceeds limit "
                    + maxMessageSize,
                maxMessageSize);
          }
          continue;
        }
        if (size > maxMessageSize) {
          throw new MessageTooLargeException(
              "message length " + size + " exceeds limit " + maxMessageSize, maxMessageSize);
        }
        prefixLen = 0;
        if (size == 0) {
          ready = EMPTY;
        } else {
          body = new byte[(int) size];
          bodyPos = 0;
        }
      } else {
        int n = Math.min(end - p, body.length - bodyPos);
        System.arraycopy(buf, p, body, bodyPos, n);
        bodyPos += n;
        p += n;
        if (bodyPos == body.length) {
          ready = body;
          body = null;
        }
      }
    }
    return p - off;
  }

  /** True when a completed message waits to be taken. */
  public boolean hasMessage() {
    return ready != null;
  }

  /**
   * Returns the completed message and clears it.
   *
   * @throws IllegalStateException if there is none
   */
  public byte[] takeMessage() {
    byte[] m = ready;
    if (m == null) {
      throw new IllegalStateException("no completed message");
    }
    ready = null;
    return m;
  }

  /**
   * Consumes all of {@code buf[off, off + len)} and returns every message it completes, in order.
   *
   * @throws VarintException if a length prefix is malformed or exceeds the limit
   */
  public List<byte[]> readAll(byte[] buf, int off, int len) throws VarintException {
    List<byte[]> out = null;
    int p = off;
    int end = off + len;
    do {
      p += read(buf, p, end - p);
      if (ready != null) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(takeMessage());
      }
    } while (p < end);
    return out == null ? List.of() : out;
  }

  /**
   * True when part of a message (prefix or body) has been read; at end of stream this means the
   * peer stopped mid-message.
   */
  public boolean isMidMessage() {
    return prefixLen > 0 || body != null;
  }

  /** Discards any partial or completed message. */
  public void reset() {
    prefixLen = 0;
    body = null;
    bodyPos = 0;
    ready = null;
  }
}

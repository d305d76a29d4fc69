package dev.causeway.libp2p.mplex;

import dev.causeway.libp2p.mux.MuxerException;

/**
 * An mplex frame header (spec libp2p-core.md §7.1): {@code uvarint(streamId << 3 | flag)} then
 * {@code uvarint(length)}, followed by {@code length} payload bytes. Varints are the multiformats
 * unsigned varint of §1: at most 9 bytes, minimally encoded.
 */
public record MplexFrameHeader(long streamId, int flag, int length) {
  /*
   * The private varint helper below is deliberately tiny; it can give way to the shared
   * dev.causeway.libp2p.varint package once that exists on this branch.
   */

  private static final int MAX_VARINT_BYTES = 9;

  public MplexFrameHeader {
    if (streamId < 0 || streamId > Mplex.MAX_STREAM_ID) {
      throw new IllegalArgumentException("streamId " + streamId);
    }
    if (flag < 0 || flag > Mplex.FLAG_RESET_INITIATOR) {
      throw new IllegalArgumentException("flag " + flag);
    }
    if (length < 0) {
      throw new IllegalArgumentException("length " + length);
    }
  }

  /** Bytes the header occupies on the wire. */
  public int encodedLength() {
    return varintLength((streamId << 3) | flag) + varintLength(length);
  }

  /** This header alone. */
  public byte[] encodeHeader() {
    byte[] out = new byte[encodedLength()];
    writeVarint(length, out, writeVarint((streamId << 3) | flag, out, 0));
    return out;
  }

  /** The whole frame: this header followed by {@code payload[off, off+length)}. */
  public byte[] encodeFrame(byte[] payload, int off) {
    byte[] out = new byte[encodedLength() + length];
    int p = writeVarint((streamId << 3) | flag, out, 0);
    p = writeVarint(length, out, p);
    System.arraycopy(payload, off, out, p, length);
    return out;
  }

  /**
   * Parses a header from the start of {@code in[off, off+len)}.
   *
   * @return the header (it occupies {@link #encodedLength()} bytes), or null if more bytes are
   *     needed
   * @throws MuxerException for an over-long or non-minimal varint, flag 7, or a length above {@code
   *     maxLength}
   */
  public static MplexFrameHeader tryRead(byte[] in, int off, int len, int maxLength)
      throws MuxerException {
    long head = readVarint(in, off, off + len);
    if (head < 0) {
      return null;
    }
    int p = off + varintLength(head);
    long length = readVarint(in, p, off + len);
    if (length < 0) {
      return null;
    }
    int flag = (int) (head & 7);
    if (flag == 7) {
      throw new MuxerException("invalid mplex flag 7");
    }
    if (length > maxLength) {
      throw new MuxerException("mplex frame of " + length + " bytes exceeds " + maxLength);
    }
    return new MplexFrameHeader(head >>> 3, flag, (int) length);
  }

  /** Decodes a varint at {@code in[off, end)}; -1 if incomplete. */
  private static long readVarint(byte[] in, int off, int end) throws MuxerException {
    long value = 0;
    for (int i = 0; i < MAX_VARINT_BYTES; i++) {
      if (off + i >= end) {
        return -1;
      }
      int b = in[off + i] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MuxerException("non-minimal varint");
        }
        return value;
      }
    }
    throw new MuxerException("varint longer than " + MAX_VARINT_BYTES + " bytes");
  }

  private static int varintLength(long v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  private static int writeVarint(long v, byte[] out, int p) {
    while ((v & ~0x7FL) != 0) {
      out[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[p++] = (byte) v;
    return p;
  }
}

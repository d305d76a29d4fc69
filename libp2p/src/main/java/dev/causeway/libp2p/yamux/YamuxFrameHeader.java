package dev.causeway.libp2p.yamux;

import dev.causeway.libp2p.mux.MuxerException;

/**
 * The 12-byte yamux frame header (spec libp2p-core.md §6.1): version, type, flags, stream id and
 * length, big-endian. {@code length} is the Data payload length, the Window Update delta, the Ping
 * value or the GoAway code, an unsigned 32-bit value kept in a long.
 */
public record YamuxFrameHeader(int type, int flags, long streamId, long length) {

  public YamuxFrameHeader {
    if (type < 0 || type > Yamux.TYPE_GO_AWAY) {
      throw new IllegalArgumentException("type " + type);
    }
    if (flags < 0 || flags > 0xFFFF) {
      throw new IllegalArgumentException("flags " + flags);
    }
    if (streamId < 0 || streamId > Yamux.MAX_STREAM_ID) {
      throw new IllegalArgumentException("streamId " + streamId);
    }
    if (length < 0 || length > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("length " + length);
    }
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  public byte[] encode() {
    byte[] out = new byte[Yamux.HEADER_LENGTH];
    encodeTo(out, 0);
    return out;
  }

  /** Writes the 12 header bytes at {@code off}. */
  public void encodeTo(byte[] out, int off) {
    encode(out, off, type, flags, streamId, length);
  }

  static void encode(byte[] out, int off, int type, int flags, long streamId, long length) {
    out[off] = Yamux.VERSION;
    out[off + 1] = (byte) type;
    out[off + 2] = (byte) (flags >>> 8);
    out[off + 3] = (byte) flags;
    putInt(out, off + 4, streamId);
    putInt(out, off + 8, length);
  }

  /**
   * Parses 12 header bytes at {@code off}.
   *
   * @throws MuxerException for a version other than 0 or an unknown type
   */
  public static YamuxFrameHeader readFrom(byte[] in, int off) throws MuxerException {
    if (in.length - off < Yamux.HEADER_LENGTH || off < 0) {
      throw new MuxerException("truncated yamux header");
    }
    int version = in[off] & 0xFF;
    if (version != Yamux.VERSION) {
      throw new MuxerException("unsupported yamux version " + version);
    }
    int type = in[off + 1] & 0xFF;
    if (type > Yamux.TYPE_GO_AWAY) {
      throw new MuxerException("unknown yamux frame type " + type);
    }
    int flags = ((in[off + 2] & 0xFF) << 8) | (in[off + 3] & 0xFF);
    return new YamuxFrameHeader(type, flags, getInt(in, off + 4), getInt(in, off + 8));
  }

  private static void putInt(byte[] out, int off, long v) {
    out[off] = (byte) (v >>> 24);
    out[off + 1] = (byte) (v >>> 16);
    out[off + 2] = (byte) (v >>> 8);
    out[off + 3] = (byte) v;
  }

  private static long getInt(byte[] in, int off) {
    return ((in[off] & 0xFFL) << 24)
        | ((in[off + 1] & 0xFFL) << 16)
        | ((in[off + 2] & 0xFFL) << 8)
        | (in[off + 3] & 0xFFL);
  }
}

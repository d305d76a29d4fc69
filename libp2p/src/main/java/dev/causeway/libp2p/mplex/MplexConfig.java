package dev.causeway.libp2p.mplex;

/**
 * Limits of an mplex session (spec libp2p-core.md §7.3).
 *
 * @param maxFrameLength largest frame payload accepted (larger is a protocol error) and the size in
 *     which writes are split
 * @param maxInboundStreams streams the peer may have open at once; further NewStreams are answered
 *     with ResetReceiver
 * @param maxOutboundStreams streams we may have open at once
 * @param maxStreamBuffer unread bytes buffered per stream before its listener is set; a stream
 *     exceeding it is reset (mplex has no flow control)
 */
public record MplexConfig(
    int maxFrameLength, int maxInboundStreams, int maxOutboundStreams, int maxStreamBuffer) {

  public MplexConfig {
    if (maxFrameLength <= 0 || maxFrameLength > Mplex.MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException("maxFrameLength out of range: " + maxFrameLength);
    }
    if (maxInboundStreams <= 0 || maxOutboundStreams <= 0 || maxStreamBuffer <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** 1 MiB frames, 1024 streams each way and a 4 MiB unread buffer per stream (as js-libp2p). */
  public static MplexConfig defaults() {
    return new MplexConfig(Mplex.MAX_FRAME_LENGTH, 1024, 1024, 4 * 1024 * 1024);
  }

  public MplexConfig withMaxInboundStreams(int n) {
    return new MplexConfig(maxFrameLength, n, maxOutboundStreams, maxStreamBuffer);
  }

  public MplexConfig withMaxStreamBuffer(int n) {
    return new MplexConfig(maxFrameLength, maxInboundStreams, maxOutboundStreams, n);
  }
}

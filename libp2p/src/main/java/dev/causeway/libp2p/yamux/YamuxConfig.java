package dev.causeway.libp2p.yamux;

/**
 * Limits and window sizes of a yamux session (spec libp2p-core.md §6.2, §6.3).
 *
 * @param receiveWindow per-stream receive window we grant; at least the spec's 262 144 (peers
 *     assume that much); more is announced in the SYN/ACK Window Update. Also the largest Data
 *     frame accepted.
 * @param initialSendWindow send credit assumed on a fresh stream before the peer's first Window
 *     Update (256 000: safe towards nwaku, §12 item 4)
 * @param maxInboundStreams streams the peer may have open at once; further SYNs are answered with
 *     RST
 * @param maxOutboundStreams streams we may have open at once
 * @param maxUnackedOutbound streams we opened that the peer has not acknowledged yet (the spec's
 *     ACK backlog)
 * @param maxSendBuffer bytes queued per stream waiting for send window; writes beyond are refused
 * @param maxDataFrame largest Data frame payload we send
 * @param maxOutstandingPings pings sent and not yet answered
 */
public record YamuxConfig(
    int receiveWindow,
    int initialSendWindow,
    int maxInboundStreams,
    int maxOutboundStreams,
    int maxUnackedOutbound,
    int maxSendBuffer,
    int maxDataFrame,
    int maxOutstandingPings) {

  /** Largest receive window we allow configuring (js grows windows up to 16 MiB). */
  public static final int MAX_RECEIVE_WINDOW = 16 * 1024 * 1024;

  public YamuxConfig {
    if (receiveWindow < Yamux.SPEC_INITIAL_WINDOW || receiveWindow > MAX_RECEIVE_WINDOW) {
      throw new IllegalArgumentException("receiveWindow out of range: " + receiveWindow);
    }
    if (initialSendWindow < 0 || initialSendWindow > Yamux.SPEC_INITIAL_WINDOW) {
      throw new IllegalArgumentException("initialSendWindow out of range: " + initialSendWindow);
    }
    requirePositive(maxInboundStreams, "maxInboundStreams");
    requirePositive(maxOutboundStreams, "maxOutboundStreams");
    requirePositive(maxUnackedOutbound, "maxUnackedOutbound");
    requirePositive(maxSendBuffer, "maxSendBuffer");
    requirePositive(maxDataFrame, "maxDataFrame");
    requirePositive(maxOutstandingPings, "maxOutstandingPings");
  }

  /**
   * 256 KiB receive window, 256 000 initial send credit, 1024 streams each way, ACK backlog 256, 1
   * MiB send buffer per stream, 64 KiB Data frames (as js), 16 outstanding pings.
   */
  public static YamuxConfig defaults() {
    return new YamuxConfig(
        Yamux.SPEC_INITIAL_WINDOW,
        Yamux.SAFE_INITIAL_SEND_WINDOW,
        1024,
        1024,
        256,
        1024 * 1024,
        64 * 1024,
        16);
  }

  /**
   * What a host uses: {@link #defaults()} with a 16 MiB receive window, announced in the SYN/ACK
   * Window Update (js-libp2p grows its windows to the same size; the initial send credit stays at
   * 256 000).
   *
   * <p>The window only limits how far the peer may run ahead of our stream listeners, and a host
   * stream consumes data as it is delivered, so the larger window costs no memory for streams that
   * are read; it lets one stream fill a fast link, where with 256 KiB the sender stalls every 128
   * KiB until the Window Update arrives. {@code defaults()} keeps the spec's 256 KiB.
   */
  public static YamuxConfig forHost() {
    return defaults().withReceiveWindow(MAX_RECEIVE_WINDOW);
  }

  public YamuxConfig withMaxInboundStreams(int n) {
    return new YamuxConfig(
        receiveWindow,
        initialSendWindow,
        n,
        maxOutboundStreams,
        maxUnackedOutbound,
        maxSendBuffer,
        maxDataFrame,
        maxOutstandingPings);
  }

  public YamuxConfig withReceiveWindow(int n) {
    return new YamuxConfig(
        n,
        initialSendWindow,
        maxInboundStreams,
        maxOutboundStreams,
        maxUnackedOutbound,
        maxSendBuffer,
        maxDataFrame,
        maxOutstandingPings);
  }

  public YamuxConfig withMaxSendBuffer(int n) {
    return new YamuxConfig(
        receiveWindow,
        initialSendWindow,
        maxInboundStreams,
        maxOutboundStreams,
        maxUnackedOutbound,
        n,
        maxDataFrame,
        maxOutstandingPings);
  }

  private static void requirePositive(int v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
  }
}

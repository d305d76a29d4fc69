package dev.causeway.libp2p.yamux;

import dev.causeway.libp2p.mux.FrameSink;
import dev.causeway.libp2p.mux.MuxerListener;
import java.util.Objects;

/** yamux constants and the session factory (spec libp2p-core.md §6). */
public final class Yamux {
  public static final String PROTOCOL_ID = "/yamux/1.0.0";

  /** Frame header length (§6.1). */
  public static final int HEADER_LENGTH = 12;

  public static final int VERSION = 0;

  public static final int TYPE_DATA = 0;
  public static final int TYPE_WINDOW_UPDATE = 1;
  public static final int TYPE_PING = 2;
  public static final int TYPE_GO_AWAY = 3;

  public static final int FLAG_SYN = 0x1;
  public static final int FLAG_ACK = 0x2;
  public static final int FLAG_FIN = 0x4;
  public static final int FLAG_RST = 0x8;

  public static final int GO_AWAY_NORMAL = 0;
  public static final int GO_AWAY_PROTOCOL_ERROR = 1;
  public static final int GO_AWAY_INTERNAL_ERROR = 2;

  /** Every stream's receive window before any Window Update, per the yamux spec (§6.3). */
  public static final int SPEC_INITIAL_WINDOW = 256 * 1024;

  /**
   * Send credit we assume on a fresh stream: nim-libp2p v1.14.3 (nwaku) only grants 256 000 bytes,
   * so assuming the spec's 262 144 would overrun it (§6.3, §12 item 4).
   */
  public static final int SAFE_INITIAL_SEND_WINDOW = 256_000;

  /** Largest stream id (32-bit field). */
  public static final long MAX_STREAM_ID = 0xFFFF_FFFFL;

  private Yamux() {}

  /**
   * A new yamux session.
   *
   * @param initiator true on the side that dialled the connection (the yamux "client": odd stream
   *     ids), false on the listener (even ids)
   * @param sink receives every encoded frame, in order
   * @param listener session events (inbound streams, session end)
   */
  public static YamuxSession session(
      boolean initiator, YamuxConfig config, FrameSink sink, MuxerListener listener) {
    return new DefaultYamuxSession(
        initiator,
        Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(sink, "sink"),
        Objects.requireNonNull(listener, "listener"));
  }
}

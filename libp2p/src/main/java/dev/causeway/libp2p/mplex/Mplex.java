package dev.causeway.libp2p.mplex;

import dev.causeway.libp2p.mux.FrameSink;
import dev.causeway.libp2p.mux.MuxerListener;
import dev.causeway.libp2p.mux.MuxerSession;
import java.util.Objects;

/** mplex constants and the session factory (spec libp2p-core.md §7). */
public final class Mplex {
  public static final String PROTOCOL_ID = "/mplex/6.7.0";

  public static final int FLAG_NEW_STREAM = 0;
  public static final int FLAG_MESSAGE_RECEIVER = 1;
  public static final int FLAG_MESSAGE_INITIATOR = 2;
  public static final int FLAG_CLOSE_RECEIVER = 3;
  public static final int FLAG_CLOSE_INITIATOR = 4;
  public static final int FLAG_RESET_RECEIVER = 5;
  public static final int FLAG_RESET_INITIATOR = 6;

  /** Largest frame payload, sent or accepted: 1 MiB (§7.3). */
  public static final int MAX_FRAME_LENGTH = 1024 * 1024;

  /** Stream ids must leave room for the 3 flag bits in a 63-bit uvarint. */
  public static final long MAX_STREAM_ID = (1L << 60) - 1;

  private Mplex() {}

  /**
   * A new mplex session.
   *
   * @param initiator whether this side dialled the connection; mplex itself does not need it (each
   *     side numbers the streams it opens independently), it is kept for symmetry with {@code
   *     Yamux.session}
   * @param sink receives every encoded frame, in order
   * @param listener session events (inbound streams, session end)
   */
  public static MuxerSession session(
      boolean initiator, MplexConfig config, FrameSink sink, MuxerListener listener) {
    return new MplexSession(
        Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(sink, "sink"),
        Objects.requireNonNull(listener, "listener"));
  }
}

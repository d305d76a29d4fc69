package dev.causeway.libp2p.mux;

/**
 * One bidirectional stream of a {@link MuxerSession}. Not thread-safe: use it only on the thread
 * that drives its session.
 *
 * <p>Lifecycle: open → (either side half-closes) → gone once both directions are closed, or at once
 * on {@link #reset} by either side or when the session ends.
 */
public interface MuxedStream {
  /** Stream id on the wire (yamux: odd for the dialer; mplex: per-opener counter). */
  long id();

  /** Whether this side opened the stream. */
  boolean isInitiator();

  /**
   * Sets the receiver of inbound events. Buffered data (and a pending remote close or reset) are
   * delivered immediately, from inside this call.
   */
  void setListener(StreamListener listener);

  /**
   * Queues {@code len} bytes (copied) for sending. yamux sends them as the peer's receive window
   * allows; mplex sends them at once in frames of at most the maximum frame length.
   *
   * @return false, queueing nothing, if the stream's send-buffer limit would be exceeded, or if the
   *     stream was write-closed or reset (then it never becomes writable again)
   * @throws IllegalArgumentException (yamux) if {@code len} exceeds the send-buffer limit (split
   *     such writes)
   */
  boolean write(byte[] data, int off, int len);

  /**
   * Whether the queued bytes are at most half of the send-buffer limit, i.e. a write of up to half
   * the limit will be accepted. False once write-closed or reset.
   */
  boolean isWritable();

  /**
   * Called once each time the stream turns writable again after a refused write or after a write
   * left it unwritable. Never called after a reset.
   */
  void setWritabilityListener(Runnable listener);

  /** Half-close: no more writes; queued data is still sent, then yamux FIN / mplex Close. */
  void closeWrite();

  /** Aborts both directions and drops queued data (yamux RST / mplex Reset). Idempotent. */
  void reset();
}

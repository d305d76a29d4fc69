package dev.causeway.libp2p.mux;

/**
 * One multiplexed connection (yamux {@code spec/libp2p-core.md} §6, mplex §7). The caller feeds it
 * the connection's decrypted inbound bytes and ships whatever it writes to its {@link FrameSink}.
 *
 * <p>Threading: not thread-safe. Every method of the session and of its streams must be called from
 * the one thread that owns the connection (a Netty event loop). Listeners and the sink are called
 * synchronously from inside those methods; they may call stream and session methods again, except
 * {@link #onInbound} (which is not re-entrant).
 */
public interface MuxerSession {
  /**
   * Feeds inbound connection bytes, split anywhere. Events are dispatched from inside this call.
   *
   * @throws MuxerException on a protocol violation; the session is then torn down (streams reset,
   *     yamux GoAway queued) and the caller must close the connection. After {@link #close} or a
   *     failure further input is ignored.
   */
  void onInbound(byte[] data, int off, int len) throws MuxerException;

  /**
   * Opens a local stream; its opening frame is written at once.
   *
   * @throws MuxerException if the session is closed, the peer sent GoAway, or a stream limit is
   *     reached (the session stays usable)
   */
  MuxedStream openStream() throws MuxerException;

  /**
   * Ends the session: yamux queues GoAway (normal), mplex resets every open stream; all streams are
   * reset locally (their listeners get {@code onReset}). The caller then flushes and closes the
   * connection. Idempotent.
   */
  void close();

  /** Streams that are neither reset nor closed in both directions. */
  int activeStreams();
}

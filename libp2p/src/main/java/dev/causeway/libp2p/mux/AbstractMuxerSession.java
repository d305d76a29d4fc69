package dev.causeway.libp2p.mux;

import java.util.Collection;
import java.util.Objects;

/**
 * The session lifecycle shared by the yamux and mplex sessions, for muxer implementations: the
 * {@link #onInbound} guard (not re-entrant, ignored once closed, torn down on a {@link
 * MuxerException}), the one-time teardown that ends every stream, and the one-time {@link
 * MuxerListener#onSessionClosed} notice. The subclass parses frames ({@link #parse}) and owns its
 * stream tables ({@link #detachStreams}). Not thread-safe; see {@link MuxerSession}.
 */
public abstract class AbstractMuxerSession implements MuxerSession {
  /*
   * onInbound is called once per read from the connection, not per frame; its call to parse has
   * at most two receiver classes. The per-frame work stays in the subclass's parse, which reads
   * `closed` through the final isClosed().
   *
   * Teardown order, as before: mark closed, let the subclass write its last frame (yamux GoAway)
   * and empty its tables and parser state, end every stream (mplex writes a Reset for each on a
   * local close, never after a protocol error; yamux never does, its GoAway covers them), then
   * tell the listener, unless a GoAway already did.
   */

  private boolean closed;
  private boolean closeNotified;
  private boolean inInbound;

  /** Session-level events. */
  protected final MuxerListener listener;

  protected AbstractMuxerSession(MuxerListener listener) {
    this.listener = listener;
  }

  @Override
  public final void onInbound(byte[] data, int off, int len) throws MuxerException {
    Objects.checkFromIndexSize(off, len, data.length);
    if (inInbound) {
      throw new IllegalStateException("onInbound is not re-entrant");
    }
    if (closed) {
      return;
    }
    inInbound = true;
    try {
      parse(data, off, off + len);
    } catch (MuxerException e) {
      terminate("protocol error: " + e.getMessage(), true);
      throw e;
    } finally {
      inInbound = false;
    }
  }

  @Override
  public final void close() {
    terminate("closed locally", false);
  }

  // ---- for the subclass ----

  /**
   * Parses inbound bytes {@code [off, end)} of {@code data}, split anywhere, dispatching events.
   * Must stop when {@link #isClosed()} turns true (a listener may close the session).
   */
  protected abstract void parse(byte[] data, int off, int end) throws MuxerException;

  /**
   * The session is ending: write the last frame if the protocol has one, drop the parser state,
   * empty the stream tables and counters, and return the streams that were open (a copy).
   *
   * @param protocolError true on a protocol violation by the peer, false on a local {@link #close}
   */
  protected abstract Collection<? extends AbstractMuxedStream> detachStreams(boolean protocolError);

  /**
   * Whether {@link #close} writes a reset frame for every open stream (mplex); by default not
   * (yamux's GoAway covers them). Asked once, on a local close.
   */
  protected boolean resetsStreamsOnClose() {
    return false;
  }

  protected final boolean isClosed() {
    return closed;
  }

  /** Throws unless streams may be opened as far as the session's state goes. */
  protected final void checkOpen() throws MuxerException {
    if (closed) {
      throw new MuxerException("session closed");
    }
  }

  /** Tells the listener the session accepts no new streams; only the first call does. */
  protected final void notifyClosed(String reason) {
    if (!closeNotified) {
      closeNotified = true;
      listener.onSessionClosed(reason);
    }
  }

  /** The peer half-closed {@code s}; nothing if {@code s} is null (unknown stream). */
  protected static void remoteClose(AbstractMuxedStream s) {
    if (s != null) {
      s.onRemoteClose();
    }
  }

  /** The peer reset {@code s}; nothing if {@code s} is null (unknown stream). */
  protected static void remoteReset(AbstractMuxedStream s) {
    if (s != null) {
      s.onRemoteReset();
    }
  }

  private void terminate(String reason, boolean protocolError) {
    if (closed) {
      return;
    }
    closed = true;
    boolean sendResets = !protocolError && resetsStreamsOnClose();
    for (AbstractMuxedStream s : detachStreams(protocolError)) {
      s.onSessionEnd(sendResets);
    }
    notifyClosed(reason);
  }
}

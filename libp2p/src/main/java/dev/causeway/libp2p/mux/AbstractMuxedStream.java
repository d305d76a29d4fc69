package dev.causeway.libp2p.mux;

/**
 * The lifecycle shared by the yamux and mplex streams, for muxer implementations: id and role, the
 * inbound {@link StreamInbox}, and the states "remote closed" (the peer half-closed), "close sent"
 * (our half-close left) and "gone" (reset by either side, session ended, or both directions closed;
 * the stream has left its session's table and sends nothing more). The subclass owns the send side
 * and the wire format; it is told through {@link #sendReset()}, {@link #removeFromSession()} and
 * {@link #dropSendState()}. The session drives the inbound events through {@link
 * AbstractMuxerSession}. Single-threaded, like the sessions.
 */
public abstract class AbstractMuxedStream implements MuxedStream {
  /*
   * Only lifecycle transitions live here (a few per stream, never per frame); the per-frame paths
   * (inbound data, writes) stay in the subclasses and read the state through final methods, which
   * the JIT inlines. The hooks are called with two receiver classes at most (bimorphic).
   *
   * Order of effects, the same as before the two muxers shared this code: a local reset drops the
   * send state, writes the reset frame and leaves the session table (the inbox is discarded, which
   * tells nobody); a remote reset drops the send state, leaves the table and then tells the
   * listener; a session end drops the send state, writes a reset frame only if asked (mplex on a
   * local close) and tells the listener, the session having cleared its tables itself.
   */

  private final long id;
  private final boolean initiator;

  /** Inbound payload and events of this stream. */
  protected final StreamInbox inbox = new StreamInbox();

  private boolean remoteClosed;
  private boolean closeSent;
  private boolean gone;

  protected AbstractMuxedStream(long id, boolean initiator) {
    this.id = id;
    this.initiator = initiator;
  }

  @Override
  public final long id() {
    return id;
  }

  @Override
  public final boolean isInitiator() {
    return initiator;
  }

  @Override
  public final void reset() {
    if (gone) {
      return;
    }
    abort();
    inbox.discard();
  }

  // ---- for the subclass ----

  /** Writes this stream's reset frame (yamux RST, mplex Reset). */
  protected abstract void sendReset();

  /** Removes this stream from its session's table. */
  protected abstract void removeFromSession();

  /** Drops whatever is queued for sending; called once, when the stream is reset or ends. */
  protected void dropSendState() {}

  /** Whether the stream is reset, ended with its session, or closed in both directions. */
  protected final boolean isGone() {
    return gone;
  }

  /** Whether our half-close (yamux FIN, mplex Close) was sent. */
  protected final boolean isCloseSent() {
    return closeSent;
  }

  /** Whether inbound data is no longer accepted: the peer half-closed, or the stream is gone. */
  protected final boolean isInboundClosed() {
    return gone || remoteClosed;
  }

  /**
   * Records that our half-close was just written; the stream is finished if the peer had already
   * closed its direction.
   */
  protected final void closeSent() {
    closeSent = true;
    if (remoteClosed) {
      finish();
    }
  }

  /**
   * Resets the stream from this side because of what the peer did (e.g. mplex buffer overflow):
   * like {@link #reset()}, but the listener is told. No-op once gone.
   */
  protected final void resetAndNotify() {
    if (gone) {
      return;
    }
    abort();
    inbox.reset();
  }

  // ---- driven by the session, through AbstractMuxerSession ----

  /** The peer half-closed its direction (yamux FIN, mplex Close). */
  final void onRemoteClose() {
    if (gone || remoteClosed) {
      return;
    }
    remoteClosed = true;
    if (closeSent) {
      finish();
    }
    inbox.remoteClose();
  }

  /** The peer reset the stream (yamux RST, mplex Reset). */
  final void onRemoteReset() {
    if (gone) {
      return;
    }
    gone = true;
    dropSendState();
    removeFromSession();
    inbox.reset();
  }

  /** The session ended and already dropped the stream from its table. */
  final void onSessionEnd(boolean sendReset) {
    if (gone) {
      return;
    }
    gone = true;
    dropSendState();
    if (sendReset) {
      sendReset();
    }
    inbox.reset();
  }

  private void abort() {
    gone = true;
    dropSendState();
    sendReset();
    removeFromSession();
  }

  private void finish() {
    if (!gone) {
      gone = true;
      removeFromSession();
    }
  }
}

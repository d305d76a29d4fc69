package dev.causeway.libp2p.mplex;

import dev.causeway.libp2p.mux.AbstractMuxedStream;
import dev.causeway.libp2p.mux.StreamListener;
import java.util.Objects;

/**
 * One mplex stream (spec libp2p-core.md §7.2): writes leave at once as Message frames of at most
 * {@link MplexConfig#maxFrameLength()}; unread inbound data is capped by {@link
 * MplexConfig#maxStreamBuffer()}.
 */
final class MplexStream extends AbstractMuxedStream {
  private final MplexSession session;

  MplexStream(MplexSession session, long id, boolean initiator) {
    super(id, initiator);
    this.session = session;
  }

  @Override
  public void setListener(StreamListener listener) {
    inbox.setListener(listener);
  }

  /** Sends at once (mplex has no flow control); false only once write-closed or reset. */
  @Override
  public boolean write(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    if (!isWritable()) {
      return false;
    }
    long id = id();
    int flag = isInitiator() ? Mplex.FLAG_MESSAGE_INITIATOR : Mplex.FLAG_MESSAGE_RECEIVER;
    int max = session.config.maxFrameLength();
    for (int sent = 0; sent < len; ) {
      int n = Math.min(max, len - sent);
      session.writeFrame(id, flag, data, off + sent, n);
      sent += n;
    }
    return true;
  }

  @Override
  public boolean isWritable() {
    return !isGone() && !isCloseSent();
  }

  /** Never called: an open mplex stream is always writable. */
  @Override
  public void setWritabilityListener(Runnable listener) {
    // nothing is ever queued per stream
  }

  @Override
  public void closeWrite() {
    if (!isWritable()) {
      return;
    }
    int flag = isInitiator() ? Mplex.FLAG_CLOSE_INITIATOR : Mplex.FLAG_CLOSE_RECEIVER;
    session.writeEmpty(id(), flag);
    closeSent();
  }

  @Override
  public String toString() {
    return "mplex stream " + id() + (isInitiator() ? " (outbound)" : " (inbound)");
  }

  @Override
  protected void sendReset() {
    int flag = isInitiator() ? Mplex.FLAG_RESET_INITIATOR : Mplex.FLAG_RESET_RECEIVER;
    session.writeEmpty(id(), flag);
  }

  @Override
  protected void removeFromSession() {
    session.remove(this);
  }

  // ---- driven by the session ----

  void onData(byte[] data, int off, int len) {
    if (isInboundClosed()) {
      return; // data after Close / Reset is dropped
    }
    if (!inbox.offer(data, off, len) && inbox.buffered() > session.config.maxStreamBuffer()) {
      // No flow control: a peer outrunning a stream nobody reads gets the stream reset (§7.2).
      resetAndNotify();
    }
  }
}

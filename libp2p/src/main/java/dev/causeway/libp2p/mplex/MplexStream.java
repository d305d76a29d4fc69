package dev.causeway.libp2p.mplex;

import dev.causeway.libp2p.mux.MuxedStream;
import dev.causeway.libp2p.mux.StreamInbox;
import dev.causeway.libp2p.mux.StreamListener;
import java.util.Objects;

/**
 * One mplex stream (spec libp2p-core.md §7.2): writes leave at once as Message frames of at most
 * {@link MplexConfig#maxFrameLength()}; unread inbound data is capped by {@link
 * MplexConfig#maxStreamBuffer()}.
 */
final class MplexStream implements MuxedStream {
  private final MplexSession session;
  private final long id;
  private final boolean initiator;
  private final StreamInbox inbox = new StreamInbox();
  private boolean writeClosed;
  private boolean remoteClosed;
  private boolean gone;

  MplexStream(MplexSession session, long id, boolean initiator) {
    this.session = session;
    this.id = id;
    this.initiator = initiator;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public boolean isInitiator() {
    return initiator;
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
    int flag = initiator ? Mplex.FLAG_MESSAGE_INITIATOR : Mplex.FLAG_MESSAGE_RECEIVER;
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
    return !gone && !writeClosed;
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
    writeClosed = true;
    int flag = initiator ? Mplex.FLAG_CLOSE_INITIATOR : Mplex.FLAG_CLOSE_RECEIVER;
    session.writeEmpty(id, flag);
    if (remoteClosed) {
      finish();
    }
  }

  @Override
  public void reset() {
    if (gone) {
      return;
    }
    gone = true;
    inbox.discard();
    sendReset();
    session.remove(this);
  }

  @Override
  public String toString() {
    return "mplex stream " + id + (initiator ? " (outbound)" : " (inbound)");
  }

  private void sendReset() {
    int flag = initiator ? Mplex.FLAG_RESET_INITIATOR : Mplex.FLAG_RESET_RECEIVER;
    session.writeEmpty(id, flag);
  }

  private void finish() {
    if (!gone) {
      gone = true;
      session.remove(this);
    }
  }

  // ---- driven by the session ----

  void onData(byte[] data, int off, int len) {
    if (gone || remoteClosed) {
      return; // data after Close / Reset is dropped
    }
    if (!inbox.offer(data, off, len) && inbox.buffered() > session.config.maxStreamBuffer()) {
      // No flow control: a peer outrunning a stream nobody reads gets the stream reset (§7.2).
      gone = true;
      sendReset();
      session.remove(this);
      inbox.reset();
    }
  }

  void onRemoteClose() {
    if (gone || remoteClosed) {
      return;
    }
    remoteClosed = true;
    if (writeClosed) {
      finish();
    }
    inbox.remoteClose();
  }

  void onRemoteReset() {
    if (gone) {
      return;
    }
    gone = true;
    session.remove(this);
    inbox.reset();
  }

  void onSessionEnd(boolean sendReset) {
    if (gone) {
      return;
    }
    gone = true;
    if (sendReset) {
      sendReset();
    }
    inbox.reset();
  }
}

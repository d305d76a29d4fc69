package dev.causeway.libp2p.yamux;

import dev.causeway.libp2p.mux.AbstractMuxedStream;
import dev.causeway.libp2p.mux.MuxerException;
import dev.causeway.libp2p.mux.StreamListener;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One yamux stream (spec libp2p-core.md §6.2, §6.3): send queue limited by the peer's window and by
 * {@link YamuxConfig#maxSendBuffer()}, receive credit returned as data reaches the listener.
 */
final class YamuxStream extends AbstractMuxedStream {
  /*
   * Send side: bytes go out at once while send window remains (no copy into the queue), the rest
   * is copied into the queue and flushed on Window Updates. FIN waits until the queue is empty.
   *
   * Receive side: recvCredit is what the peer may still send; a Data frame beyond it is a protocol
   * error. Bytes handed to the listener are "consumed"; once at least half a window is consumed we
   * return it in one Window Update (nim's rule; js updates more eagerly, both interoperate).
   *
   * "Gone" (AbstractMuxedStream) means the stream left the session table (reset by either side,
   * session ended, or both directions closed); nothing is sent any more, but inbound data and
   * events already buffered in the inbox are still delivered once a listener is set. "Close sent"
   * is FIN sent.
   */

  private final DefaultYamuxSession session;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private int headOffset;
  private int queued;
  private long sendWindow;
  private long recvCredit;
  private int unreported;
  private boolean acked;
  private boolean finPending;
  private boolean flushing;
  private boolean wantWritable;
  private Runnable writabilityListener;

  YamuxStream(
      DefaultYamuxSession session, long id, boolean initiator, long sendWindow, long recvCredit) {
    super(id, initiator);
    this.session = session;
    this.sendWindow = sendWindow;
    this.recvCredit = recvCredit;
    this.acked = !initiator;
  }

  @Override
  public void setListener(StreamListener listener) {
    int delivered = inbox.setListener(listener);
    if (delivered > 0) {
      consumed(delivered);
    }
  }

  @Override
  public boolean write(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    int limit = session.config.maxSendBuffer();
    if (len > limit) {
      throw new IllegalArgumentException(
          "write of " + len + " bytes exceeds the send buffer limit " + limit);
    }
    if (!writeOpen()) {
      return false;
    }
    if (queued + len > limit) {
      wantWritable = true;
      return false;
    }
    int sent = 0;
    if (queue.isEmpty() && !flushing) {
      long id = id();
      int maxFrame = session.config.maxDataFrame();
      while (sent < len && sendWindow > 0) {
        int n = (int) Math.min(Math.min(len - sent, sendWindow), maxFrame);
        session.writeData(id, data, off + sent, n);
        sendWindow -= n;
        sent += n;
      }
    }
    if (sent < len) {
      byte[] rest = new byte[len - sent];
      System.arraycopy(data, off + sent, rest, 0, rest.length);
      queue.add(rest);
      queued += rest.length;
      if (queued > limit / 2) {
        wantWritable = true;
      }
    }
    return true;
  }

  @Override
  public boolean isWritable() {
    return writeOpen() && queued <= session.config.maxSendBuffer() / 2;
  }

  @Override
  public void setWritabilityListener(Runnable listener) {
    writabilityListener = listener;
  }

  @Override
  public void closeWrite() {
    if (!writeOpen()) {
      return;
    }
    finPending = true;
    flush();
  }

  @Override
  public String toString() {
    return "yamux stream " + id() + (isInitiator() ? " (outbound)" : " (inbound)");
  }

  private boolean writeOpen() {
    return !isGone() && !finPending && !isCloseSent();
  }

  @Override
  protected void sendReset() {
    session.writeFrame(Yamux.TYPE_WINDOW_UPDATE, Yamux.FLAG_RST, id(), 0);
  }

  @Override
  protected void removeFromSession() {
    session.remove(this);
  }

  @Override
  protected void dropSendState() {
    queue.clear();
    queued = 0;
    headOffset = 0;
    finPending = false;
    wantWritable = false;
  }

  // ---- driven by the session ----

  boolean isAcked() {
    return acked;
  }

  void onAck() {
    if (!acked) {
      acked = true;
      session.onAcked(this);
    }
  }

  void addSendWindow(long delta) throws MuxerException {
    long w = sendWindow + delta;
    if (w > 0xFFFF_FFFFL) {
      throw new MuxerException("send window of stream " + id() + " overflows 32 bits");
    }
    sendWindow = w;
  }

  void takeReceiveCredit(long len) throws MuxerException {
    if (len > recvCredit) {
      throw new MuxerException(
          "peer exceeded the receive window of stream "
              + id()
              + ": "
              + len
              + " bytes with "
              + recvCredit
              + " left");
    }
    recvCredit -= len;
  }

  void onData(byte[] data, int off, int len) {
    if (isInboundClosed()) {
      return; // credit was taken; the bytes are dropped
    }
    if (inbox.offer(data, off, len)) {
      consumed(len);
    }
  }

  private void consumed(int n) {
    unreported += n;
    if (!isInboundClosed() && unreported >= session.config.receiveWindow() / 2) {
      recvCredit += unreported;
      session.writeFrame(Yamux.TYPE_WINDOW_UPDATE, 0, id(), unreported);
      unreported = 0;
    }
  }

  /** Sends what the window allows, then a pending FIN; may fire the writability listener. */
  void flush() {
    if (flushing || isGone()) {
      return;
    }
    flushing = true;
    try {
      long id = id();
      int maxFrame = session.config.maxDataFrame();
      while (!queue.isEmpty() && sendWindow > 0) {
        byte[] head = queue.peek();
        int n = (int) Math.min(Math.min(head.length - headOffset, sendWindow), maxFrame);
        session.writeData(id, head, headOffset, n);
        sendWindow -= n;
        queued -= n;
        headOffset += n;
        if (headOffset == head.length) {
          queue.poll();
          headOffset = 0;
        }
      }
      if (finPending && queue.isEmpty()) {
        finPending = false;
        session.writeFrame(Yamux.TYPE_WINDOW_UPDATE, Yamux.FLAG_FIN, id, 0);
        closeSent();
      }
    } finally {
      flushing = false;
    }
    if (wantWritable && isWritable()) {
      wantWritable = false;
      Runnable l = writabilityListener;
      if (l != null) {
        l.run();
      }
    }
  }
}

package dev.causeway.libp2p.mux;

import java.util.ArrayDeque;

/**
 * Inbound side of one stream, for muxer implementations: hands payload, remote close and reset to
 * the stream's {@link StreamListener}, buffering them until a listener is set. The muxer bounds the
 * buffer (yamux by its receive window, mplex by a per-stream limit checked via {@link
 * #buffered()}). Single-threaded, like the sessions using it.
 */
public final class StreamInbox {
  /*
   * Ordering guarantee: data, then remote close, then nothing (or: anything, then reset, then
   * nothing). While buffered chunks exist every new chunk is appended behind them, so a listener
   * set from inside a callback cannot overtake older data. Callbacks may reset the stream; the
   * flush loop re-checks state after each one.
   */
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private int pendingBytes;
  private StreamListener listener;
  private boolean remoteClosed;
  private boolean closeDelivered;
  private boolean reset;
  private boolean resetDelivered;

  /**
   * Offers inbound payload. Returns true if it went straight to the listener (consumed now); false
   * if it was copied into the buffer, or dropped because the stream is reset or remote-closed.
   */
  public boolean offer(byte[] data, int off, int len) {
    if (reset || remoteClosed || len == 0) {
      return false;
    }
    if (listener != null && pending.isEmpty()) {
      listener.onData(data, off, len);
      return true;
    }
    byte[] copy = new byte[len];
    System.arraycopy(data, off, copy, 0, len);
    pending.add(copy);
    pendingBytes += len;
    return false;
  }

  /** Bytes buffered because no listener is set yet. */
  public int buffered() {
    return pendingBytes;
  }

  /** The peer half-closed; delivered after the buffered data. */
  public void remoteClose() {
    if (reset || remoteClosed) {
      return;
    }
    remoteClosed = true;
    deliverPendingEvents();
  }

  /** The stream is reset: buffered data is dropped and the listener told (now or once set). */
  public void reset() {
    if (reset) {
      return;
    }
    reset = true;
    pending.clear();
    pendingBytes = 0;
    deliverPendingEvents();
  }

  /**
   * The stream was reset by this side: buffered data is dropped and nothing more is delivered; the
   * listener is not told (the caller knows).
   */
  public void discard() {
    if (reset) {
      return;
    }
    reset = true;
    resetDelivered = true;
    pending.clear();
    pendingBytes = 0;
  }

  public boolean isReset() {
    return reset;
  }

  public boolean isRemoteClosed() {
    return remoteClosed;
  }

  /**
   * Sets the listener and delivers what was buffered.
   *
   * @return the number of buffered payload bytes delivered (consumed) by this call
   */
  public int setListener(StreamListener newListener) {
    listener = newListener;
    if (newListener == null) {
      return 0;
    }
    int delivered = 0;
    while (!pending.isEmpty() && !reset && listener == newListener) {
      byte[] chunk = pending.poll();
      pendingBytes -= chunk.length;
      delivered += chunk.length;
      newListener.onData(chunk, 0, chunk.length);
    }
    deliverPendingEvents();
    return delivered;
  }

  private void deliverPendingEvents() {
    StreamListener l = listener;
    if (l == null) {
      return;
    }
    if (reset) {
      if (!resetDelivered) {
        resetDelivered = true;
        l.onReset();
      }
    } else if (remoteClosed && pending.isEmpty() && !closeDelivered) {
      closeDelivered = true;
      l.onRemoteClose();
    }
  }
}

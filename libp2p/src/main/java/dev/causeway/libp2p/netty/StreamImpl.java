package dev.causeway.libp2p.netty;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamException;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.mux.MuxedStream;
import dev.causeway.libp2p.peer.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A negotiated stream over a {@link MuxedStream}. All state is touched on the connection's event
 * loop; public methods hop there. Inbound data that arrives before a listener is set is kept (at
 * most {@link #MAX_BUFFERED_INBOUND} bytes, beyond which the stream is reset). Outbound data waits
 * in a bounded queue while the muxer or the socket is not writable.
 */
final class StreamImpl implements Stream, dev.causeway.libp2p.mux.StreamListener {
  private static final Logger LOG = LoggerFactory.getLogger(StreamImpl.class);
  static final int MAX_BUFFERED_INBOUND = 4 * 1024 * 1024;
  static final int MAX_PENDING_OUTBOUND = 16 * 1024 * 1024;

  /** Largest single muxer write (yamux refuses writes above half its send buffer). */
  static final int WRITE_CHUNK = 64 * 1024;

  private record PendingWrite(byte[] data, CompletableFuture<Void> done) {}

  private final ConnectionHandler conn;
  private final MuxedStream muxed;
  private final String protocol;
  private final boolean initiator;
  private StreamListener listener;
  private List<byte[]> bufferedInbound = new ArrayList<>();
  private int bufferedBytes;
  private boolean remoteClosed;
  private boolean wasReset;
  private boolean writeClosed;
  private boolean closeAfterDrain;
  private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
  private int pendingBytes;
  private int headOffset;

  StreamImpl(ConnectionHandler conn, MuxedStream muxed, String protocol, boolean initiator) {
    this.conn = conn;
    this.muxed = muxed;
    this.protocol = protocol;
    this.initiator = initiator;
    muxed.setListener(this);
    muxed.setWritabilityListener(this::drain);
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Connection connection() {
    return conn;
  }

  @Override
  public PeerId remotePeer() {
    return conn.remotePeer();
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public ScheduledExecutorService executor() {
    return conn.executor();
  }

  @Override
  public void setListener(StreamListener l) {
    conn.runOnLoop(
        () -> {
          boolean first = bufferedInbound != null;
          listener = l;
          if (!first) {
            return; // a replaced listener; earlier events went to the previous one
          }
          List<byte[]> buffered = bufferedInbound;
          bufferedInbound = null;
          bufferedBytes = 0;
          for (byte[] b : buffered) {
            if (!deliver(b)) {
              return;
            }
          }
          if (wasReset) {
            l.onReset();
          } else if (remoteClosed) {
            l.onRemoteClose();
          }
        });
  }

  /** Bytes that followed the multistream answer in the same read. */
  void deliverLeftover(byte[] data) {
    if (data.length > 0) {
      onData(data, 0, data.length);
    }
  }

  @Override
  public CompletableFuture<Void> write(byte[] data) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    conn.runOnLoop(
        () -> {
          if (wasReset || writeClosed || closeAfterDrain) {
            done.completeExceptionally(new StreamException("stream is closed for writing"));
            return;
          }
          if (pendingBytes + data.length > MAX_PENDING_OUTBOUND) {
            done.completeExceptionally(new StreamException("stream send buffer is full"));
            return;
          }
          pending.add(new PendingWrite(data, done));
          pendingBytes += data.length;
          drain();
        });
    return done;
  }

  /** Hands queued data to the muxer while it and the socket take it. */
  void drain() {
    boolean wrote = false;
    while (!pending.isEmpty() && conn.isSocketWritable() && muxed.isWritable()) {
      PendingWrite w = pending.peek();
      int n = Math.min(WRITE_CHUNK, w.data().length - headOffset);
      if (n > 0 && !muxed.write(w.data(), headOffset, n)) {
        break;
      }
      wrote = true;
      headOffset += n;
      pendingBytes -= n;
      if (headOffset == w.data().length) {
        pending.poll();
        headOffset = 0;
        w.done().complete(null);
      }
    }
    if (!pending.isEmpty() && !conn.isSocketWritable()) {
      conn.awaitWritable(this);
    }
    if (pending.isEmpty() && closeAfterDrain && !writeClosed) {
      writeClosed = true;
      muxed.closeWrite();
      wrote = true;
    }
    if (wrote) {
      conn.flushSoon();
    }
  }

  @Override
  public void closeWrite() {
    conn.runOnLoop(
        () -> {
          if (writeClosed || wasReset) {
            return;
          }
          closeAfterDrain = true;
          drain();
        });
  }

  @Override
  public void reset() {
    conn.runOnLoop(
        () -> {
          if (wasReset) {
            return;
          }
          wasReset = true;
          failPending("stream reset");
          muxed.reset();
          conn.flushSoon();
        });
  }

  private void failPending(String why) {
    for (PendingWrite w : pending) {
      w.done().completeExceptionally(new StreamException(why));
    }
    pending.clear();
    pendingBytes = 0;
    headOffset = 0;
  }

  // muxer callbacks (event loop)

  @Override
  public void onData(byte[] data, int off, int len) {
    byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len);
    if (listener != null) {
      deliver(copy);
      return;
    }
    bufferedBytes += len;
    if (bufferedBytes > MAX_BUFFERED_INBOUND) {
      reset();
      return;
    }
    bufferedInbound.add(copy);
  }

  /**
   * Hands data to the listener; a listener that throws costs its own stream (reset), not the
   * connection. Returns false if the stream was reset.
   */
  private boolean deliver(byte[] data) {
    try {
      listener.onData(data);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("listener of {} failed; resetting the stream", this, e);
      reset();
      return false;
    }
  }

  @Override
  public void onRemoteClose() {
    remoteClosed = true;
    if (listener != null) {
      listener.onRemoteClose();
    }
  }

  @Override
  public void onReset() {
    if (wasReset) {
      return;
    }
    wasReset = true;
    failPending("stream reset by peer");
    if (listener != null) {
      listener.onReset();
    }
  }

  @Override
  public String toString() {
    return "stream " + protocol + " to " + conn.remotePeer();
  }
}

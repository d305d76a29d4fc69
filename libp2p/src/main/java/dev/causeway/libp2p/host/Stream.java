package dev.causeway.libp2p.host;

import dev.causeway.libp2p.peer.PeerId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One muxed stream whose protocol has been negotiated. Methods are thread-safe; listener callbacks
 * run on {@link #executor()}, the connection's event loop.
 *
 * <p>Backpressure: {@link #write} completes when the muxer accepted the data into the stream's send
 * buffer. A writer that waits for each future before the next write never holds more than one chunk
 * in flight; writes beyond the buffer limit fail with {@link StreamException}.
 */
public interface Stream {
  String protocol();

  Connection connection();

  PeerId remotePeer();

  /** True if we opened the stream. */
  boolean isInitiator();

  /** Sets the receiver of inbound data; data that arrived earlier is delivered first. */
  void setListener(StreamListener listener);

  /** Queues {@code data} for sending. */
  CompletableFuture<Void> write(byte[] data);

  /** Half-closes: we send no more data; the remote may still send. */
  void closeWrite();

  /** Aborts the stream in both directions. */
  void reset();

  ScheduledExecutorService executor();
}

package dev.causeway.libp2p.host;

import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/** A secured, muxed connection to one peer. Thread-safe. */
public interface Connection {
  PeerId remotePeer();

  /** The remote's transport address (without /p2p). */
  Multiaddr remoteAddress();

  Multiaddr localAddress();

  /** True if we dialled. */
  boolean isInitiator();

  /** The negotiated muxer protocol id ({@code /yamux/1.0.0} or {@code /mplex/6.7.0}). */
  String muxer();

  /**
   * Opens a stream and negotiates the first of {@code protocols} the remote supports (multistream
   * {@code na} falls through the list).
   */
  CompletableFuture<Stream> newStream(List<String> protocols);

  boolean isOpen();

  void close();

  ScheduledExecutorService executor();
}

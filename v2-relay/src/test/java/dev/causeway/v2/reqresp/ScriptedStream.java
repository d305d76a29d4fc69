package dev.causeway.v2.reqresp;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.testing.ManualScheduler;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A stream driven by the test: records writes, close and reset; timers on a manual scheduler. Used
 * by the tests of every protocol that reads its request with {@link RequestReader}.
 */
public final class ScriptedStream implements Stream {
  public final ManualScheduler scheduler = new ManualScheduler();
  public final ByteArrayOutputStream written = new ByteArrayOutputStream();
  public final CompletableFuture<Void> resetSeen = new CompletableFuture<>();
  public CompletableFuture<Void> writeResult = CompletableFuture.completedFuture(null);
  public StreamListener listener;
  public PeerId peer;
  public boolean writeClosed;
  public int resets;

  @Override
  public String protocol() {
    return "/test/1";
  }

  @Override
  public Connection connection() {
    return null;
  }

  @Override
  public PeerId remotePeer() {
    return peer;
  }

  @Override
  public boolean isInitiator() {
    return false;
  }

  @Override
  public void setListener(StreamListener l) {
    listener = l;
  }

  @Override
  public CompletableFuture<Void> write(byte[] data) {
    written.writeBytes(data);
    return writeResult;
  }

  @Override
  public void closeWrite() {
    writeClosed = true;
  }

  @Override
  public synchronized void reset() {
    resets++;
    resetSeen.complete(null);
  }

  @Override
  public ScheduledExecutorService executor() {
    return scheduler;
  }
}

package dev.causeway.libp2p.host;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.testing.ManualScheduler;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Test support: a {@link Stream} driven by the test, with no connection behind it. It records what
 * is written, whether writing was closed and how often it was reset; the test delivers inbound data
 * through {@link #listener} and decides what {@link #write} returns ({@link #writeResult}). Timers
 * scheduled on {@link #executor()} run only when the test calls {@code scheduler.runAll()}.
 *
 * <p>Input assumptions: used from the test thread, except that {@link #reset()} may be called from
 * another thread ({@link #resetSeen} lets the test wait for it). {@link #connection()} and {@link
 * #remotePeer()} are {@code null}.
 */
public final class ScriptedStream implements Stream {

  /*
   * This used to be two copies (libp2p's LengthPrefixedExchangeTest and v2-relay's reqresp tests);
   * it lives in libp2p's test-jar, which v2-relay's tests already use. The fields are public so
   * that tests read and script them directly, as they did with the nested copies.
   */

  /** The executor the stream reports; its timers run when the test says so. */
  public final ManualScheduler scheduler = new ManualScheduler();

  /** Every byte written, in order. */
  public final ByteArrayOutputStream written = new ByteArrayOutputStream();

  /** Completes on the first {@link #reset()}. */
  public final CompletableFuture<Void> resetSeen = new CompletableFuture<>();

  /** What every {@link #write} returns; completed successfully unless the test replaces it. */
  public CompletableFuture<Void> writeResult = CompletableFuture.completedFuture(null);

  /** The listener the code under test set, through which the test delivers inbound events. */
  public StreamListener listener;

  /** What {@link #remotePeer()} answers (null unless a test sets it). */
  public PeerId peer;

  /** Whether {@link #closeWrite()} was called. */
  public boolean writeClosed;

  /** How often {@link #reset()} was called. */
  public int resets;

  private final boolean initiator;

  /** A stream the remote opened (an inbound stream: {@link #isInitiator()} is false). */
  public ScriptedStream() {
    this(false);
  }

  /**
   * @param initiator what {@link #isInitiator()} returns: {@code true} for a stream we opened
   */
  public ScriptedStream(boolean initiator) {
    this.initiator = initiator;
  }

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
    return initiator;
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

package dev.causeway.libp2p.mux;

import dev.causeway.libp2p.mplex.Mplex;
import dev.causeway.libp2p.mplex.MplexConfig;
import dev.causeway.libp2p.yamux.Yamux;
import dev.causeway.libp2p.yamux.YamuxConfig;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * Two sessions wired back to back, as a single event loop would drive them: frames written to a
 * sink are queued, and {@link #pump()} delivers the queued bytes to the other side in random splits
 * until both directions are quiet. Side A dialled (yamux client).
 */
public final class MuxerPair {
  public enum Kind {
    YAMUX,
    MPLEX
  }

  public final Kind kind;
  public final MuxerSession a;
  public final MuxerSession b;
  public final RecordingMuxerListener eventsA;
  public final RecordingMuxerListener eventsB;
  private final Random random;
  private final ArrayDeque<byte[]> toA = new ArrayDeque<>();
  private final ArrayDeque<byte[]> toB = new ArrayDeque<>();
  public long bytesToA;
  public long bytesToB;

  public MuxerPair(Kind kind, long seed, boolean listenAtOnce) {
    this(kind, seed, listenAtOnce, YamuxConfig.defaults(), MplexConfig.defaults());
  }

  public MuxerPair(
      Kind kind, long seed, boolean listenAtOnce, YamuxConfig yamux, MplexConfig mplex) {
    this.kind = kind;
    this.random = new Random(seed);
    this.eventsA = new RecordingMuxerListener(listenAtOnce);
    this.eventsB = new RecordingMuxerListener(listenAtOnce);
    FrameSink sinkA = toB::add;
    FrameSink sinkB = toA::add;
    if (kind == Kind.YAMUX) {
      a = Yamux.session(true, yamux, sinkA, eventsA);
      b = Yamux.session(false, yamux, sinkB, eventsB);
    } else {
      a = Mplex.session(true, mplex, sinkA, eventsA);
      b = Mplex.session(false, mplex, sinkB, eventsB);
    }
  }

  /**
   * Delivers queued bytes, in random splits and random direction order, until nothing is queued.
   */
  public void pump() throws MuxerException {
    while (!toA.isEmpty() || !toB.isEmpty()) {
      boolean toSideB = toA.isEmpty() || (!toB.isEmpty() && random.nextBoolean());
      ArrayDeque<byte[]> queue = toSideB ? toB : toA;
      byte[] bytes = drain(queue);
      if (toSideB) {
        bytesToB += bytes.length;
      } else {
        bytesToA += bytes.length;
      }
      deliver(toSideB ? b : a, bytes);
    }
  }

  /** Everything queued for side B so far, removed from the queue (for byte-level checks). */
  public byte[] takeQueuedForB() {
    return drain(toB);
  }

  private void deliver(MuxerSession target, byte[] bytes) throws MuxerException {
    int off = 0;
    while (off < bytes.length) {
      int max = random.nextInt(3) == 0 ? 20 : 100_000;
      int n = Math.min(bytes.length - off, 1 + random.nextInt(max));
      target.onInbound(bytes, off, n);
      off += n;
    }
  }

  private static byte[] drain(ArrayDeque<byte[]> queue) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (!queue.isEmpty()) {
      byte[] f = queue.poll();
      out.write(f, 0, f.length);
    }
    return out.toByteArray();
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import java.util.ArrayDeque;

/**
 * A bounded FIFO of outgoing RPC frames for one peer, for the host's {@link RpcSink} to park frames
 * while the peer's stream is busy (spec libp2p-gossipsub.md §1; go-libp2p-pubsub bounds its
 * per-peer queue the same way). Bounded by frame count and by bytes; a frame over either bound is
 * refused, which the router counts as a drop. Not thread-safe.
 */
public final class OutboundQueue {
  private final int maxFrames;
  private final long maxBytes;
  private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
  private long bytes;
  private long refused;

  public OutboundQueue(int maxFrames, long maxBytes) {
    if (maxFrames <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("bounds must be positive");
    }
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
  }

  /** Appends {@code frame}; false (and counted) if that would exceed a bound. */
  public boolean offer(byte[] frame) {
    if (frames.size() >= maxFrames || bytes + frame.length > maxBytes) {
      refused++;
      return false;
    }
    frames.addLast(frame);
    bytes += frame.length;
    return true;
  }

  /** The oldest frame, or null when empty. */
  public byte[] poll() {
    byte[] f = frames.pollFirst();
    if (f != null) {
      bytes -= f.length;
    }
    return f;
  }

  public boolean isEmpty() {
    return frames.isEmpty();
  }

  public int size() {
    return frames.size();
  }

  public long bytes() {
    return bytes;
  }

  /** Frames refused so far. */
  public long refused() {
    return refused;
  }

  public void clear() {
    frames.clear();
    bytes = 0;
  }
}

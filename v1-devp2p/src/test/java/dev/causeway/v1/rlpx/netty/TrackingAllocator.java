package dev.causeway.v1.rlpx.netty;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: an unpooled allocator that remembers every buffer it hands out, so a test can
 * assert that all of them were released ({@link #assertAllReleased()}). Paranoid leak detection
 * only logs leaks when a buffer is garbage-collected; this makes a leak fail the test that caused
 * it. Set it on an {@code EmbeddedChannel}'s config and use it for every inbound buffer the test
 * writes.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> allocated = new ArrayList<>();

  public TrackingAllocator() {
    super(false);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    allocated.add(b);
    return b;
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
    allocated.add(b);
    return b;
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  /** A heap buffer holding a copy of {@code bytes[from, to)}. */
  public ByteBuf copyOf(byte[] bytes, int from, int to) {
    ByteBuf b = heapBuffer(to - from);
    b.writeBytes(bytes, from, to - from);
    return b;
  }

  /** Number of buffers handed out so far. */
  public int allocatedCount() {
    return allocated.size();
  }

  /** Fails unless every buffer handed out has a reference count of zero. */
  public void assertAllReleased() {
    int live = 0;
    StringBuilder sb = new StringBuilder();
    for (ByteBuf b : allocated) {
      if (b.refCnt() != 0) {
        live++;
        sb.append("\n  ").append(b);
      }
    }
    if (live > 0) {
      throw new AssertionError(live + " of " + allocated.size() + " buffers not released:" + sb);
    }
  }
}

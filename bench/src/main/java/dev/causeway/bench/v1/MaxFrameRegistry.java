package dev.causeway.bench.v1;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SimpleMeterRegistry} that also remembers the largest single increment of the RLPx
 * frame-bytes counters ({@code causeway_v1_frame_bytes_total}), i.e. the largest frame sent or
 * received, without any change to the node: the devp2p layer adds each frame's wire length to that
 * counter one frame at a time.
 */
final class MaxFrameRegistry extends SimpleMeterRegistry {
  private static final String FRAME_BYTES = "causeway_v1_frame_bytes_total";

  private final AtomicLong maxOut = new AtomicLong();
  private final AtomicLong maxIn = new AtomicLong();

  /** Largest outgoing frame, in wire bytes (header, MACs and padding included). */
  long maxFrameOut() {
    return maxOut.get();
  }

  /** Largest incoming frame, in wire bytes. */
  long maxFrameIn() {
    return maxIn.get();
  }

  /** Sum of a counter over all its tag combinations. */
  double counter(String name) {
    double sum = 0;
    for (Counter c : find(name).counters()) {
      sum += c.count();
    }
    return sum;
  }

  /** Sum of a counter over all its tag combinations matching {@code tagKey=tagValue}. */
  double counter(String name, String tagKey, String tagValue) {
    double sum = 0;
    for (Counter c : find(name).tag(tagKey, tagValue).counters()) {
      sum += c.count();
    }
    return sum;
  }

  @Override
  protected Counter newCounter(Meter.Id id) {
    Counter counter = super.newCounter(id);
    if (!FRAME_BYTES.equals(id.getName())) {
      return counter;
    }
    AtomicLong max = "out".equals(id.getTag("direction")) ? maxOut : maxIn;
    return new Counter() {
      @Override
      public void increment(double amount) {
        max.accumulateAndGet((long) amount, Math::max);
        counter.increment(amount);
      }

      @Override
      public double count() {
        return counter.count();
      }

      @Override
      public Meter.Id getId() {
        return counter.getId();
      }
    };
  }
}

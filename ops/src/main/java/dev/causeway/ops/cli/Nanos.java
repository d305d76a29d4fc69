package dev.causeway.ops.cli;

import java.time.Clock;
import java.time.Instant;

/** Time in nanoseconds for the client commands: message timestamps and request deadlines. */
final class Nanos {
  private Nanos() {}

  /** The clock's instant as Unix nanoseconds, a Waku message timestamp. */
  static long unixNow(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Nanoseconds left until {@code deadline} (a {@link System#nanoTime} value), at least 1 so a
   * future's {@code get} still looks once at a passed deadline.
   */
  static long remaining(long deadline) {
    return remaining(deadline, System.nanoTime());
  }

  static long remaining(long deadline, long now) {
    return Math.max(1, deadline - now);
  }
}

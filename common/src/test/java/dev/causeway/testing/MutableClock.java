package dev.causeway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Test support: a UTC {@link Clock} that stands still until the test moves it ({@link #advance}).
 * Reads and moves are thread-safe (the instant is volatile); concurrent moves are not atomic.
 */
public final class MutableClock extends Clock {
  private volatile Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  public void advance(Duration d) {
    now = now.plus(d);
  }

  /** The current instant in nanoseconds since the epoch (a Waku timestamp). */
  public long nanos() {
    Instant i = now;
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}

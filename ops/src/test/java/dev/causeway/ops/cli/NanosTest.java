package dev.causeway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NanosTest {
  @Test
  void unixNowIsSecondsAndNanosOfTheClock() {
    Clock c = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), ZoneOffset.UTC);
    assertThat(Nanos.unixNow(c)).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(Nanos.unixNow(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))).isZero();
  }

  @Test
  void remainingIsAtLeastOneNanosecond() {
    assertThat(Nanos.remaining(1_000, 400)).isEqualTo(600);
    assertThat(Nanos.remaining(1_000, 1_000)).isEqualTo(1);
    assertThat(Nanos.remaining(1_000, 5_000)).isEqualTo(1);
    // nanoTime may be negative and wrap: the difference still counts
    assertThat(Nanos.remaining(Long.MIN_VALUE + 10, Long.MAX_VALUE)).isEqualTo(11);
  }
}

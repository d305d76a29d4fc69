package dev.causeway.ops.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StopWaitsTest {
  @Test
  void aRequestedStopEndsEveryWait() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    stop.countDown();
    assertThat(StopWaits.await(stop, null)).isTrue();
    assertThat(StopWaits.await(stop, Duration.ofSeconds(10))).isTrue();
    // longer than a long of nanoseconds: no ArithmeticException
    assertThat(StopWaits.await(stop, Duration.ofDays(1_000_000))).isTrue();
  }

  @Test
  void anElapsedLimitIsNotAStop() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    assertThat(StopWaits.await(stop, Duration.ZERO)).isFalse();
    assertThat(StopWaits.await(stop, Duration.ofSeconds(-1))).isFalse();
    assertThat(stop.getCount()).isEqualTo(1);
  }

  @Test
  void removeHookRemovesARegisteredHookAndIgnoresAnUnknownOne() {
    Thread hook = new Thread(() -> {}, "test-hook");
    Runtime.getRuntime().addShutdownHook(hook);
    StopWaits.removeHook(hook);
    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isFalse();
    StopWaits.removeHook(new Thread(() -> {}, "never-registered"));
  }
}

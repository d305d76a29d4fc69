package dev.causeway.v2.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.causeway.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The periodic retention loop, driven by a manual scheduler (spec v2-store.md §5.3). */
class RetentionSchedulerTest {
  final FakeArchive archive = new FakeArchive();
  final ManualScheduler scheduler = new ManualScheduler();
  final RetentionPolicy policy = RetentionPolicy.parse("time:60");

  @Test
  void runsEveryIntervalAndRetriesSoonerAfterAFailure() {
    try (RetentionScheduler r =
        new RetentionScheduler(
            archive, policy, scheduler, Duration.ofMinutes(30), Duration.ofMinutes(1))) {
      r.start(Duration.ofSeconds(5));
      assertEquals(List.of(Duration.ofSeconds(5).toNanos()), scheduler.delaysNanos());
      scheduler.runAll();
      assertEquals(List.of(policy), archive.retentions);
      assertEquals(Duration.ofMinutes(30).toNanos(), scheduler.delaysNanos().get(1));
      archive.failRetention = true;
      scheduler.runAll();
      assertEquals(Duration.ofMinutes(1).toNanos(), scheduler.delaysNanos().get(2));
      assertEquals(1, r.failures());
      archive.failRetention = false;
      scheduler.runAll();
      assertEquals(Duration.ofMinutes(30).toNanos(), scheduler.delaysNanos().get(3));
      assertEquals(3, r.runs() + r.failures());
      assertEquals(6, r.deleted());
      assertEquals(1, scheduler.pending());
    }
    assertEquals(0, scheduler.pending());
  }

  @Test
  void noneSchedulesNothing() {
    try (RetentionScheduler r =
        new RetentionScheduler(
            archive,
            RetentionPolicy.NONE,
            scheduler,
            Duration.ofMinutes(30),
            Duration.ofMinutes(1))) {
      r.start(Duration.ZERO);
      assertEquals(0, scheduler.pending());
    }
  }
}

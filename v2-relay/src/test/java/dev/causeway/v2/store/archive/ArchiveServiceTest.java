package dev.causeway.v2.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.causeway.testing.MutableClock;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest rules of {@link ArchiveService} (spec v2-store.md §3.1), with an injected clock. */
class ArchiveServiceTest {
  static final PubsubTopic PT = PubsubTopic.staticShard(1, 2);
  static final long S = 1_000_000_000L;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final FakeArchive fake = new FakeArchive();
  final ArchiveService service =
      new ArchiveService(fake, ArchiveService.DEFAULT_TIMESTAMP_WINDOW, clock, registry);

  ArchiveService.Admission offer(WakuMessage m) {
    return service.offer(PT, m, MessageHash.of(PT, m));
  }

  WakuMessage at(long ts) {
    return WakuMessage.of(new byte[] {1}, "/app/1/s/proto", ts);
  }

  double errors(String type) {
    return registry.get("waku_archive_errors_total").tag("type", type).counter().count();
  }

  @Test
  void acceptsTimestampsWithinTwentySecondsBothWays() {
    long now = clock.nanos();
    assertEquals(ArchiveService.Admission.QUEUED, offer(at(now)));
    assertEquals(ArchiveService.Admission.QUEUED, offer(at(now - 20 * S)));
    assertEquals(ArchiveService.Admission.QUEUED, offer(at(now + 20 * S)));
    assertEquals(3, fake.inserted.size());
  }

  @Test
  void rejectsOldFutureZeroAndMissingTimestamps() {
    long now = clock.nanos();
    assertEquals(ArchiveService.Admission.TOO_OLD, offer(at(now - 20 * S - 1)));
    assertEquals(ArchiveService.Admission.TOO_OLD, offer(at(0)));
    assertEquals(
        ArchiveService.Admission.TOO_OLD,
        offer(WakuMessage.builder().payload(new byte[] {1}).contentTopic("/a/1/b/c").build()));
    assertEquals(ArchiveService.Admission.FUTURE_TIMESTAMP, offer(at(now + 20 * S + 1)));
    assertEquals(3.0, errors("invalid_message_too_old"));
    assertEquals(1.0, errors("invalid_message_future_timestamp"));
    assertTrue(fake.inserted.isEmpty());
  }

  @Test
  void windowFollowsTheInjectedClockAndIsConfigurable() {
    long ts = clock.nanos();
    clock.advance(Duration.ofSeconds(21));
    assertEquals(ArchiveService.Admission.TOO_OLD, offer(at(ts)));
    ArchiveService bridged = new ArchiveService(fake, Duration.ofMinutes(10), clock, registry);
    assertEquals(
        ArchiveService.Admission.QUEUED, bridged.offer(PT, at(ts), MessageHash.of(PT, at(ts))));
  }

  @Test
  void neverStoresEphemeralMessages() {
    WakuMessage m = at(clock.nanos()).toBuilder().ephemeral(true).build();
    assertEquals(ArchiveService.Admission.EPHEMERAL, offer(m));
    assertTrue(fake.inserted.isEmpty());
    assertEquals(
        1.0,
        registry.get("waku_archive_skipped_total").tag("reason", "ephemeral").counter().count());
  }

  @Test
  void fullQueueIsADropNotAWait() {
    fake.full = true;
    assertEquals(ArchiveService.Admission.DROPPED, offer(at(clock.nanos())));
  }

  @Test
  void listenerHandsOffOnTheCallingThreadWithoutWaitingForCommit() {
    WakuMessage m = at(clock.nanos());
    MessageHash h = MessageHash.of(PT, m);
    // FakeArchive's futures never complete: the listener must return anyway
    service.listener().onMessage(PT, m, h);
    assertEquals(List.of(new ArchivedMessage(h, PT, m)), fake.inserted);
    assertEquals(List.of(Thread.currentThread()), fake.insertThreads);
  }

  @Test
  void duplicatesFromRelayAreStoredOnceAndCounted(@TempDir Path dir) throws Exception {
    try (MessageArchive archive =
        MessageArchives.open(
            "sqlite://" + dir.resolve("s.db"), ArchiveConfig.defaults(), registry, clock)) {
      ArchiveService s = new ArchiveService(archive, Duration.ofSeconds(20), clock, registry);
      WakuMessage m = at(clock.nanos());
      MessageHash h = MessageHash.of(PT, m);
      s.listener().onMessage(PT, m, h);
      s.listener().onMessage(PT, m, h);
      // a third insert through the archive itself waits for both queued ones (FIFO writer)
      assertEquals(
          InsertOutcome.DUPLICATE,
          archive.insert(new ArchivedMessage(h, PT, m)).get(30, TimeUnit.SECONDS));
      assertEquals(1, archive.count());
      assertEquals(
          2.0,
          registry.get("waku_archive_inserted_total").tag("result", "duplicate").counter().count());
    }
  }
}

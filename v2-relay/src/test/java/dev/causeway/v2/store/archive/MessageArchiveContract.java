package dev.causeway.v2.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.causeway.testing.MutableClock;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link MessageArchive} backend must show (spec v2-store.md §3.1-§3.3, §5.3),
 * checked against an in-memory model sorted by {@code (timestamp, hash)}. Subclasses open the
 * backend on a fresh database per test.
 */
abstract class MessageArchiveContract {
  static final PubsubTopic PT = PubsubTopic.staticShard(1, 3);
  static final PubsubTopic PT2 = PubsubTopic.staticShard(1, 4);
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Comparator<ArchivedMessage> ORDER =
      Comparator.<ArchivedMessage>comparingLong(a -> a.message().timestampOrZero())
          .thenComparing((a, b) -> Arrays.compareUnsigned(a.hash().bytes(), b.hash().bytes()));

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
  SimpleMeterRegistry registry;
  MessageArchive archive;

  /** Opens the backend on this test's database (the same one on every call within a test). */
  abstract MessageArchive open(ArchiveConfig config) throws ArchiveException;

  /** A direct connection to this test's database, for schema checks and lock tests. */
  abstract Connection rawConnection() throws SQLException;

  /** Holds the database's write lock on {@code c} until the transaction ends. */
  abstract void lockForWrites(Connection c) throws SQLException;

  @BeforeEach
  void openArchive() throws Exception {
    registry = new SimpleMeterRegistry();
    archive = open(ArchiveConfig.defaults());
  }

  @AfterEach
  void closeArchive() {
    if (archive != null) {
      archive.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  static WakuMessage msg(String contentTopic, long ts, int seed) {
    Random r = new Random(seed);
    byte[] payload = new byte[1 + r.nextInt(64)];
    r.nextBytes(payload);
    return WakuMessage.of(payload, contentTopic, ts);
  }

  static ArchivedMessage entry(PubsubTopic pt, String ct, long ts, int seed) {
    return ArchivedMessage.of(pt, msg(ct, ts, seed));
  }

  InsertOutcome insertAndWait(ArchivedMessage m) throws Exception {
    return archive.insert(m).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  void insertAll(List<ArchivedMessage> ms) throws Exception {
    List<CompletableFuture<InsertOutcome>> fs = new ArrayList<>();
    for (ArchivedMessage m : ms) {
      fs.add(archive.insert(m));
    }
    for (CompletableFuture<InsertOutcome> f : fs) {
      f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** 60 entries over 2 pubsub topics and 3 content topics, with runs of equal timestamps. */
  List<ArchivedMessage> dataset() {
    List<ArchivedMessage> out = new ArrayList<>();
    long base = clock.nanos() - 1_000_000_000L;
    String[] cts = {"/app/1/a/proto", "/app/1/b/proto", "/app/1/c/proto"};
    for (int i = 0; i < 60; i++) {
      PubsubTopic pt = i % 5 == 4 ? PT2 : PT;
      long ts = base + (i / 3) * 1000L; // three entries share each timestamp
      out.add(entry(pt, cts[i % 3], ts, i));
    }
    return out;
  }

  static List<ArchivedMessage> expected(List<ArchivedMessage> all, Predicate<ArchivedMessage> p) {
    return all.stream().filter(p).sorted(ORDER).collect(Collectors.toList());
  }

  /** Pages through {@code q} and returns entries in traversal order, checking every page. */
  List<ArchivedMessage> pageThrough(ArchiveQuery q) throws ArchiveException {
    List<ArchivedMessage> out = new ArrayList<>();
    Optional<MessageHash> cursor = Optional.empty();
    for (int guard = 0; guard < 10_000; guard++) {
      ArchivePage page = archive.query(q.withCursor(cursor));
      assertTrue(page.messages().size() <= q.limit(), "page larger than limit");
      assertAscending(page.messages());
      List<ArchivedMessage> traversal = new ArrayList<>(page.messages());
      if (!q.forward()) {
        java.util.Collections.reverse(traversal);
      }
      out.addAll(traversal);
      if (page.nextCursor().isEmpty()) {
        return out;
      }
      assertEquals(q.limit(), page.messages().size(), "cursor on a short page");
      assertEquals(traversal.get(traversal.size() - 1).hash(), page.nextCursor().get());
      cursor = page.nextCursor();
    }
    throw new AssertionError("paging did not end");
  }

  static void assertAscending(List<ArchivedMessage> ms) {
    for (int i = 1; i < ms.size(); i++) {
      assertTrue(ORDER.compare(ms.get(i - 1), ms.get(i)) < 0, "page not strictly ascending");
    }
  }

  static List<MessageHash> hashes(List<ArchivedMessage> ms) {
    return ms.stream().map(ArchivedMessage::hash).collect(Collectors.toList());
  }

  // ------------------------------------------------------------------ inserts

  @Test
  void insertStoresOnceAndReportsDuplicates() throws Exception {
    ArchivedMessage m = entry(PT, "/app/1/a/proto", clock.nanos(), 1);
    assertEquals(InsertOutcome.STORED, insertAndWait(m));
    assertEquals(InsertOutcome.DUPLICATE, insertAndWait(m));
    // the same hash twice within one batch: one STORED, one DUPLICATE
    ArchivedMessage n = entry(PT, "/app/1/a/proto", clock.nanos(), 2);
    CompletableFuture<InsertOutcome> f1 = archive.insert(n);
    CompletableFuture<InsertOutcome> f2 = archive.insert(n);
    Set<InsertOutcome> outcomes =
        Set.of(
            f1.get(WAIT.toSeconds(), TimeUnit.SECONDS), f2.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(Set.of(InsertOutcome.STORED, InsertOutcome.DUPLICATE), outcomes);
    assertEquals(2, archive.count());
    assertEquals(
        2.0,
        registry.get("waku_archive_inserted_total").tag("result", "duplicate").counter().count());
    assertEquals(
        2.0, registry.get("waku_archive_inserted_total").tag("result", "stored").counter().count());
    assertEquals(2.0, registry.get("waku_archive_messages").tag("type", "stored").gauge().value());
  }

  @Test
  void roundTripKeepsEveryStoredField() throws Exception {
    WakuMessage full =
        WakuMessage.builder()
            .payload(new byte[] {1, 2, 3})
            .contentTopic("/app/1/full/proto")
            .version(0xFFFF_FFFE) // uint32 above Integer.MAX_VALUE
            .timestamp(clock.nanos())
            .meta(new byte[] {9, 8, 7})
            .rateLimitProof(new byte[] {5, 5})
            .build();
    WakuMessage empty =
        WakuMessage.builder().contentTopic("/app/1/empty/proto").timestamp(clock.nanos()).build();
    ArchivedMessage a = ArchivedMessage.of(PT, full);
    ArchivedMessage b = ArchivedMessage.of(PubsubTopic.DEFAULT, empty);
    insertAll(List.of(a, b));
    ArchivePage page = archive.query(ArchiveQuery.all(10).withHashes(List.of(a.hash(), b.hash())));
    assertEquals(Set.of(a, b), new HashSet<>(page.messages()));
  }

  @Test
  void overloadedWhenQueueFullWithoutBlockingAndCommitsTheRestLater() throws Exception {
    archive.close();
    archive = open(ArchiveConfig.builder().queueCapacity(4).batchSize(1).build());
    try (Connection lock = rawConnection()) {
      lockForWrites(lock);
      List<CompletableFuture<InsertOutcome>> accepted = new ArrayList<>();
      int overloaded = 0;
      for (int i = 0; i < 10; i++) {
        CompletableFuture<InsertOutcome> f =
            archive.insert(entry(PT, "/app/1/a/proto", clock.nanos(), 100 + i));
        if (f.isCompletedExceptionally()) {
          ExecutionException e = assertThrows(ExecutionException.class, f::get);
          assertEquals(ArchiveException.Kind.OVERLOADED, ((ArchiveException) e.getCause()).kind());
          overloaded++;
        } else {
          accepted.add(f);
        }
      }
      // at most one insert in the blocked transaction plus four queued
      assertTrue(overloaded >= 5, "overloaded " + overloaded);
      assertEquals(
          overloaded,
          registry.get("waku_archive_errors_total").tag("type", "queue_full").counter().count());
      lock.rollback();
      for (CompletableFuture<InsertOutcome> f : accepted) {
        assertEquals(InsertOutcome.STORED, f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      assertEquals(accepted.size(), archive.count());
    }
  }

  @Test
  void closedArchiveRefusesInsertsAndQueries() throws Exception {
    ArchivedMessage m = entry(PT, "/app/1/a/proto", clock.nanos(), 1);
    CompletableFuture<InsertOutcome> before = archive.insert(m);
    archive.close();
    assertEquals(InsertOutcome.STORED, before.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> archive.insert(m).get(5, TimeUnit.SECONDS));
    assertEquals(ArchiveException.Kind.CLOSED, ((ArchiveException) e.getCause()).kind());
    ArchiveException q =
        assertThrows(ArchiveException.class, () -> archive.query(ArchiveQuery.all(5)));
    assertEquals(ArchiveException.Kind.CLOSED, q.kind());
    archive.close(); // idempotent
  }

  // ------------------------------------------------------------------ queries

  @Test
  void contentFilterWithInclusiveTimeBounds() throws Exception {
    List<ArchivedMessage> all = dataset();
    insertAll(all);
    long t0 = all.get(0).message().timestampOrZero();
    long start = t0 + 3000; // exactly a stored timestamp
    long end = t0 + 9000; // exactly a stored timestamp
    List<String> cts = List.of("/app/1/a/proto", "/app/1/c/proto");
    ArchiveQuery q =
        ArchiveQuery.all(100).withPubsubTopic(PT).withContentTopics(cts).withTimeRange(start, end);
    List<ArchivedMessage> want =
        expected(
            all,
            a ->
                a.pubsubTopic().equals(PT)
                    && cts.contains(a.message().contentTopic())
                    && a.message().timestampOrZero() >= start
                    && a.message().timestampOrZero() <= end);
    assertTrue(want.stream().anyMatch(a -> a.message().timestampOrZero() == start));
    assertTrue(want.stream().anyMatch(a -> a.message().timestampOrZero() == end));
    ArchivePage page = archive.query(q);
    assertEquals(want, page.messages());
    assertTrue(page.nextCursor().isEmpty());
    // one content topic, no pubsub topic, open end
    ArchiveQuery q2 =
        ArchiveQuery.all(100)
            .withContentTopics(List.of("/app/1/b/proto"))
            .withTimeRange(start, null);
    assertEquals(
        expected(
            all,
            a ->
                a.message().contentTopic().equals("/app/1/b/proto")
                    && a.message().timestampOrZero() >= start),
        archive.query(q2).messages());
    // an empty range
    assertEquals(
        List.of(), archive.query(ArchiveQuery.all(100).withTimeRange(end, start)).messages());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7})
  void pagingVisitsEveryMatchExactlyOnceInBothDirections(int limit) throws Exception {
    List<ArchivedMessage> all = dataset();
    insertAll(all);
    long t0 = all.get(0).message().timestampOrZero();
    List<String> cts = List.of("/app/1/a/proto", "/app/1/b/proto");
    record Case(ArchiveQuery q, Predicate<ArchivedMessage> p) {}
    List<Case> cases =
        List.of(
            new Case(ArchiveQuery.all(limit), a -> true),
            new Case(ArchiveQuery.all(limit).withPubsubTopic(PT), a -> a.pubsubTopic().equals(PT)),
            new Case(
                ArchiveQuery.all(limit)
                    .withPubsubTopic(PT)
                    .withContentTopics(cts)
                    .withTimeRange(t0 + 2000, t0 + 15000),
                a ->
                    a.pubsubTopic().equals(PT)
                        && cts.contains(a.message().contentTopic())
                        && a.message().timestampOrZero() >= t0 + 2000
                        && a.message().timestampOrZero() <= t0 + 15000));
    for (Case c : cases) {
      List<ArchivedMessage> want = expected(all, c.p());
      assertEquals(want, pageThrough(c.q().withForward(true)), "forward " + c.q());
      List<ArchivedMessage> back = new ArrayList<>(want);
      java.util.Collections.reverse(back);
      assertEquals(back, pageThrough(c.q().withForward(false)), "backward " + c.q());
    }
  }

  @Test
  void cursorIsExclusiveInBothDirections() throws Exception {
    List<ArchivedMessage> all = dataset();
    insertAll(all);
    List<ArchivedMessage> sorted = expected(all, a -> true);
    for (int i : new int[] {0, 1, 2, 30, sorted.size() - 1}) {
      Optional<MessageHash> c = Optional.of(sorted.get(i).hash());
      ArchivePage fwd = archive.query(ArchiveQuery.all(3).withCursor(c));
      assertEquals(sorted.subList(i + 1, Math.min(sorted.size(), i + 4)), fwd.messages());
      ArchivePage back = archive.query(ArchiveQuery.all(3).withCursor(c).withForward(false));
      assertEquals(sorted.subList(Math.max(0, i - 3), i), back.messages());
    }
  }

  @Test
  void unknownCursorIsCursorNotFound() throws Exception {
    insertAll(dataset());
    MessageHash unknown = entry(PT, "/app/1/x/proto", 1, 999).hash();
    ArchiveException e =
        assertThrows(
            ArchiveException.class,
            () -> archive.query(ArchiveQuery.all(5).withCursor(Optional.of(unknown))));
    assertEquals(ArchiveException.Kind.CURSOR_NOT_FOUND, e.kind());
    ArchiveException bad =
        assertThrows(ArchiveException.class, () -> archive.query(ArchiveQuery.all(0)));
    assertEquals(ArchiveException.Kind.INVALID_QUERY, bad.kind());
  }

  @Test
  void hashLookupsAndTheirCombinationWithThePubsubTopic() throws Exception {
    List<ArchivedMessage> all = dataset();
    insertAll(all);
    MessageHash absent = entry(PT, "/app/1/x/proto", 1, 999).hash();
    List<ArchivedMessage> chosen = List.of(all.get(3), all.get(4), all.get(17), all.get(59));
    List<MessageHash> asked = new ArrayList<>(hashes(chosen));
    asked.add(absent);
    ArchivePage page = archive.query(ArchiveQuery.all(20).withHashes(asked));
    assertEquals(expected(chosen, a -> true), page.messages());
    // js-waku sends the pubsub topic along with the hashes: ANDed
    ArchivePage onPt = archive.query(ArchiveQuery.all(20).withHashes(asked).withPubsubTopic(PT));
    assertEquals(expected(chosen, a -> a.pubsubTopic().equals(PT)), onPt.messages());
    assertTrue(chosen.stream().anyMatch(a -> !a.pubsubTopic().equals(PT)));
  }

  @Test
  void moreThanAHundredHashesArePagedLikeAnyQuery() throws Exception {
    List<ArchivedMessage> all = new ArrayList<>();
    for (int i = 0; i < 180; i++) {
      all.add(entry(PT, "/app/1/h/proto", clock.nanos() - i * 1000L, 5000 + i));
    }
    insertAll(all);
    List<ArchivedMessage> chosen = all.subList(10, 160); // 150 hashes
    ArchiveQuery q = ArchiveQuery.all(100).withHashes(hashes(chosen));
    ArchivePage first = archive.query(q);
    assertEquals(100, first.messages().size());
    assertTrue(first.nextCursor().isPresent());
    assertEquals(expected(chosen, a -> true), pageThrough(q));
  }

  // ------------------------------------------------------------------ retention

  @Test
  void timeRetentionDeletesOlderThanTheCutoff() throws Exception {
    List<ArchivedMessage> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(entry(PT, "/app/1/t/proto", clock.nanos() - i * 1_000_000_000L, i));
    }
    insertAll(all);
    long deleted = archive.applyRetention(RetentionPolicy.parse("time:50"));
    // kept: age <= 50 s (cutoff itself is kept: timestamp < now - 50 s is deleted)
    assertEquals(49, deleted);
    assertEquals(
        expected(all, a -> a.message().timestampOrZero() >= clock.nanos() - 50_000_000_000L),
        pageThrough(ArchiveQuery.all(100)));
    assertEquals(0, archive.applyRetention(RetentionPolicy.parse("time:50")));
    assertEquals(
        49.0,
        registry
            .get("waku_archive_retention_deleted_total")
            .tag("policy", "time")
            .counter()
            .count());
  }

  @Test
  void capacityRetentionKeepsTheNewest() throws Exception {
    archive.close();
    archive = open(ArchiveConfig.builder().retentionDeleteChunk(7).build());
    List<ArchivedMessage> all = dataset();
    insertAll(all);
    assertEquals(50, archive.applyRetention(RetentionPolicy.parse("capacity:10")));
    List<ArchivedMessage> sorted = expected(all, a -> true);
    assertEquals(sorted.subList(50, 60), pageThrough(ArchiveQuery.all(100)));
    assertEquals(0, archive.applyRetention(RetentionPolicy.parse("capacity:10")));
    assertEquals(10, archive.count());
  }

  @Test
  void sizeRetentionDeletesOldestUntilWithinTheLimit() throws Exception {
    List<ArchivedMessage> all = new ArrayList<>();
    Random r = new Random(7);
    for (int i = 0; i < 300; i++) {
      byte[] payload = new byte[2048];
      r.nextBytes(payload);
      all.add(
          ArchivedMessage.of(
              PT, WakuMessage.of(payload, "/app/1/s/proto", clock.nanos() - i * 1000L)));
    }
    insertAll(all);
    long deleted = archive.applyRetention(RetentionPolicy.parse("size:200KB"));
    long left = archive.count();
    assertTrue(deleted > 0 && left > 0, "deleted " + deleted + ", left " + left);
    assertEquals(300, deleted + left);
    // every measure counts at least the payloads
    assertTrue(left * 2048 <= 200 * 1024, "left " + left);
    List<ArchivedMessage> sorted = expected(all, a -> true);
    assertEquals(sorted.subList(300 - (int) left, 300), pageThrough(ArchiveQuery.all(100)));
    assertEquals(0, archive.applyRetention(RetentionPolicy.parse("size:200KB")));
  }

  @Test
  void combinedPolicyIsAUnion() throws Exception {
    List<ArchivedMessage> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(entry(PT, "/app/1/u/proto", clock.nanos() - i * 1_000_000_000L, i));
    }
    insertAll(all);
    // time keeps 31 (ages 0..30), capacity keeps 20: the union of deletions leaves 20
    assertEquals(20, archive.applyRetention(RetentionPolicy.parse("time:30;capacity:20")));
    assertEquals(20, archive.count());
  }

  // ------------------------------------------------------------------ lifecycle, concurrency

  @Test
  void migrationsAreIdempotentOnReopen() throws Exception {
    List<ArchivedMessage> all = dataset();
    insertAll(all);
    archive.close();
    archive = open(ArchiveConfig.defaults());
    archive.close();
    archive = open(ArchiveConfig.builder().migrate(false).build());
    assertEquals(expected(all, a -> true), pageThrough(ArchiveQuery.all(100)));
    try (Connection c = rawConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), max(version) FROM schema_version")) {
      rs.next();
      assertEquals(SchemaMigrations.Dialect.SQLITE.latest(), rs.getInt(1));
      assertEquals(SchemaMigrations.Dialect.SQLITE.latest(), rs.getInt(2));
    }
  }

  @Test
  void newerSchemaIsRefused() throws Exception {
    archive.close();
    try (Connection c = rawConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO schema_version (version, script, applied_at_millis) VALUES (99, 'x', 0)");
    }
    ArchiveException e = assertThrows(ArchiveException.class, () -> open(ArchiveConfig.defaults()));
    assertEquals(ArchiveException.Kind.DRIVER_ERROR, e.kind());
    archive = null;
  }

  @Test
  void readersSeeConsistentPagesWhileWritesGoOn() throws Exception {
    int n = 1500;
    List<ArchivedMessage> all = new ArrayList<>();
    Random r = new Random(11);
    for (int i = 0; i < n; i++) {
      all.add(entry(PT, "/app/1/c" + (i % 4) + "/proto", clock.nanos() - r.nextInt(1_000_000), i));
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        boolean forward = t % 2 == 0;
        readers.add(
            pool.submit(
                () -> {
                  int rounds = 0;
                  long lastCount = 0;
                  do {
                    List<ArchivedMessage> seen =
                        pageThrough(ArchiveQuery.all(50).withForward(forward));
                    assertEquals(seen.size(), new HashSet<>(hashes(seen)).size(), "repeats");
                    long c = archive.count();
                    assertTrue(c >= lastCount, "count went backwards");
                    lastCount = c;
                    rounds++;
                  } while (writing.get());
                  return rounds;
                }));
      }
      for (int i = 0; i < n; i += 100) {
        insertAll(all.subList(i, Math.min(n, i + 100)));
      }
      writing.set(false);
      for (Future<Integer> f : readers) {
        assertTrue(f.get(WAIT.toSeconds(), TimeUnit.SECONDS) >= 1);
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
    assertEquals(expected(all, a -> true), pageThrough(ArchiveQuery.all(100)));
  }
}

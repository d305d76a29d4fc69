package dev.causeway.v2.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.causeway.v2.core.WakuMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MessageArchiveContract} on the SQLite backend (a file in a temporary directory). */
class SqliteArchiveTest extends MessageArchiveContract {
  @TempDir Path dir;

  Path db() {
    return dir.resolve("store.sqlite3");
  }

  @Override
  MessageArchive open(ArchiveConfig config) throws ArchiveException {
    return MessageArchives.open("sqlite://" + db(), config, registry, clock);
  }

  @Override
  Connection rawConnection() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
    }
    return c;
  }

  @Override
  void lockForWrites(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      // any write takes SQLite's single write lock until commit/rollback
      s.executeUpdate("DELETE FROM message WHERE hash = x'00'");
    }
  }

  @Test
  void backgroundCheckpointsKeepTheWalBoundedUnderSustainedInserts() throws Exception {
    // 3,000 messages of ~1 KiB in batches of 50 (~60 commits, ~4 MiB of pages) against a WAL
    // restart threshold of 32 pages: without working checkpoints the WAL file would hold every
    // page written; with them it is reused from its start every few commits. Each round waits for
    // the background checkpointer to catch up, so a starved checkpointer thread (a busy CI
    // machine) cannot make the WAL grow and fail the test; in production it merely lags.
    Path wal = Path.of(db() + "-wal");
    long largestWal = 0;
    try (SqliteArchive a =
        SqliteArchive.open(
            db(), false, ArchiveConfig.builder().batchSize(50).build(), registry, clock, 32)) {
      java.util.Random r = new java.util.Random(5);
      for (int round = 0; round < 60; round++) {
        List<java.util.concurrent.CompletableFuture<InsertOutcome>> fs =
            new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
          byte[] payload = new byte[1024];
          r.nextBytes(payload);
          fs.add(
              a.insert(
                  ArchivedMessage.of(
                      PT, WakuMessage.of(payload, "/app/1/wal/proto", clock.nanos() - i))));
        }
        for (java.util.concurrent.CompletableFuture<InsertOutcome> f : fs) {
          assertEquals(InsertOutcome.STORED, f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        dev.causeway.testing.Await.until(WAIT, "the checkpointer caught up", a::checkpointerIdle);
        largestWal = Math.max(largestWal, Files.size(wal));
      }
      assertEquals(3000, a.count());
      assertEquals(
          0.0,
          registry.get("waku_archive_errors_total").tag("type", "query_failure").counter().count());
    }
    assertTrue(largestWal < 1024 * 1024, "WAL grew to " + largestWal + " bytes");
  }

  @Test
  void opensInWalModeWithTheSchemaIndexes() throws Exception {
    try (Connection c = rawConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertEquals("wal", rs.getString(1));
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'message'"
                  + " AND name LIKE 'i_%' ORDER BY name")) {
        rs.next();
        assertEquals("i_message_time", rs.getString(1));
        rs.next();
        assertEquals("i_message_topic_time", rs.getString(1));
      }
    }
  }

  /** The plan SQLite picks for the page query of {@code q} (no statistics, as on a new node). */
  String plan(ArchiveQuery q) throws SQLException {
    List<Object> params = new java.util.ArrayList<>();
    String sql = JdbcArchive.buildSql(q, 5, params, true);
    StringBuilder plan = new StringBuilder();
    try (Connection c = rawConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(4)).append('\n');
        }
      }
    }
    return plan.toString();
  }

  @Test
  void everyQueryShapeWalksAnIndexInPageOrder() throws Exception {
    dev.causeway.v2.core.MessageHash h = entry(PT, "/a/1/b/c", 1, 1).hash();
    java.util.Optional<dev.causeway.v2.core.MessageHash> cursor = java.util.Optional.of(h);
    for (boolean forward : new boolean[] {true, false}) {
      ArchiveQuery base = ArchiveQuery.all(20).withForward(forward).withCursor(cursor);
      String oneTopic =
          plan(
              base.withPubsubTopic(PT)
                  .withContentTopics(List.of("/a/1/b/c"))
                  .withTimeRange(1L, 9L));
      assertTrue(oneTopic.contains("i_message_topic_time"), oneTopic);
      assertTrue(!oneTopic.contains("TEMP B-TREE"), oneTopic);
      String pubsubOnly = plan(base.withPubsubTopic(PT));
      assertTrue(pubsubOnly.contains("i_message_time"), pubsubOnly);
      assertTrue(!pubsubOnly.contains("TEMP B-TREE"), pubsubOnly);
      String timeOnly = plan(base.withTimeRange(1L, 9L));
      assertTrue(timeOnly.contains("i_message_time"), timeOnly);
      assertTrue(!timeOnly.contains("TEMP B-TREE"), timeOnly);
      // several content topics: one index range per topic, merged (sorting at most limit+1 each)
      String twoTopics =
          plan(base.withPubsubTopic(PT).withContentTopics(List.of("/a/1/b/c", "/a/1/d/c")));
      assertTrue(twoTopics.contains("UNION ALL"), twoTopics);
      assertTrue(!twoTopics.contains("SCAN message"), twoTopics);
      // hash look-ups go through the primary key, also with the pubsub topic and content topics
      String byHash =
          plan(
              base.withHashes(List.of(h, h))
                  .withPubsubTopic(PT)
                  .withContentTopics(List.of("/a/1/b/c")));
      assertTrue(byHash.contains("sqlite_autoindex_message_1"), byHash);
      assertTrue(!byHash.contains("i_message_topic_time"), byHash);
    }
  }

  @Test
  void memoryUrlGivesAPrivateArchiveThatVanishesOnClose() throws Exception {
    try (MessageArchive mem =
        MessageArchives.open(
            "sqlite::memory:", ArchiveConfig.defaults(), new SimpleMeterRegistry(), clock)) {
      mem.insert(entry(PT, "/app/1/m/proto", clock.nanos(), 1))
          .get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(1, mem.count());
    }
  }

  @Test
  void relativeAndAbsoluteUrlsOpenTheSameFile() throws Exception {
    Path nested = dir.resolve("sub/dir/x.db");
    try (MessageArchive a =
        MessageArchives.open(
            "sqlite://" + nested.toAbsolutePath(),
            ArchiveConfig.defaults(),
            new SimpleMeterRegistry(),
            clock)) {
      assertEquals(0, a.count());
    }
    assertTrue(Files.exists(nested));
  }

  @Test
  void unsupportedUrlsAreInvalid() {
    for (String url : List.of("mysql://x/y", "sqlite://", "postgres://host", "")) {
      ArchiveException e =
          assertThrows(
              ArchiveException.class,
              () ->
                  MessageArchives.open(
                      url, ArchiveConfig.defaults(), new SimpleMeterRegistry(), clock));
      assertEquals(ArchiveException.Kind.INVALID_QUERY, e.kind(), url);
    }
  }
}

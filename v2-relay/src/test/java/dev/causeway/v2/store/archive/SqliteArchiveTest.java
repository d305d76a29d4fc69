package dev.causeway.v2.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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

  @Test
  void contentTopicQueriesUseTheTopicIndex() throws Exception {
    try (Connection c = rawConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "EXPLAIN QUERY PLAN SELECT hash FROM message WHERE pubsub_topic = 'p'"
                    + " AND content_topic = 'c' AND timestamp >= 1 AND timestamp <= 9"
                    + " AND (timestamp, hash) > (2, x'00') ORDER BY timestamp, hash LIMIT 21")) {
      StringBuilder plan = new StringBuilder();
      while (rs.next()) {
        plan.append(rs.getString(4)).append('\n');
      }
      assertTrue(plan.toString().contains("i_message_topic_time"), plan.toString());
      assertTrue(!plan.toString().contains("TEMP B-TREE"), plan.toString());
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

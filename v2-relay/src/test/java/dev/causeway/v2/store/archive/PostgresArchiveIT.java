package dev.causeway.v2.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageArchiveContract} on the PostgreSQL backend, against an embedded server on 127.0.0.1
 * (a fresh database per test), plus what only PostgreSQL has: several nodes sharing one database.
 */
class PostgresArchiveIT extends MessageArchiveContract {
  static EmbeddedPostgresSupport pg;
  String db;

  @BeforeAll
  static void startServer() {
    pg = EmbeddedPostgresSupport.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  @BeforeEach
  void openArchive() throws Exception {
    db = pg.createDatabase();
    super.openArchive();
  }

  @Override
  MessageArchive open(ArchiveConfig config) throws ArchiveException {
    return MessageArchives.open(pg.url(db), config, registry, clock);
  }

  @Override
  Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(db));
  }

  @Override
  void lockForWrites(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE message IN EXCLUSIVE MODE");
    }
  }

  @Test
  void twoNodesSharingOneDatabaseStoreEachHashOnce() throws Exception {
    try (MessageArchive other =
        MessageArchives.open(
            pg.url(db), ArchiveConfig.defaults(), new SimpleMeterRegistry(), clock)) {
      List<ArchivedMessage> all = dataset();
      List<CompletableFuture<InsertOutcome>> fs = new ArrayList<>();
      for (ArchivedMessage m : all) {
        fs.add(archive.insert(m));
        fs.add(other.insert(m));
      }
      int stored = 0;
      for (CompletableFuture<InsertOutcome> f : fs) {
        if (f.get(WAIT.toSeconds(), TimeUnit.SECONDS) == InsertOutcome.STORED) {
          stored++;
        }
      }
      assertEquals(all.size(), stored);
      assertEquals(all.size(), other.count());
      assertEquals(expected(all, a -> true), pageThrough(ArchiveQuery.all(100)));
    }
  }

  @Test
  void concurrentOpensMigrateOnce() throws Exception {
    String fresh = pg.createDatabase();
    List<CompletableFuture<MessageArchive>> opens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      opens.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return MessageArchives.open(
                      pg.url(fresh), ArchiveConfig.defaults(), new SimpleMeterRegistry(), clock);
                } catch (ArchiveException e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    Set<MessageArchive> opened = new HashSet<>();
    try {
      for (CompletableFuture<MessageArchive> f : opens) {
        opened.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
    } finally {
      opened.forEach(MessageArchive::close);
    }
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(fresh));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_version")) {
      rs.next();
      assertEquals(SchemaMigrations.Dialect.POSTGRES.latest(), rs.getInt(1));
    }
  }

  @Test
  void contentTopicQueriesUseTheTopicIndex() throws Exception {
    // realistic selectivity: 50 content topics, a time range covering everything
    List<ArchivedMessage> all = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      all.add(entry(PT, "/app/1/t" + (i % 50) + "/proto", clock.nanos() - i * 1000L, i));
    }
    insertAll(all);
    try (Connection c = rawConnection();
        Statement s = c.createStatement()) {
      s.execute("ANALYZE message");
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs =
          s.executeQuery(
              "EXPLAIN SELECT hash FROM message WHERE pubsub_topic = '"
                  + PT
                  + "' AND content_topic = '/app/1/t7/proto' AND timestamp >= 0"
                  + " AND timestamp <= "
                  + clock.nanos()
                  + " AND (timestamp, hash) > (1, '\\x00'::bytea)"
                  + " ORDER BY timestamp, hash LIMIT 21")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      assertTrue(plan.toString().contains("i_message_topic_time"), plan.toString());
      assertTrue(!plan.toString().contains("Sort"), plan.toString());
    }
  }

  @Test
  void aRowPostgresRefusesFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
    archive.close();
    archive = open(ArchiveConfig.builder().batchSize(100).build());
    List<CompletableFuture<InsertOutcome>> good = new ArrayList<>();
    CompletableFuture<InsertOutcome> bad;
    try (Connection lock = rawConnection()) {
      lockForWrites(lock); // everything below queues up and lands in one or two batches
      for (int i = 0; i < 5; i++) {
        good.add(archive.insert(entry(PT, "/app/1/ok/proto", clock.nanos(), i)));
      }
      // PostgreSQL TEXT cannot hold U+0000
      bad = archive.insert(entry(PT, "/app/1/nul\u0000/proto", clock.nanos(), 99));
      for (int i = 5; i < 10; i++) {
        good.add(archive.insert(entry(PT, "/app/1/ok/proto", clock.nanos(), i)));
      }
      lock.rollback();
    }
    for (CompletableFuture<InsertOutcome> f : good) {
      assertEquals(InsertOutcome.STORED, f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    java.util.concurrent.ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class,
            () -> bad.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(ArchiveException.Kind.DRIVER_ERROR, ((ArchiveException) e.getCause()).kind());
    assertEquals(10, archive.count());
    assertEquals(
        1.0,
        registry.get("waku_archive_errors_total").tag("type", "insert_failure").counter().count());
  }
}

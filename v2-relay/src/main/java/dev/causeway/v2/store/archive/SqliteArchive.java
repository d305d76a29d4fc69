package dev.causeway.v2.store.archive;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite backend (spec v2-store.md §5.1, §7): one database file in WAL mode, one writer
 * connection (the writer thread of {@link JdbcArchive}), a HikariCP pool of {@code query_only}
 * reader connections, and a separate connection per retention run.
 */
final class SqliteArchive extends JdbcArchive {
  /*
   * Durability: WAL + synchronous=FULL (default) fsyncs the WAL at every commit, so an
   * acknowledged insert survives kill -9 and power loss. synchronous=NORMAL in WAL mode would
   * already survive kill -9 (the committed WAL frames are in the OS page cache, which outlives the
   * process) and only risks the last commits on power loss; FULL is the default because an
   * acknowledgement means "durable", and batching makes the one fsync per commit cheap (one per
   * batch of up to batchSize inserts). The kill -9 test runs with the default.
   *
   * Concurrency: WAL lets readers run during a write; there is one writer connection and
   * busy_timeout makes retention's separate connection queue behind it instead of failing. The
   * writer's transactions are DEFERRED: sqlite-jdbc opens the next transaction right after each
   * commit, and an IMMEDIATE one would hold the write lock while the writer is idle. A deferred
   * transaction takes the lock at its first INSERT, before reading anything, so the upgrade
   * cannot fail on a stale snapshot.
   *
   * ":memory:" is served by a temporary file deleted on close: an in-memory database cannot be
   * shared by several connections without shared-cache mode, which has table locks that ignore
   * busy_timeout.
   */
  private final Path file;
  private final boolean deleteOnClose;
  private final HikariDataSource readers;

  private SqliteArchive(
      Path file, boolean deleteOnClose, ArchiveConfig config, MeterRegistry registry, Clock clock) {
    super("sqlite", config, registry, clock);
    this.file = file;
    this.deleteOnClose = deleteOnClose;
    HikariConfig hc = new HikariConfig();
    hc.setDataSource(dataSource(false));
    hc.setMaximumPoolSize(config.readPoolSize());
    hc.setMinimumIdle(1);
    hc.setPoolName("archive-sqlite-read");
    hc.setConnectionTimeout(Math.max(250, config.busyTimeout().toMillis()));
    hc.setConnectionInitSql("PRAGMA query_only = 1");
    this.readers = new HikariDataSource(hc);
  }

  static SqliteArchive open(
      Path file, boolean deleteOnClose, ArchiveConfig config, MeterRegistry registry, Clock clock)
      throws ArchiveException {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new ArchiveException(
          ArchiveException.Kind.DRIVER_ERROR, "cannot create directory for " + file, e);
    }
    // Migrate before the reader pool opens connections to tables that may not exist yet.
    SQLiteDataSource ds = dataSource(file, config, true);
    try (Connection c = ds.getConnection()) {
      // IMMEDIATE: a second process opening the same file waits for the migration
      SchemaMigrations.migrate(
          c, SchemaMigrations.Dialect.SQLITE, config.migrate(), clock.millis());
    } catch (SQLException e) {
      throw new ArchiveException(
          ArchiveException.Kind.DRIVER_ERROR, "cannot open " + file + ": " + e.getMessage(), e);
    }
    SqliteArchive a;
    try {
      a = new SqliteArchive(file, deleteOnClose, config, registry, clock);
    } catch (RuntimeException e) {
      throw new ArchiveException(
          ArchiveException.Kind.DRIVER_ERROR, "cannot open readers: " + e.getMessage(), e);
    }
    try {
      a.start();
    } catch (ArchiveException e) {
      a.close();
      throw e;
    }
    return a;
  }

  private SQLiteDataSource dataSource(boolean writer) {
    return dataSource(file, config, writer);
  }

  private static SQLiteDataSource dataSource(Path file, ArchiveConfig config, boolean writer) {
    SQLiteConfig sc = new SQLiteConfig();
    sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sc.setSynchronous(
        config.sqliteSynchronous() == ArchiveConfig.SqliteSynchronous.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    sc.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
    sc.setCacheSize(-config.sqliteCacheKiB());
    sc.setTempStore(SQLiteConfig.TempStore.MEMORY);
    if (writer) {
      sc.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }
    SQLiteDataSource ds = new SQLiteDataSource(sc);
    ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return ds;
  }

  @Override
  Connection openWriteConnection() throws SQLException {
    return dataSource(false).getConnection();
  }

  @Override
  boolean steerPlanner() {
    return true;
  }

  @Override
  Connection readConnection() throws SQLException {
    return readers.getConnection();
  }

  @Override
  Connection maintenanceConnection() throws SQLException {
    return dataSource(true).getConnection();
  }

  @Override
  long withRetentionLock(Connection c, SqlBody body) throws SQLException {
    try {
      return body.run();
    } catch (ArchiveException e) {
      throw new SQLException(e.getMessage(), e);
    }
  }

  /**
   * Used bytes = {@code (page_count - freelist_count) × page_size}; while above {@code maxBytes},
   * deletes the oldest entries in proportion to the excess (at least 1 % of the rows, at least
   * one), then measures again.
   */
  @Override
  long applySize(Connection c, long maxBytes) throws SQLException {
    long deleted = 0;
    for (int round = 0; round < 1000; round++) {
      long used = usedBytes(c);
      if (used <= maxBytes) {
        break;
      }
      long rows = countRows(c);
      if (rows == 0) {
        break;
      }
      double excess = (double) (used - maxBytes) / used;
      long n = Math.max(1, Math.max(rows / 100, (long) Math.ceil(rows * excess)));
      deleted += deleteOldest(c, Math.min(rows, n));
    }
    return deleted;
  }

  static long usedBytes(Connection c) throws SQLException {
    long pages = pragma(c, "page_count") - pragma(c, "freelist_count");
    return pages * pragma(c, "page_size");
  }

  private static long pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  void closeResources() {
    readers.close();
    if (deleteOnClose) {
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        try {
          Files.deleteIfExists(Path.of(file.toAbsolutePath() + suffix));
        } catch (IOException e) {
          // temporary file of a ":memory:" archive; nothing else to do
        }
      }
    }
  }

  @Override
  public String toString() {
    return "SqliteArchive{" + file + "}";
  }
}

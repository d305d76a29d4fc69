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
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SqliteArchive.class);

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
   *
   * Checkpoints: by default SQLite checkpoints on the committing connection once the WAL holds 1000
   * pages, i.e. after nearly every batch here, so the writer itself copied its pages into the
   * database file and waited for that file's fsync before taking the next batch. Once the message
   * table is larger than the page cache (millions of rows: every insert touches a random leaf of
   * the 32-byte hash index), that copy and fsync were about 40 % of the writer's wall time. A
   * checkpointer thread with a connection of its own now runs PASSIVE checkpoints (which never
   * block the writer or readers) whenever the writer has committed, in parallel with the writer's
   * next batch; when it falls behind, one pass covers several commits and a page dirtied by several
   * of them is written back once. A passive checkpoint cannot reset the WAL while the writer keeps
   * appending (a first version let the WAL grow past 1 GiB in a 10 M fill), and a RESTART
   * checkpoint from the checkpointer's connection waits for a moment without a writer, which a
   * busy writer never gives it (SQLite's locks are not fair). So once a passive pass reports
   * WAL_RESTART_PAGES frames, the writer itself runs a RESTART checkpoint between two of its
   * transactions: it copies only the frames the passive pass did not cover, and its next
   * transaction starts the WAL file over. The writer keeps SQLite's automatic checkpoint at the
   * same size as a backstop (it does nothing while the checkpointer is running one). A failed
   * checkpoint is logged and counted as a query-side error.
   */
  static final int WAL_RESTART_PAGES = 16_384;
  private final Path file;
  private final boolean deleteOnClose;
  private final HikariDataSource readers;
  private final Checkpointer checkpointer;
  private final int walRestartPages;

  private SqliteArchive(
      Path file,
      boolean deleteOnClose,
      ArchiveConfig config,
      MeterRegistry registry,
      Clock clock,
      int walRestartPages) {
    super("sqlite", config, registry, clock);
    this.walRestartPages = walRestartPages;
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
    this.checkpointer = new Checkpointer();
  }

  static SqliteArchive open(
      Path file, boolean deleteOnClose, ArchiveConfig config, MeterRegistry registry, Clock clock)
      throws ArchiveException {
    return open(file, deleteOnClose, config, registry, clock, WAL_RESTART_PAGES);
  }

  /** Tests: a smaller WAL restart threshold. */
  static SqliteArchive open(
      Path file,
      boolean deleteOnClose,
      ArchiveConfig config,
      MeterRegistry registry,
      Clock clock,
      int walRestartPages)
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
      a = new SqliteArchive(file, deleteOnClose, config, registry, clock, walRestartPages);
    } catch (RuntimeException e) {
      throw new ArchiveException(
          ArchiveException.Kind.DRIVER_ERROR, "cannot open readers: " + e.getMessage(), e);
    }
    try {
      a.start();
      a.checkpointer.start();
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
    Connection c = dataSource(false).getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint = " + walRestartPages);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  void afterCommit(Connection writer) {
    if (checkpointer.restartWanted) {
      try {
        // Between two of our transactions: copies what the checkpointer's last pass did not cover,
        // then the next transaction restarts the WAL. The checkpointer starts no pass while a
        // restart is wanted; if its last pass still holds the checkpoint lock (busy), the next
        // commit tries again.
        if (checkpointBusy(writer, "RESTART") == 0) {
          checkpointer.restartWanted = false;
        }
      } catch (SQLException e) {
        checkpointer.restartWanted = false;
        metrics.error(ArchiveMetrics.ErrorType.QUERY_FAILURE);
        LOG.warn("WAL restart checkpoint failed: {}", e.toString());
      }
    }
    checkpointer.signal();
  }

  /** Checkpoints the WAL in the background after commits (see the class comment). */
  private final class Checkpointer implements Runnable {
    private final Thread thread = new Thread(this, "archive-checkpoint-sqlite");
    private final java.util.concurrent.atomic.AtomicBoolean pending =
        new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean passRunning;
    volatile boolean restartWanted;

    Checkpointer() {
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void signal() {
      if (!pending.getAndSet(true)) {
        java.util.concurrent.locks.LockSupport.unpark(thread);
      }
    }

    void stop() {
      stopped = true;
      java.util.concurrent.locks.LockSupport.unpark(thread);
      try {
        thread.join(java.util.concurrent.TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      Connection c = null;
      try {
        while (!stopped) {
          passRunning = true; // before taking the signal, so idle() never sees a gap
          if (restartWanted || !pending.getAndSet(false)) {
            passRunning = false;
            java.util.concurrent.locks.LockSupport.parkNanos(
                java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500));
            continue;
          }
          try {
            if (c == null) {
              c = dataSource(false).getConnection();
            }
            if (checkpoint(c, "PASSIVE") >= walRestartPages) {
              restartWanted = true;
            }
          } catch (SQLException e) {
            metrics.error(ArchiveMetrics.ErrorType.QUERY_FAILURE);
            LOG.warn("background WAL checkpoint failed: {}", e.toString());
            closeQuietly(c);
            c = null;
            java.util.concurrent.locks.LockSupport.parkNanos(
                java.util.concurrent.TimeUnit.SECONDS.toNanos(1));
          } finally {
            passRunning = false;
          }
        }
      } finally {
        closeQuietly(c);
      }
    }

    /** No pass running and none signalled, or a restart is waiting for the writer. */
    boolean idle() {
      return !passRunning && (restartWanted || !pending.get());
    }
  }

  /**
   * Tests: whether the background checkpointer has caught up with every commit so far (no pass
   * running, none signalled), or is waiting for the writer's restart.
   */
  boolean checkpointerIdle() {
    return checkpointer.idle();
  }

  /** Runs a checkpoint; returns its "busy" column (0: completed). */
  private static long checkpointBusy(Connection c, String mode) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      long busy = rs.next() ? rs.getLong(1) : 1;
      return busy;
    }
  }

  /** Runs a checkpoint; returns the WAL's size in frames as it reports it (-1 if unknown). */
  private static long checkpoint(Connection c, String mode) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      long r = rs.next() ? rs.getLong(2) : -1;
      return r;
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing checkpoint connection", e);
      }
    }
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
    checkpointer.stop();
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

package dev.causeway.v2.store.archive;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * The PostgreSQL backend (spec v2-store.md §5.2, §7): HikariCP pools (readers, plus a second pool
 * for the writer and retention), inserts {@code ON CONFLICT DO NOTHING} so several Causeway store
 * nodes can share one database, migrations and retention each under a PostgreSQL advisory lock.
 */
final class PostgresArchive extends JdbcArchive {
  /*
   * Several nodes may share the database: the migration runner holds a session advisory lock
   * (blocking: the second node waits and then finds the schema current); retention takes a
   * try-lock and skips the run when another node holds it (one node trimming is enough).
   *
   * No time partitioning in schema v1 (nwaku partitions hourly): a hash PK cannot be unique across
   * partitions without the partition key, which would need nwaku's extra messages_lookup table.
   * Retention deletes in bounded chunks instead; autovacuum reclaims the space. Partitioning is a
   * later migration if row deletes become the bottleneck (spec §6, nwaku #3790).
   *
   * Size: pg_database_size / pg_total_relation_size include dead tuples and do not shrink after
   * DELETE, which makes nwaku's size policy keep trimming; the size rule here measures the live
   * rows (sum of pg_column_size) and cuts at the exact row where the newest rows reach the limit.
   */
  static final long MIGRATION_LOCK = 0x4341_5553_0001L; // "CAUS" 1
  static final long RETENTION_LOCK = 0x4341_5553_0002L;

  private final HikariDataSource readers;
  private final HikariDataSource writers;
  private final String description;

  private PostgresArchive(
      HikariDataSource readers,
      HikariDataSource writers,
      String description,
      ArchiveConfig config,
      MeterRegistry registry,
      Clock clock) {
    super("postgres", config, registry, clock);
    this.readers = readers;
    this.writers = writers;
    this.description = description;
  }

  static PostgresArchive open(
      String jdbcUrl,
      String user,
      String password,
      ArchiveConfig config,
      MeterRegistry registry,
      Clock clock)
      throws ArchiveException {
    HikariDataSource writers = null;
    HikariDataSource readers = null;
    try {
      writers = pool(jdbcUrl, user, password, "archive-pg-write", 2, config);
      try (Connection c = writers.getConnection()) {
        migrateLocked(c, config, clock);
      }
      readers = pool(jdbcUrl, user, password, "archive-pg-read", config.readPoolSize(), config);
      PostgresArchive a = new PostgresArchive(readers, writers, jdbcUrl, config, registry, clock);
      try {
        a.start();
      } catch (ArchiveException e) {
        a.close();
        throw e;
      }
      return a;
    } catch (SQLException | RuntimeException e) {
      if (readers != null) {
        readers.close();
      }
      if (writers != null) {
        writers.close();
      }
      throw new ArchiveException(
          ArchiveException.Kind.DRIVER_ERROR,
          "cannot open PostgreSQL archive: " + e.getMessage(),
          e);
    }
  }

  private static HikariDataSource pool(
      String url, String user, String password, String name, int size, ArchiveConfig config) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    if (user != null) {
      hc.setUsername(user);
    }
    if (password != null) {
      hc.setPassword(password);
    }
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(1);
    hc.setPoolName(name);
    hc.setConnectionTimeout(Math.max(250, config.busyTimeout().toMillis()));
    hc.setInitializationFailTimeout(Math.max(1, config.busyTimeout().toMillis()));
    return new HikariDataSource(hc);
  }

  private static void migrateLocked(Connection c, ArchiveConfig config, Clock clock)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
    }
    try {
      SchemaMigrations.migrate(
          c, SchemaMigrations.Dialect.POSTGRES, config.migrate(), clock.millis());
    } catch (ArchiveException e) {
      throw new SQLException(e.getMessage(), e);
    } finally {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
      }
    }
  }

  @Override
  Connection openWriteConnection() throws SQLException {
    return writers.getConnection();
  }

  @Override
  boolean steerPlanner() {
    return false;
  }

  @Override
  Connection readConnection() throws SQLException {
    return readers.getConnection();
  }

  @Override
  Connection maintenanceConnection() throws SQLException {
    return writers.getConnection();
  }

  @Override
  long withRetentionLock(Connection c, SqlBody body) throws SQLException {
    c.setAutoCommit(true);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + RETENTION_LOCK + ")")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return 0;
      }
    }
    try {
      return body.run();
    } catch (ArchiveException e) {
      throw new SQLException(e.getMessage(), e);
    } finally {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_unlock(" + RETENTION_LOCK + ")");
      }
    }
  }

  /**
   * Finds the newest entry that no longer fits when summing live row sizes from the newest down,
   * and deletes it and everything older.
   */
  @Override
  long applySize(Connection c, long maxBytes) throws SQLException {
    long ts;
    byte[] hash;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT timestamp, hash FROM (SELECT timestamp, hash, SUM(pg_column_size(m.*))"
                + " OVER (ORDER BY timestamp DESC, hash DESC) AS cum FROM message m) t"
                + " WHERE cum > ? ORDER BY timestamp DESC, hash DESC LIMIT 1")) {
      ps.setQueryTimeout(timeoutSeconds());
      ps.setLong(1, maxBytes);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return 0;
        }
        ts = rs.getLong(1);
        hash = rs.getBytes(2);
      }
    }
    java.util.List<Object> params = java.util.List.of(ts, hash);
    return deleteOldestWhile(c, "(timestamp, hash) <= (?, ?)", params, Long.MAX_VALUE);
  }

  @Override
  void closeResources() {
    readers.close();
    writers.close();
  }

  @Override
  public String toString() {
    return "PostgresArchive{" + description.replaceAll("password=[^&]*", "password=***") + "}";
  }
}

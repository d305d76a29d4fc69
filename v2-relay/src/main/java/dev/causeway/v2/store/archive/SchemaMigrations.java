package dev.causeway.v2.store.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small versioned-migration runner (Flyway is not available offline): the applied versions live
 * in {@code schema_version}; the scripts are {@code db/<dialect>/V<n>__<name>.sql} on the class
 * path, listed in {@link Dialect}. Each script runs in its own transaction together with its {@code
 * schema_version} row, so a crash leaves the schema at a version boundary. The caller holds the
 * cross-process lock (SQLite: {@code BEGIN IMMEDIATE} per step; PostgreSQL: advisory lock).
 */
final class SchemaMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

  /** One script. Versions are 1, 2, 3 … in list order. */
  record Migration(int version, String resource) {}

  enum Dialect {
    SQLITE("db/sqlite/", List.of("V1__message.sql")),
    POSTGRES("db/postgres/", List.of("V1__message.sql"));

    final List<Migration> migrations;

    Dialect(String dir, List<String> files) {
      List<Migration> m = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        m.add(new Migration(i + 1, dir + files.get(i)));
      }
      this.migrations = List.copyOf(m);
    }

    int latest() {
      return migrations.size();
    }
  }

  private SchemaMigrations() {}

  /** Current schema version (0 = empty database). Creates {@code schema_version} if missing. */
  static int currentVersion(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
              + " script TEXT NOT NULL, applied_at_millis BIGINT NOT NULL)");
      try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
        rs.next();
        return rs.getInt(1);
      }
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /**
   * Brings the schema to {@link Dialect#latest()}, or checks it is there when {@code apply} is
   * false. Returns the number of scripts applied.
   *
   * @throws ArchiveException DRIVER_ERROR if the database is newer than this build or not migrated
   *     and {@code apply} is false
   */
  static int migrate(Connection c, Dialect d, boolean apply, long nowMillis)
      throws SQLException, ArchiveException {
    int current = currentVersion(c);
    if (current > d.latest()) {
      throw new ArchiveException(
          ArchiveException.Kind.DRIVER_ERROR,
          "database schema version " + current + " is newer than this build (" + d.latest() + ")");
    }
    if (current == d.latest()) {
      return 0;
    }
    if (!apply) {
      throw new ArchiveException(
          ArchiveException.Kind.DRIVER_ERROR,
          "database schema version " + current + " < " + d.latest() + " and migration is off");
    }
    int applied = 0;
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (Migration m : d.migrations) {
        if (m.version() <= current) {
          continue;
        }
        try (Statement s = c.createStatement()) {
          // Re-check inside the transaction: another process may have migrated meanwhile.
          try (ResultSet rs =
              s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            if (rs.getInt(1) >= m.version()) {
              c.commit();
              continue;
            }
          }
          for (String stmt : statements(m.resource())) {
            s.execute(stmt);
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO schema_version (version, script, applied_at_millis) VALUES (?, ?, ?)")) {
          ps.setInt(1, m.version());
          ps.setString(2, m.resource());
          ps.setLong(3, nowMillis);
          ps.executeUpdate();
        }
        c.commit();
        applied++;
        LOG.info("applied schema migration {}", m.resource());
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
    return applied;
  }

  /** The statements of a script: split at ';' ending a line; '--' comment lines dropped. */
  static List<String> statements(String resource) throws SQLException {
    String text;
    try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new SQLException("migration script missing from the class path: " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SQLException("cannot read " + resource, e);
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      cur.append(line).append('\n');
      if (t.endsWith(";")) {
        String stmt = cur.toString().strip();
        out.add(stmt.substring(0, stmt.length() - 1));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }
}

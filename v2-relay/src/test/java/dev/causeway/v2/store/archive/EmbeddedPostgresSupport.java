package dev.causeway.v2.store.archive;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * One embedded PostgreSQL server (zonky, binaries from the test class path, loopback) per test
 * class, and a fresh database per test. If the server cannot start, tests fail when env {@code
 * CI=true} and are skipped loudly otherwise.
 */
final class EmbeddedPostgresSupport implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private final EmbeddedPostgres pg;

  private EmbeddedPostgresSupport(EmbeddedPostgres pg) {
    this.pg = pg;
  }

  static EmbeddedPostgresSupport start() {
    return start(java.util.Map.of());
  }

  /**
   * Starts a server with extra settings. Note zonky's default {@code synchronous_commit=off}: fine
   * for tests (the server is never killed), wrong for benchmarks of durable inserts, which pass
   * {@code synchronous_commit=on}.
   */
  static EmbeddedPostgresSupport start(java.util.Map<String, String> settings) {
    try {
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder();
      settings.forEach(b::setServerConfig);
      return new EmbeddedPostgresSupport(b.start());
    } catch (Exception | Error e) {
      String why = "embedded PostgreSQL did not start: " + e;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(why, e);
      }
      System.err.println("SKIPPING PostgreSQL archive tests: " + why);
      Assumptions.abort(why);
      throw new IllegalStateException("unreachable");
    }
  }

  int port() {
    return pg.getPort();
  }

  /** Creates an empty database and returns its name. */
  String createDatabase() throws SQLException {
    String name = "archive_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  /** nwaku-style URL of {@code db} (user postgres, no password on the embedded server). */
  String url(String db) {
    return "postgres://postgres:postgres@127.0.0.1:" + port() + "/" + db;
  }

  String jdbcUrl(String db) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + db + "?user=postgres";
  }

  @Override
  public void close() throws Exception {
    pg.close();
  }
}

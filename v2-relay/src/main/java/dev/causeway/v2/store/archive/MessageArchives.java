package dev.causeway.v2.store.archive;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Opens a {@link MessageArchive} from a database URL in nwaku's {@code --store-message-db-url}
 * forms (spec v2-store.md §5): {@code sqlite:///abs/path.db}, {@code sqlite://relative.db}
 * (relative to the working directory), {@code sqlite::memory:} (a temporary file deleted on close),
 * {@code postgres://user:pass@host:port/db} (also {@code postgresql://}; user info percent-decoded;
 * a query string such as {@code ?sslmode=require} is passed to the JDBC driver). Applies schema
 * migrations unless {@link ArchiveConfig#migrate()} is false.
 */
public final class MessageArchives {
  private MessageArchives() {}

  public static MessageArchive open(
      String url, ArchiveConfig config, MeterRegistry registry, Clock clock)
      throws ArchiveException {
    if (url == null) {
      throw new ArchiveException(ArchiveException.Kind.INVALID_QUERY, "no database URL");
    }
    if (url.equals("sqlite::memory:") || url.equals("sqlite://:memory:")) {
      Path tmp;
      try {
        tmp = Files.createTempFile("causeway-archive-", ".sqlite3");
      } catch (IOException e) {
        throw new ArchiveException(
            ArchiveException.Kind.DRIVER_ERROR, "cannot create temporary database", e);
      }
      return SqliteArchive.open(tmp, true, config, registry, clock);
    }
    if (url.startsWith("sqlite://")) {
      String path = url.substring("sqlite://".length());
      if (path.isEmpty()) {
        throw new ArchiveException(ArchiveException.Kind.INVALID_QUERY, "sqlite URL without path");
      }
      return SqliteArchive.open(Path.of(path), false, config, registry, clock);
    }
    if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
      PgUrl pg = parsePostgres(url);
      return PostgresArchive.open(pg.jdbcUrl(), pg.user(), pg.password(), config, registry, clock);
    }
    throw new ArchiveException(
        ArchiveException.Kind.INVALID_QUERY,
        "unsupported database URL (sqlite://..., postgres://...): " + redact(url));
  }

  /** JDBC form of a {@code postgres://} URL. */
  record PgUrl(String jdbcUrl, String user, String password) {}

  static PgUrl parsePostgres(String url) throws ArchiveException {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new ArchiveException(
          ArchiveException.Kind.INVALID_QUERY, "malformed postgres URL: " + redact(url), e);
    }
    if (u.getHost() == null || u.getPath() == null || u.getPath().length() <= 1) {
      throw new ArchiveException(
          ArchiveException.Kind.INVALID_QUERY,
          "postgres URL needs host and database: " + redact(url));
    }
    String user = null;
    String password = null;
    String info = u.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      try {
        user = decode(colon < 0 ? info : info.substring(0, colon));
        password = colon < 0 ? null : decode(info.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new ArchiveException(
            ArchiveException.Kind.INVALID_QUERY, "bad percent-encoding in user info", e);
      }
    }
    String jdbc =
        "jdbc:postgresql://"
            + u.getHost()
            + (u.getPort() > 0 ? ":" + u.getPort() : "")
            + u.getRawPath()
            + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
    return new PgUrl(jdbc, user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL with any password replaced, for messages and logs. */
  static String redact(String url) {
    return url.replaceAll("://([^:/@]*):[^@/]*@", "://$1:***@");
  }
}

package dev.causeway.v2.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.causeway.v2.core.MessageHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under SIGKILL: a child JVM ({@link ArchiveKill9Child}) inserts as fast as it can and
 * prints each hash after its insert was acknowledged; the test kills it with {@code
 * destroyForcibly()} in the middle of the writes, reopens the database and requires every
 * acknowledged hash to be there. SQLite (default {@code synchronous=FULL}) and PostgreSQL.
 */
class ArchiveKill9IT {
  private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");
  private static final int ACKS_BEFORE_KILL = 5000;

  @TempDir Path dir;

  @Test
  void sqliteKeepsEveryAcknowledgedInsert() throws Exception {
    String url = "sqlite://" + dir.resolve("kill9.sqlite3").toAbsolutePath();
    Set<String> acked = runAndKill(url);
    assertAllPresent(url, acked);
  }

  @Test
  void postgresKeepsEveryAcknowledgedInsert() throws Exception {
    try (EmbeddedPostgresSupport pg = EmbeddedPostgresSupport.start()) {
      String url = pg.url(pg.createDatabase());
      Set<String> acked = runAndKill(url);
      assertAllPresent(url, acked);
    }
  }

  private Set<String> runAndKill(String url) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path stderr = dir.resolve("child-" + System.nanoTime() + ".err");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ArchiveKill9Child.class.getName(),
                url)
            .redirectError(stderr.toFile())
            .start();
    ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                // the pipe breaks when the child dies
              }
            },
            "kill9-acks");
    reader.setDaemon(true);
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (lines.size() < ACKS_BEFORE_KILL && child.isAlive() && System.nanoTime() < deadline) {
        // wait for acknowledgements; onExit gives a timed wait without sleeping
        try {
          child.onExit().get(20, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          // still running
        }
      }
      assertTrue(
          child.isAlive(),
          "child died before the kill: " + Files.readString(stderr, StandardCharsets.UTF_8));
      assertTrue(lines.size() >= ACKS_BEFORE_KILL, "only " + lines.size() + " acks in time");
    } finally {
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
    }
    reader.join(TimeUnit.SECONDS.toMillis(30));
    assertEquals(137, child.exitValue(), "exit code of a SIGKILLed JVM");
    Set<String> acked = new HashSet<>();
    for (String l : lines) {
      if (HASH.matcher(l).matches()) { // a torn last line is not an acknowledgement
        acked.add(l);
      }
    }
    assertTrue(acked.size() >= ACKS_BEFORE_KILL);
    return acked;
  }

  private static void assertAllPresent(String url, Set<String> acked) throws Exception {
    try (MessageArchive a =
        MessageArchives.open(
            url, ArchiveConfig.defaults(), new SimpleMeterRegistry(), Clock.systemUTC())) {
      List<MessageHash> all = new ArrayList<>();
      for (String h : acked) {
        all.add(MessageHash.parse(h));
      }
      Set<MessageHash> found = new HashSet<>();
      for (int i = 0; i < all.size(); i += 1000) {
        List<MessageHash> chunk = all.subList(i, Math.min(all.size(), i + 1000));
        ArchivePage p = a.query(ArchiveQuery.all(1000).withHashes(chunk));
        p.messages().forEach(m -> found.add(m.hash()));
      }
      Set<MessageHash> missing = new HashSet<>(all);
      missing.removeAll(found);
      assertTrue(missing.isEmpty(), missing.size() + " acknowledged inserts lost of " + all.size());
      assertTrue(a.count() >= acked.size());
    }
  }
}

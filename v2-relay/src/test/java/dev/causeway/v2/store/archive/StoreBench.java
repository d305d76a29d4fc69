package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Store benchmark of issue #6, run on demand (a test-scope main, not part of {@code verify}). Fills
 * an archive with {@code --messages} realistic entries (one pubsub topic, {@code --content-topics}
 * content topics, timestamps over {@code --days} days in arrival order with ±20 s jitter, 200-1000
 * byte payloads), then measures with {@code --clients} threads: page queries (pubsub + 1 content
 * topic + a random 24 h window, limit 20, random direction, and the follow-up page with its cursor)
 * and single-hash look-ups. Command lines: {@code docs/benchmarks-store.md}.
 *
 * <pre>
 * java -cp v2-relay/target/test-classes:v2-relay/target/classes:$CP \
 *   dev.causeway.v2.store.archive.StoreBench --backend sqlite --db /tmp/bench.sqlite3 \
 *   --messages 10000000 --clients 1,8
 * ... --backend postgres [--url postgres://...]   (default: an embedded server in a temp dir)
 * </pre>
 */
public final class StoreBench {
  private static final PubsubTopic PT = PubsubTopic.staticShard(1, 0);
  private static final long DAY = 86_400_000_000_000L;

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("backend", "sqlite");
    o.put("db", "/tmp/causeway-storebench.sqlite3");
    o.put("url", "");
    o.put("messages", "10000000");
    o.put("content-topics", "50");
    o.put("days", "30");
    o.put("clients", "1,8");
    o.put("queries", "20000");
    o.put("fill", "true");
    o.put("sync", "FULL");
    o.put("batch", "1000");
    o.put("pg-shared-buffers", "512MB");
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    System.out.println("StoreBench " + o);
    long n = Long.parseLong(o.get("messages"));
    int topics = Integer.parseInt(o.get("content-topics"));
    long days = Long.parseLong(o.get("days"));
    int queries = Integer.parseInt(o.get("queries"));
    int maxClients = 1;
    for (String c : o.get("clients").split(",")) {
      maxClients = Math.max(maxClients, Integer.parseInt(c));
    }
    AutoCloseable server = null;
    String url;
    if (o.get("backend").equals("sqlite")) {
      url = "sqlite://" + o.get("db");
      if (Boolean.parseBoolean(o.get("fill"))) {
        for (String s : new String[] {"", "-wal", "-shm"}) {
          Files.deleteIfExists(Path.of(o.get("db") + s));
        }
      }
    } else if (!o.get("url").isEmpty()) {
      url = o.get("url");
    } else {
      EmbeddedPostgresSupport pg =
          EmbeddedPostgresSupport.start(
              Map.of("synchronous_commit", "on", "shared_buffers", o.get("pg-shared-buffers")));
      server = pg;
      url = pg.url(pg.createDatabase());
    }
    long end = System.currentTimeMillis() * 1_000_000L;
    long start = end - days * DAY;
    ArchiveConfig config =
        ArchiveConfig.builder()
            .readPoolSize(maxClients)
            .batchSize(Integer.parseInt(o.get("batch")))
            .sqliteSynchronous(ArchiveConfig.SqliteSynchronous.valueOf(o.get("sync")))
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<byte[]> sample = new ArrayList<>();
    try (MessageArchive archive = MessageArchives.open(url, config, registry, Clock.systemUTC())) {
      if (Boolean.parseBoolean(o.get("fill"))) {
        fill(archive, n, topics, start, end, sample, config.queueCapacity());
      } else {
        sampleHashes(archive, sample);
      }
      System.out.printf(Locale.ROOT, "stored: %d%n", archive.count());
      if (o.get("backend").equals("sqlite")) {
        System.out.printf(
            Locale.ROOT,
            "db file: %.1f MiB (+ wal %.1f MiB)%n",
            Files.size(Path.of(o.get("db"))) / 1048576.0,
            Files.exists(Path.of(o.get("db") + "-wal"))
                ? Files.size(Path.of(o.get("db") + "-wal")) / 1048576.0
                : 0.0);
      }
      for (String c : o.get("clients").split(",")) {
        int clients = Integer.parseInt(c);
        measure(archive, clients, queries, topics, start, end, sample);
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  static String topic(int k) {
    return "/bench/1/topic-" + k + "/proto";
  }

  private static void fill(
      MessageArchive archive,
      long n,
      int topics,
      long start,
      long end,
      List<byte[]> sample,
      int window)
      throws Exception {
    byte[] noise = new byte[1 << 20];
    new Random(1).nextBytes(noise);
    SplittableRandom r = new SplittableRandom(2);
    Semaphore inFlight = new Semaphore(window);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong stored = new AtomicLong();
    long step = (end - start) / n;
    long every = Math.max(1, n / 200_000);
    long t0 = System.nanoTime();
    long cpu0 = cpuNanos();
    long lastReport = t0;
    long lastCount = 0;
    for (long i = 0; i < n; i++) {
      int len = 200 + r.nextInt(801);
      int off = r.nextInt(noise.length - len);
      byte[] payload = java.util.Arrays.copyOfRange(noise, off, off + len);
      payload[0] = (byte) i; // distinct payloads
      payload[1] = (byte) (i >>> 8);
      payload[2] = (byte) (i >>> 16);
      payload[3] = (byte) (i >>> 24);
      long ts = start + i * step + r.nextLong(40_000_000_000L) - 20_000_000_000L;
      WakuMessage m = WakuMessage.of(payload, topic(r.nextInt(topics)), ts);
      ArchivedMessage a = ArchivedMessage.of(PT, m);
      if (i % every == 0) {
        sample.add(a.hash().bytes());
      }
      inFlight.acquire();
      archive
          .insert(a)
          .whenComplete(
              (res, err) -> {
                inFlight.release();
                if (err != null) {
                  failure.compareAndSet(null, err);
                } else {
                  stored.incrementAndGet();
                }
              });
      if (failure.get() != null) {
        throw new IllegalStateException("insert failed", failure.get());
      }
      long now = System.nanoTime();
      if (now - lastReport > 10_000_000_000L) {
        long c = stored.get();
        System.out.printf(
            Locale.ROOT,
            "  %,d stored, %.0f/s over the last 10 s, %.0f/s overall%n",
            c,
            (c - lastCount) / ((now - lastReport) / 1e9),
            c / ((now - t0) / 1e9));
        lastReport = now;
        lastCount = c;
      }
    }
    inFlight.acquire(window);
    inFlight.release(window);
    if (failure.get() != null) {
      throw new IllegalStateException("insert failed", failure.get());
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    java.lang.management.ThreadMXBean tmx =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("archive-writer")) {
        double w = tmx.getThreadCpuTime(t.getId()) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "writer thread CPU %.1f s = %.1f us per insert = %.0f inserts per writer CPU-second%n",
            w,
            w * 1e6 / n,
            n / w);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "fill: %,d inserts in %.1f s = %.0f inserts/s; process CPU %.1f s = %.0f inserts per"
            + " CPU-second (load average at end %.1f)%n",
        n,
        secs,
        n / secs,
        cpu,
        n / cpu,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void sampleHashes(MessageArchive archive, List<byte[]> sample) throws Exception {
    Optional<MessageHash> cursor = Optional.empty();
    for (int i = 0; i < 200; i++) {
      ArchivePage p = archive.query(ArchiveQuery.all(100).withCursor(cursor));
      p.messages().forEach(m -> sample.add(m.hash().bytes()));
      if (p.nextCursor().isEmpty()) {
        break;
      }
      cursor = p.nextCursor();
    }
  }

  private static void measure(
      MessageArchive archive,
      int clients,
      int queries,
      int topics,
      long start,
      long end,
      List<byte[]> sample)
      throws Exception {
    for (String kind : new String[] {"page", "hash"}) {
      // warm-up, then the measured round
      for (boolean record : new boolean[] {false, true}) {
        Histogram h = new ConcurrentHistogram(60_000_000_000L, 3);
        // on-CPU time of the querying thread per query: separates the work done from waiting
        // for a CPU on a shared machine
        Histogram cpu = new ConcurrentHistogram(60_000_000_000L, 3);
        java.lang.management.ThreadMXBean tmx =
            java.lang.management.ManagementFactory.getThreadMXBean();
        int perClient = Math.max(1, (record ? queries : queries / 4) / clients);
        CountDownLatch done = new CountDownLatch(clients);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
          int seed = c;
          Thread t =
              new Thread(
                  () -> {
                    try {
                      SplittableRandom r = new SplittableRandom(seed * 31L + (record ? 1 : 0));
                      for (int i = 0; i < perClient; i++) {
                        if (kind.equals("page")) {
                          long from = start + r.nextLong(end - start - DAY);
                          ArchiveQuery q =
                              ArchiveQuery.all(20)
                                  .withPubsubTopic(PT)
                                  .withContentTopics(List.of(topic(r.nextInt(topics))))
                                  .withTimeRange(from, from + DAY)
                                  .withForward(r.nextBoolean());
                          long c0 = tmx.getCurrentThreadCpuTime();
                          long s = System.nanoTime();
                          ArchivePage p = archive.query(q);
                          h.recordValue(System.nanoTime() - s);
                          cpu.recordValue(tmx.getCurrentThreadCpuTime() - c0);
                          if (p.nextCursor().isPresent()) {
                            c0 = tmx.getCurrentThreadCpuTime();
                            s = System.nanoTime();
                            archive.query(q.withCursor(p.nextCursor()));
                            h.recordValue(System.nanoTime() - s);
                            cpu.recordValue(tmx.getCurrentThreadCpuTime() - c0);
                          }
                        } else {
                          byte[] hash = sample.get(r.nextInt(sample.size()));
                          long c0 = tmx.getCurrentThreadCpuTime();
                          long s = System.nanoTime();
                          ArchivePage p =
                              archive.query(
                                  ArchiveQuery.all(20)
                                      .withHashes(List.of(MessageHash.fromBytes(hash))));
                          h.recordValue(System.nanoTime() - s);
                          cpu.recordValue(tmx.getCurrentThreadCpuTime() - c0);
                          if (p.messages().size() != 1) {
                            throw new IllegalStateException("hash not found");
                          }
                        }
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    } finally {
                      done.countDown();
                    }
                  });
          t.start();
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
          throw new IllegalStateException("query round did not finish");
        }
        if (failure.get() != null) {
          throw new IllegalStateException("query failed", failure.get());
        }
        if (record) {
          double secs = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "%s queries, %d clients: %d in %.1f s = %.0f/s; latency ms p50 %.2f p90 %.2f"
                  + " p99 %.2f p99.9 %.2f max %.2f%n",
              kind,
              clients,
              h.getTotalCount(),
              secs,
              h.getTotalCount() / secs,
              h.getValueAtPercentile(50) / 1e6,
              h.getValueAtPercentile(90) / 1e6,
              h.getValueAtPercentile(99) / 1e6,
              h.getValueAtPercentile(99.9) / 1e6,
              h.getMaxValue() / 1e6);
          System.out.printf(
              Locale.ROOT,
              "    client-thread CPU per query ms p50 %.2f p99 %.2f p99.9 %.2f (load average %.1f)%n",
              cpu.getValueAtPercentile(50) / 1e6,
              cpu.getValueAtPercentile(99) / 1e6,
              cpu.getValueAtPercentile(99.9) / 1e6,
              java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                  .getSystemLoadAverage());
        }
      }
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private StoreBench() {}
}

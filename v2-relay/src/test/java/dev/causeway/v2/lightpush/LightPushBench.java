package dev.causeway.v2.lightpush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.testing.Await;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.metadata.MetadataConfig;
import dev.causeway.v2.metadata.MetadataProtocol;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.junit.jupiter.api.Test;

/**
 * Issue #7's light push benchmark, run on demand (not part of {@code verify}):
 *
 * <pre>
 * ./mvnw -B -o verify -pl v2-relay -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=LightPushBench -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>On 127.0.0.1 over TCP + Noise + yamux, in this JVM: one service node (a {@link WakuV2Node}
 * with {@link LightPushService} mounted, relaying to one other {@link WakuV2Node}) and {@code
 * -Dlpbench.clients} (default 4) {@link LightPushClient}s, each on a libp2p host of its own. Every
 * request opens a fresh stream (as js-waku and nwaku clients do) and pushes a v3 request of {@code
 * -Dlpbench.payload} (default 100) bytes of payload on {@code /waku/2/rs/0/0}.
 *
 * <ul>
 *   <li><b>paced</b>: requests are issued round-robin over the clients at {@code -Dlpbench.rate}
 *       (default 1,000) per second for {@code -Dlpbench.seconds} (default 10) seconds, open loop;
 *       latency runs from each request's <em>scheduled</em> send time to its answer, so a stall
 *       shows in the percentiles instead of slowing the sender (no coordinated omission);
 *   <li><b>fast</b>: each client keeps {@code -Dlpbench.window} (default 32) requests in flight for
 *       the same time; throughput ceiling.
 * </ul>
 *
 * <p>{@code -Dlpbench.modes} (default {@code paced,fast}) picks the modes. A warm-up round of the
 * chosen modes ({@code -Dlpbench.warmupSeconds}, default 5) runs first and is not reported. Each
 * row also gives the process CPU time of the run (all nodes and clients of the JVM, JIT and GC
 * threads included), GCs and the load average; {@code -Dlpbench.threads=true} prints CPU time per
 * thread group. Checks: every answer is 200 and the relay peer received every message. The table
 * goes to stdout and to {@code target/lightpush-bench.txt}. {@link #main} runs the same outside
 * Maven.
 */
public class LightPushBench {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(0, 0);
  private static final String CONTENT = "/causeway/1/lightpush-bench/proto";
  private static final Clock CLOCK = Clock.systemUTC();

  private final int clients = Integer.getInteger("lpbench.clients", 4);
  private final int rate = Integer.getInteger("lpbench.rate", 1000);
  private final int seconds = Integer.getInteger("lpbench.seconds", 10);
  private final int warmupSeconds = Integer.getInteger("lpbench.warmupSeconds", 5);
  private final int payload = Integer.getInteger("lpbench.payload", 100);
  private final int window = Integer.getInteger("lpbench.window", 32);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong seq = new AtomicLong();
  private WakuV2Node service;
  private final List<LightPushClient> pushers = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    new LightPushBench().run();
  }

  @Test
  void benchmark() throws Exception {
    run();
  }

  private void run() throws Exception {
    try {
      setUp();
      List<String> lines = new ArrayList<>();
      lines.add(
          String.format(
              Locale.ROOT,
              "clients=%d payload=%dB java=%s cores=%d",
              clients,
              payload,
              System.getProperty("java.version"),
              Runtime.getRuntime().availableProcessors()));
      lines.add(
          "| mode | requests | ok | req/s | p50 ms | p90 ms | p99 ms | max ms | relayed |"
              + " JVM CPU | GCs / pause | load avg |");
      lines.add("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
      List<String> modes = List.of(System.getProperty("lpbench.modes", "paced,fast").split(","));
      for (int round = 0; round < 2; round++) {
        boolean measured = round == 1;
        int secs = measured ? seconds : warmupSeconds;
        if (modes.contains("paced")) {
          Run r = paced(secs);
          if (measured) {
            lines.add(r.row("paced " + rate + "/s"));
          }
        }
        if (modes.contains("fast")) {
          Run r = fast(secs);
          if (measured) {
            lines.add(r.row("fast, window " + window + "/client"));
          }
        }
      }
      String table = String.join("\n", lines);
      System.out.println(table);
      Path out = Path.of(System.getProperty("basedir", "."), "target", "lightpush-bench.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, table + "\n");
    } finally {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        closeables.get(i).close();
      }
    }
  }

  private WakuV2Node node(List<Multiaddr> statics) throws Exception {
    WakuV2Config cfg =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                List.of(TOPIC))
            .withStaticNodes(statics);
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), CLOCK, RANDOM);
    closeables.add(n);
    return n;
  }

  private void setUp() throws Exception {
    service = node(List.of());
    closeables.add(
        LightPushService.mount(
            service.host(),
            service.relay(),
            LightPushConfig.defaults(),
            new SimpleMeterRegistry(),
            CLOCK));
    service.start();
    WakuV2Node peer = node(List.of(service.listenAddresses().get(0)));
    peer.start();
    peer.subscribe(TOPIC, (t, m, h) -> received.incrementAndGet()).get(10, TimeUnit.SECONDS);
    GossipsubService g = service.relay().gossipsub();
    Await.until(
        Duration.ofSeconds(30),
        "the relay peer subscribed",
        () -> g.call(() -> g.router().topicPeers(TOPIC.toString())).join().contains(peer.peerId()));
    for (int i = 0; i < clients; i++) {
      Libp2pHost h =
          new Libp2pHost(
              HostConfig.defaults(Keys.generateEd25519(RANDOM), List.of()),
              new SimpleMeterRegistry(),
              RANDOM);
      closeables.add(h);
      h.registerHandler(
          MetadataProtocol.ID, new MetadataProtocol(MetadataConfig.of(0, List::<Integer>of)));
      h.start();
      h.dial(service.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      pushers.add(new LightPushClient(h, Duration.ofSeconds(30), new SimpleMeterRegistry()));
    }
  }

  private WakuMessage message() {
    byte[] p = new byte[payload];
    ByteBuffer.wrap(p).putLong(seq.incrementAndGet());
    Instant now = CLOCK.instant();
    return WakuMessage.of(p, CONTENT, now.getEpochSecond() * 1_000_000_000L + now.getNano());
  }

  /** Process CPU time, GC and load at the start of a run, to report the run's share. */
  private record Usage(long cpuNanos, long gcCount, long gcMillis, Map<String, Long> threads) {
    /** CPU ms per thread-name group (digits removed) between {@code start} and this. */
    String topThreads(Usage start) {
      Map<String, Long> delta = new TreeMap<>();
      threads.forEach(
          (k, v) ->
              delta.merge(
                  k.replaceAll("[0-9]+", "#"), v - start.threads.getOrDefault(k, 0L), Long::sum));
      StringBuilder sb = new StringBuilder();
      delta.entrySet().stream()
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .limit(8)
          .forEach(
              e ->
                  sb.append(
                      String.format(Locale.ROOT, " %s=%.0fms", e.getKey(), e.getValue() / 1e6)));
      return sb.toString();
    }

    static Map<String, Long> threadCpu() {
      Map<String, Long> out = new TreeMap<>();
      java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
      for (java.lang.management.ThreadInfo i : t.getThreadInfo(t.getAllThreadIds())) {
        if (i != null) {
          long c = t.getThreadCpuTime(i.getThreadId());
          if (c > 0) {
            out.put(i.getThreadName() + "@" + i.getThreadId(), c);
          }
        }
      }
      return out;
    }

    static Usage now() {
      long count = 0;
      long millis = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        count += Math.max(0, gc.getCollectionCount());
        millis += Math.max(0, gc.getCollectionTime());
      }
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      long cpu =
          os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
      return new Usage(cpu, count, millis, threadCpu());
    }
  }

  /** The figures of one measured run. */
  private record Run(
      long requests,
      long ok,
      double perSecond,
      Histogram h,
      long relayed,
      Map<Integer, Long> codes,
      Usage start,
      Usage end,
      double load) {
    String row(String mode) {
      double cpuMs = (end.cpuNanos() - start.cpuNanos()) / 1e6;
      return String.format(
          Locale.ROOT,
          "| %s | %,d | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f | %,d | %,.0f ms (%.0f µs/req) |"
              + " %d / %d ms | %.1f |%s",
          mode,
          requests,
          ok,
          perSecond,
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(90) / 1e6,
          h.getValueAtPercentile(99) / 1e6,
          h.getMaxValue() / 1e6,
          relayed,
          cpuMs,
          cpuMs * 1000 / requests,
          end.gcCount() - start.gcCount(),
          end.gcMillis() - start.gcMillis(),
          load,
          ok == requests ? "" : " codes " + codes);
    }
  }

  private Run paced(int secs) throws Exception {
    Histogram h = new SynchronizedHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    Map<Integer, Long> codes = new ConcurrentHashMap<>();
    long before = received.get();
    Usage u0 = Usage.now();
    long total = (long) rate * secs;
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    List<CompletableFuture<?>> all = new ArrayList<>((int) total);
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      LightPushClient c = pushers.get((int) (i % clients));
      all.add(
          c.push(service.peerId(), TOPIC, message())
              .whenComplete(
                  (r, e) -> {
                    h.recordValue(Math.max(0, System.nanoTime() - due));
                    codes.merge(e != null ? -1 : r.statusCode(), 1L, Long::sum);
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .handle((v, e) -> null)
        .get(60, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    return finish(total, elapsed, h, before, codes, u0);
  }

  private Run fast(int secs) throws Exception {
    Histogram h = new SynchronizedHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    Map<Integer, Long> codes = new ConcurrentHashMap<>();
    long before = received.get();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
    AtomicLong sent = new AtomicLong();
    Usage u0 = Usage.now();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (LightPushClient c : pushers) {
      Thread t =
          new Thread(
              () -> {
                Semaphore slots = new Semaphore(window);
                try {
                  while (System.nanoTime() < end) {
                    slots.acquire();
                    long t0 = System.nanoTime();
                    sent.incrementAndGet();
                    c.push(service.peerId(), TOPIC, message())
                        .whenComplete(
                            (r, e) -> {
                              h.recordValue(System.nanoTime() - t0);
                              codes.merge(e != null ? -1 : r.statusCode(), 1L, Long::sum);
                              slots.release();
                            });
                  }
                  slots.acquire(window);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "lpbench-fast");
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(secs + 60));
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return finish(sent.get(), elapsed, h, before, codes, u0);
  }

  private Run finish(
      long total, double elapsed, Histogram h, long before, Map<Integer, Long> codes, Usage u0)
      throws Exception {
    Usage u1 = Usage.now();
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long ok = codes.getOrDefault(200, 0L);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (received.get() - before < ok && System.nanoTime() < until) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    if (Boolean.getBoolean("lpbench.threads")) {
      System.out.println("threads:" + u1.topThreads(u0));
    }
    Run r =
        new Run(
            total,
            ok,
            total / elapsed,
            h,
            received.get() - before,
            new TreeMap<>(codes),
            u0,
            u1,
            load);
    assertThat(r.ok()).as("all answered 200: %s", codes).isEqualTo(total);
    assertThat(r.relayed()).isEqualTo(ok);
    return r;
  }
}

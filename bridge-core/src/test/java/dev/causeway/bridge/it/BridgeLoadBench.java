package dev.causeway.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.causeway.bridge.BridgeConfig;
import dev.causeway.bridge.Direction;
import dev.causeway.bridge.it.BridgeTestNetwork.BridgeNode;
import dev.causeway.dedup.SeenSet;
import dev.causeway.dedup.SeenSets;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Issue #5, "must show" 4: load figures of one bridge, run on demand (never in {@code verify}):
 *
 * <pre>
 * ./mvnw -B -o verify -pl bridge-core -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=BridgeLoadBench -Dfailsafe.failIfNoSpecifiedTests=false \
 *     [-Dbridgebench.jvmFlags='-XX:+UseG1GC|-XX:+UseZGC']
 *     [-Dbridgebench.only=pow0.002|pow0.2|dedup] [-Dbridgebench.floodMs=10]
 * </pre>
 *
 * <p>The test starts {@link #main} in a JVM of its own once per flag set of {@code
 * -Dbridgebench.jvmFlags} ({@code |}-separated; default {@value #DEFAULT_JVM_FLAGS}), so the
 * measured process holds only the nodes and the bridge and its GC can be chosen; it prints the
 * table and writes it to {@code target/bridge-bench.txt}. On 127.0.0.1, one v1 node — one bridge
 * (its own v1 and v2 node) — one v2 node, 1 KiB payloads:
 *
 * <ul>
 *   <li><b>throughput</b>: a burst of pre-mined envelopes submitted at the v1 node (v1 → v2), or of
 *       {@code /waku/1/0x…/rfc26} messages published at the v2 node with at most {@value
 *       #IN_FLIGHT} unfinished (v2 → v1, bridge PoW floor 0.002 and ttl 10 s, then 0.2 and 5 s);
 *       rate = messages / (first send → last arrival at the far node);
 *   <li><b>added latency</b> at half the target rates, paced: v1 → v2 from the moment the bridge's
 *       v1 node hands the envelope to its listeners (the bridge's hook) to the arrival at the v2
 *       node one loopback hop further (so it includes one relay hop: an upper bound); v2 → v1 from
 *       the bridge's v2 node delivering the message to its relay listeners to the bridge's v1 node
 *       accepting the mined envelope (exact: both ends are the bridge's own nodes);
 *   <li><b>dedup memory</b>: retained heap per entry of a seen-set holding 1,000,000 32-byte keys
 *       (compact and Caffeine implementations of {@code dedup/}).
 * </ul>
 *
 * <p>Nothing but correctness is asserted (each measured message arrives, none twice); the figures
 * are reported, never asserted.
 */
class BridgeLoadBench {
  /*
   * Design: one network per v2 -> v1 PoW setting (the bridge's floor and ttl are its config), each
   * with unreported warm-up rounds first, repeated until the JIT compilers have settled. Payloads carry (run id, sequence number) in their
   * first eight bytes so that stragglers of an earlier round are ignored and arrival times go into
   * per-run arrays without maps on the hot path. The source v1 node floods every 10 ms (status-go:
   * 300 ms): with a longer cycle the bridge receives bursts of hundreds of envelopes at once and
   * the "added latency" measures the source's batching, not the bridge.
   */

  static final int PAYLOAD = 1024;
  static final int IN_FLIGHT = 1_000;

  /** PoW of the v1 source's envelopes and requirement of the v1 nodes (a few nonces per 1 KiB). */
  static final double SOURCE_POW = 0.00002;

  static final String DEFAULT_JVM_FLAGS = "-XX:+UseG1GC|-XX:+UseZGC";
  static final PubsubTopic PUBSUB = PubsubTopic.DEFAULT;
  static final Topic TOPIC = Topic.fromHex("0badcafe");
  static final String CONTENT_TOPIC = "/waku/1/0x0badcafe/rfc26";
  static final String RESULT = "BRIDGEBENCH\t";

  /**
   * The v1 nodes' flood cycle ({@code -Dbridgebench.floodMs}, default 10): the bridge's v1 node
   * receives the source's envelopes in bursts of rate × cycle, and the last of a burst waits for
   * the others in the bridge.
   */
  static final long FLOOD_MS = Long.getLong("bridgebench.floodMs", 10);

  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(20);

  @Test
  void bridgeLoad() throws Exception {
    List<String> lines = new ArrayList<>();
    String flagSets = System.getProperty("bridgebench.jvmFlags", DEFAULT_JVM_FLAGS);
    for (String flags : flagSets.split("\\|", -1)) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx2g");
      if (!flags.isBlank()) {
        cmd.addAll(List.of(flags.trim().split(" ")));
      }
      String only = System.getProperty("bridgebench.only");
      if (only != null) {
        cmd.add("-Dbridgebench.only=" + only);
      }
      String floodMs = System.getProperty("bridgebench.floodMs");
      if (floodMs != null) {
        cmd.add("-Dbridgebench.floodMs=" + floodMs);
      }
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(BridgeLoadBench.class.getName());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith(RESULT)) {
            System.out.println(line);
            lines.add(
                "| "
                    + (flags.isBlank() ? "(default)" : flags)
                    + " | "
                    + line.substring(RESULT.length()).replace("\t", " | ")
                    + " |");
          } else if (line.startsWith("BRIDGEBENCH-")) {
            System.out.println(line);
          }
        }
      }
      assertThat(p.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(p.exitValue()).as("bench JVM exit code").isZero();
    }
    StringBuilder out = new StringBuilder();
    out.append(environment()).append('\n');
    out.append(
        "| JVM flags | measurement | sent | received | dups | msg/s | p50 ms | p99 ms | max ms"
            + " | bridge p50 ms | bridge p99 ms | bridge max ms |"
            + " bridge drops (this round) | JVM CPU s | msg per CPU-s | load 1/5/15 |\n");
    out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|---|\n");
    for (String l : lines) {
      out.append(l).append('\n');
    }
    System.out.println(out);
    Files.writeString(Path.of("target", "bridge-bench.txt"), out.toString());
  }

  static String environment() {
    return "JDK "
        + System.getProperty("java.vm.vendor")
        + " "
        + System.getProperty("java.vm.version")
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " CPUs, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch");
  }

  // ---------------------------------------------------------------------------- measured JVM

  public static void main(String[] args) throws Exception {
    System.out.println("BRIDGEBENCH-ENV " + environment() + ", GC " + gcNames());
    String only = System.getProperty("bridgebench.only", "all");
    if (only.equals("all") || only.equals("pow0.002")) {
      benchPow(0.002, 10, 30_000, 30_000, 2_500, 10);
    }
    if (only.equals("all") || only.equals("pow0.2")) {
      benchPow(0.2, 5, 0, 3_000, 500, 6);
    }
    if (only.equals("all") || only.equals("dedup")) {
      dedupMemory("compact");
      dedupMemory("caffeine");
    }
    System.exit(0);
  }

  private static String gcNames() {
    List<String> names = new ArrayList<>();
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(b.getName());
    }
    return String.join("+", names);
  }

  /**
   * One network whose bridge mines v2-born messages to {@code pow} with {@code ttl}: warm-up, v1 →
   * v2 throughput ({@code v1Count} messages, skipped when 0) and latency at 5,000/s, v2 → v1
   * throughput ({@code v2Count}) and latency at {@code v2Rate}/s for {@code seconds}.
   */
  static void benchPow(double pow, long ttl, int v1Count, int v2Count, int v2Rate, int seconds)
      throws Exception {
    BridgeConfig cfg =
        BridgeConfig.builder()
            .pubsubTopics(List.of(PUBSUB))
            .v2ToV1Ttl(ttl)
            .powFloor(pow)
            .queueCapacity(100_000)
            .dedupMaxEntries(1_000_000)
            .v2Validation(BridgeTestNetwork.V2_VALIDATION)
            .build();
    try (BridgeTestNetwork net =
        BridgeTestNetwork.builder()
            .v1Users(1)
            .v2Users(1)
            .bridges(1)
            // The v1 nodes require little PoW so that pre-mining the v1 source's envelopes (setup,
            // not measured) stays cheap; the bridge mines v2-born envelopes to its floor anyway.
            .v1MinPow(SOURCE_POW)
            .floodInterval(Duration.ofMillis(FLOOD_MS))
            .v1Tweak(c -> c.toBuilder().poolCapacity(400_000).build())
            .bridgeConfig(() -> cfg)
            .start()) {
      Bench b = new Bench(net, pow, ttl);
      String v2Label = String.format(Locale.ROOT, "v2->v1 PoW %s ttl %d", pow, ttl);
      // Warm-up (not reported), repeated until the JIT has settled: a C2 compilation during a
      // measured round takes one of the two cores for milliseconds, and what queues meanwhile
      // becomes the p99 (RelayBench showed that with -XX:+PrintCompilation). A bridge runs for
      // days; its steady state is what is measured.
      dev.causeway.testing.JitWarmup.Result w =
          dev.causeway.testing.JitWarmup.untilSettled(
              2,
              12,
              () -> {
                if (v1Count > 0) {
                  b.v1ToV2Burst(Math.min(v1Count, 10_000));
                  b.v1ToV2Paced(5_000, 1);
                }
                b.v2ToV1Burst(Math.min(v2Count, 5_000));
                b.v2ToV1Paced(v2Rate, 1);
              });
      System.out.printf(
          Locale.ROOT,
          "BRIDGEBENCH-WARMUP %d rounds; JIT time in the last round %d ms%n",
          w.rounds(),
          w.lastRoundJitMillis());
      if (v1Count > 0) {
        report("v1->v2 throughput (burst)", b.v1ToV2Burst(v1Count), b);
        report(
            "v1->v2 added latency at 5,000/s (+1 hop; v1 source floods every " + FLOOD_MS + " ms)",
            b.v1ToV2Paced(5_000, seconds),
            b);
      }
      report(v2Label + " throughput (burst)", b.v2ToV1Burst(v2Count), b);
      report(
          v2Label + " added latency at " + String.format(Locale.ROOT, "%,d", v2Rate) + "/s",
          b.v2ToV1Paced(v2Rate, seconds),
          b);
    }
  }

  /**
   * One measured round.
   *
   * @param drops the bridge's drop counters that moved during the round
   * @param cpuNanos CPU time of the whole JVM (all nodes, GC, JIT) during the round
   */
  record Round(
      int sent,
      int received,
      int duplicates,
      double msgPerSec,
      Histogram latencyUs,
      Histogram bridgeUs,
      Map<String, Long> drops,
      long cpuNanos) {}

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static void report(String what, Round r, Bench b) {
    double p50 = r.latencyUs == null ? Double.NaN : r.latencyUs.getValueAtPercentile(50) / 1000.0;
    double p99 = r.latencyUs == null ? Double.NaN : r.latencyUs.getValueAtPercentile(99) / 1000.0;
    double max = r.latencyUs == null ? Double.NaN : r.latencyUs.getMaxValue() / 1000.0;
    Histogram bu = r.latencyUs == null ? null : r.bridgeUs;
    double bp50 = bu == null ? Double.NaN : bu.getValueAtPercentile(50) / 1000.0;
    double bp99 = bu == null ? Double.NaN : bu.getValueAtPercentile(99) / 1000.0;
    double bmax = bu == null ? Double.NaN : bu.getMaxValue() / 1000.0;
    System.out.println(
        RESULT
            + String.join(
                "\t",
                what,
                Integer.toString(r.sent),
                Integer.toString(r.received),
                Integer.toString(r.duplicates),
                String.format(Locale.ROOT, "%.0f", r.msgPerSec),
                fmt(p50),
                fmt(p99),
                fmt(max),
                fmt(bp50),
                fmt(bp99),
                fmt(bmax),
                r.drops.toString(),
                String.format(Locale.ROOT, "%.1f", r.cpuNanos / 1e9),
                String.format(Locale.ROOT, "%.0f", r.received / (r.cpuNanos / 1e9)),
                load()));
  }

  private static String fmt(double ms) {
    return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.2f", ms);
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + "/" + f[1] + "/" + f[2];
    } catch (Exception e) {
      return "?";
    }
  }

  /** The nodes of one network and the per-round arrival bookkeeping. */
  static final class Bench {
    private final WakuV1Node v1Source;
    private final WakuV2Node v2Node;
    private final BridgeNode bridge;
    private final double pow;
    private final Random random = new Random(1);
    private final AtomicInteger run = new AtomicInteger();
    private volatile Track track = new Track(0, 0);
    // The bridge's own forward latency (Bridge.ForwardListener), per direction, µs
    private final java.util.Map<Direction, org.HdrHistogram.Recorder> forward =
        new java.util.EnumMap<>(Direction.class);

    /** Arrival times of one round, by sequence number. */
    static final class Track {
      final int run;
      final AtomicLongArray in;
      final AtomicLongArray out;
      final AtomicInteger received = new AtomicInteger();
      final AtomicInteger duplicates = new AtomicInteger();

      Map<String, Long> dropsBefore = Map.of();
      long cpuBefore;

      Track(int run, int n) {
        this.run = run;
        this.in = new AtomicLongArray(n);
        this.out = new AtomicLongArray(n);
      }

      void in(byte[] payload) {
        int seq = seq(payload);
        if (seq >= 0) {
          in.compareAndSet(seq, 0, System.nanoTime());
        }
      }

      void out(byte[] payload) {
        int seq = seq(payload);
        if (seq >= 0) {
          if (out.compareAndSet(seq, 0, System.nanoTime())) {
            received.incrementAndGet();
          } else {
            duplicates.incrementAndGet();
          }
        }
      }

      private int seq(byte[] payload) {
        if (payload.length < 8) {
          return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        int r = b.getInt();
        int s = b.getInt();
        return r == run && s >= 0 && s < out.length() ? s : -1;
      }
    }

    Bench(BridgeTestNetwork net, double pow, long ttl) throws Exception {
      this.v1Source = net.v1User(0);
      this.v2Node = net.v2User(0);
      this.bridge = net.bridge(0);
      this.pow = pow;
      for (Direction d : Direction.values()) {
        forward.put(d, new org.HdrHistogram.Recorder(60_000_000L, 3));
      }
      bridge
          .bridge()
          .addForwardListener(
              (d, nanos) ->
                  forward.get(d).recordValue(Math.max(0, Math.min(nanos / 1000, 60_000_000L))));
      // v1 -> v2: in at the bridge's v1 node (from a peer), out at the v2 node
      bridge
          .v1()
          .addListener(
              (e, p, from) -> {
                if (from != null) {
                  track.in(e.data());
                }
              });
      v2Node.subscribe(PUBSUB, (t, m, h) -> track.out(m.payload())).get(30, TimeUnit.SECONDS);
      // v2 -> v1: in at the bridge's v2 node, out when the bridge's v1 node takes the envelope
      bridge.v2().subscribe(PUBSUB, (t, m, h) -> track.in(m.payload())).get(30, TimeUnit.SECONDS);
      bridge
          .v1()
          .addListener(
              (e, p, from) -> {
                if (from == null) {
                  track.out(e.data());
                }
              });
      // v1 arrivals at the far node are counted at the source node's peer, i.e. the bridge's v1
      // node accepting the bridged envelope above; the v1 source node also sees them arrive.
    }

    private Track newTrack(int n) {
      Track t = new Track(run.incrementAndGet(), n);
      track = t;
      return t;
    }

    /** Marks the start of the measured part of a round (after payloads are prepared). */
    private long begin(Track t) {
      for (org.HdrHistogram.Recorder r : forward.values()) {
        r.reset();
      }
      t.dropsBefore = BridgeCounters.drops(bridge.bridge());
      t.cpuBefore = processCpuNanos();
      return System.nanoTime();
    }

    private byte[] payload(Track t, int seq) {
      byte[] p = new byte[PAYLOAD];
      random.nextBytes(p);
      ByteBuffer.wrap(p).putInt(t.run).putInt(seq);
      return p;
    }

    private List<Envelope> sealed(Track t, int n) {
      PowMiner miner = new PowMiner();
      List<Envelope> out = new ArrayList<>(n);
      long now = Clock.systemUTC().instant().getEpochSecond();
      for (int i = 0; i < n; i++) {
        Envelope e = Envelope.of(now + 120, 120, TOPIC, payload(t, i), 0);
        out.add(miner.mine(e, SOURCE_POW, Long.MAX_VALUE).sealed().orElseThrow());
      }
      return out;
    }

    Round v1ToV2Burst(int n) throws Exception {
      Track t = newTrack(n);
      List<Envelope> envs = sealed(t, n);
      long start = begin(t);
      for (Envelope e : envs) {
        v1Source.submit(e);
      }
      return finish(t, n, start, false, Direction.V1_TO_V2);
    }

    Round v1ToV2Paced(int rate, int seconds) throws Exception {
      int n = rate * seconds;
      Track t = newTrack(n);
      List<Envelope> envs = sealed(t, n);
      long start = begin(t);
      long interval = 1_000_000_000L / rate;
      for (int i = 0; i < n; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        v1Source.submit(envs.get(i));
      }
      return finish(t, n, start, true, Direction.V1_TO_V2);
    }

    private WakuMessage message(Track t, int seq) {
      Clock c = Clock.systemUTC();
      java.time.Instant now = c.instant();
      return WakuMessage.builder()
          .payload(payload(t, seq))
          .contentTopic(CONTENT_TOPIC)
          .version(1)
          .timestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano())
          .build();
    }

    Round v2ToV1Burst(int n) throws Exception {
      Track t = newTrack(n);
      List<WakuMessage> msgs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        msgs.add(message(t, i));
      }
      Semaphore inFlight = new Semaphore(IN_FLIGHT);
      long start = begin(t);
      for (WakuMessage m : msgs) {
        inFlight.acquire();
        v2Node.publish(PUBSUB, m).whenComplete((h, e) -> inFlight.release());
      }
      return finish(t, n, start, false, Direction.V2_TO_V1);
    }

    Round v2ToV1Paced(int rate, int seconds) throws Exception {
      int n = rate * seconds;
      Track t = newTrack(n);
      long start = begin(t);
      long interval = 1_000_000_000L / rate;
      for (int i = 0; i < n; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        v2Node.publish(PUBSUB, message(t, i));
      }
      return finish(t, n, start, true, Direction.V2_TO_V1);
    }

    /** Waits (bounded) until all {@code n} arrived or arrivals stop, then sums up. */
    private Round finish(Track t, int n, long start, boolean latency, Direction d)
        throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      int last = -1;
      long lastChange = System.nanoTime();
      while (t.received.get() < n && System.nanoTime() < deadline) {
        int now = t.received.get();
        if (now != last) {
          last = now;
          lastChange = System.nanoTime();
        } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(20)) {
          break; // nothing for 20 s: the rest is lost
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
      long lastOut = 0;
      Histogram h = latency ? new Histogram(60_000_000L, 3) : null;
      for (int i = 0; i < n; i++) {
        long o = t.out.get(i);
        lastOut = Math.max(lastOut, o);
        long in = t.in.get(i);
        if (h != null && o != 0 && in != 0) {
          h.recordValue(Math.max(0, (o - in) / 1000));
        }
      }
      long cpu = processCpuNanos() - t.cpuBefore;
      Map<String, Long> drops = new TreeMap<>(BridgeCounters.drops(bridge.bridge()));
      t.dropsBefore.forEach((k, v) -> drops.merge(k, -v, Long::sum));
      drops.values().removeIf(v -> v == 0);
      int received = t.received.get();
      double rate = received == 0 ? 0 : received / ((lastOut - start) / 1e9);
      Histogram own = forward.get(d).getIntervalHistogram();
      return new Round(n, received, t.duplicates.get(), rate, h, own, drops, cpu);
    }
  }

  // ------------------------------------------------------------------------------ dedup memory

  static void dedupMemory(String kind) throws Exception {
    int n = 1_000_000;
    long before = usedAfterGc();
    SeenSet set =
        kind.equals("compact")
            ? SeenSets.compact(
                "bench", Duration.ofHours(1), n, Ticker.systemTicker(), new SimpleMeterRegistry())
            : SeenSets.caffeine(
                "bench", Duration.ofHours(1), n, Ticker.systemTicker(), new SimpleMeterRegistry());
    Random r = new Random(3);
    byte[] key = new byte[32];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      r.nextBytes(key);
      set.markIfNew(key);
    }
    double insertNs = (System.nanoTime() - start) / (double) n;
    long after = usedAfterGc();
    System.out.println(
        RESULT
            + String.join(
                "\t",
                "dedup " + kind + ": 1,000,000 x 32-byte keys, size " + set.size(),
                "-",
                "-",
                "-",
                String.format(Locale.ROOT, "%.0f inserts/s", 1e9 / insertNs),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                String.format(
                    Locale.ROOT, "%.1f bytes/entry retained", (after - before) / (double) n),
                "-",
                "-",
                load()));
    if (set.size() < 0) {
      System.out.println(set); // keep the set reachable until measured
    }
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}

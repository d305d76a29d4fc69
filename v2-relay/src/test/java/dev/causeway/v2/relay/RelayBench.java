package dev.causeway.v2.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.testing.Await;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.interop.JsWakuRelayPeer;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Issue #4's relay benchmark, run on demand (not part of {@code verify}):
 *
 * <pre>
 * ./mvnw -B -o verify -pl v2-relay -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=RelayBench -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>In one run, on 127.0.0.1 over TCP + Noise, node A publishes {@value #COUNT} messages of
 * {@value #PAYLOAD} bytes of payload on {@code /waku/2/rs/1/0} and node B receives them: paced at
 * {@value #PACED_RATE} messages per second, and as fast as the publisher can; {@value #RUNS} runs
 * of each. Unreported warm-up rounds of both come first: the js pair {@link #WARMUP_ROUNDS}, our
 * pair at least that many and more (up to {@link #MAX_WARMUP_ROUNDS}) while its JIT compilers are
 * still busy. The pairs:
 *
 * <ul>
 *   <li>two js-waku 0.0.27 relay nodes (mplex, js-waku's only muxer), driven by the {@code bench},
 *       {@code bench-expect} and {@code bench-complete} commands of {@code
 *       src/test/js/waku-relay-peer};
 *   <li>two of our {@link WakuV2Node}s (yamux, our first choice) in a JVM of their own, started by
 *       this test with {@link #main} once per entry of {@code -Drelaybench.jvmFlags} (flag sets
 *       separated by {@code |}; an empty set is the JVM's defaults; default {@value
 *       #DEFAULT_JVM_FLAGS}) and per Java home: this JVM's, plus any in {@code
 *       -Drelaybench.javaHomes} (comma-separated). A JVM of its own so that the measured process
 *       holds nothing but the pair (the js nodes are processes of their own too) and its GC can be
 *       chosen.
 * </ul>
 *
 * <p>Our publisher keeps at most {@value #MAX_IN_FLIGHT} publications unfinished (a publication
 * finishes once it is handed to the stream to B), so it is held back rather than overrunning the
 * per-peer send limit. B counts messages by their deterministic hash (loss, duplicates) and records
 * each one's latency in an HdrHistogram: from the send time written into the payload (paced: the
 * scheduled send time, so that a pause of the whole JVM is not hidden by a publisher that was
 * paused too) to the delivery to B's relay listener. js-waku: from the message timestamp (set at
 * the actual send) to the delivery to the fixture's handler. Rate = messages / (first send → last
 * arrival).
 *
 * <p>Prints a table and writes it to {@code target/relay-bench.txt}; each line carries the load
 * average when the run started and the CPU time the pair used (ours: the whole JVM, GC and JIT
 * included; js: each node process). Only correctness is asserted: every message of our pair arrives
 * exactly once. The figures are reported, never asserted. {@link #main} also runs our pair alone
 * (e.g. under a profiler).
 */
class RelayBench {
  static final int COUNT = 20_000;
  static final int PAYLOAD = 1024;
  static final int PACED_RATE = 10_000;
  static final int MAX_IN_FLIGHT = 1_000;
  static final int RUNS = 3;
  static final int WARMUP_ROUNDS = Integer.getInteger("relaybench.warmupRounds", 2);
  static final int MAX_WARMUP_ROUNDS = 25;
  static final String DEFAULT_JVM_FLAGS = "-XX:+UseZGC|";
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(1, 0);
  private static final String CONTENT_TOPIC = "/causeway/1/bench/proto";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration LONG = Duration.ofSeconds(300);
  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(10);
  private static final String RESULT_PREFIX = "RELAYBENCH-RESULT\t";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One measured run. */
  record Result(
      String who,
      String mode,
      int sent,
      int received,
      int duplicates,
      double msgPerSec,
      double p50Ms,
      double p99Ms,
      double maxMs,
      String load,
      String notes) {

    String line() {
      return String.format(
          Locale.ROOT,
          "| %-44s | %-16s | %6d | %6d | %4d | %4d | %7.0f | %7.2f | %7.2f | %7.2f | %-14s | %s |",
          who,
          mode,
          sent,
          received,
          sent - received,
          duplicates,
          msgPerSec,
          p50Ms,
          p99Ms,
          maxMs,
          load,
          notes);
    }

    /** One line for the parent process (fields contain no tabs). */
    String encode() {
      return RESULT_PREFIX
          + String.join(
              "\t",
              who,
              mode,
              Integer.toString(sent),
              Integer.toString(received),
              Integer.toString(duplicates),
              Double.toString(msgPerSec),
              Double.toString(p50Ms),
              Double.toString(p99Ms),
              Double.toString(maxMs),
              load,
              notes);
    }

    static Result decode(String line) {
      String[] f = line.substring(RESULT_PREFIX.length()).split("\t", -1);
      return new Result(
          f[0],
          f[1],
          Integer.parseInt(f[2]),
          Integer.parseInt(f[3]),
          Integer.parseInt(f[4]),
          Double.parseDouble(f[5]),
          Double.parseDouble(f[6]),
          Double.parseDouble(f[7]),
          Double.parseDouble(f[8]),
          f[9],
          f[10]);
    }
  }

  static final String HEADER =
      "| pair                                         | mode             |   sent |   recv | loss |"
          + " dups |   msg/s |  p50 ms |  p99 ms |  max ms | load 1/5/15    | notes |";
  static final String RULE = "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|";

  @Test
  void oursVersusJsWakuPair() throws Exception {
    JsWakuRelayPeer.assumeInteropEnabled();
    JsWakuRelayPeer.ensureInstalled();
    List<Result> results = new ArrayList<>(jsPair());
    List<Result> ours = new ArrayList<>();
    List<Path> homes = new ArrayList<>();
    homes.add(Path.of(System.getProperty("java.home")));
    for (String h : System.getProperty("relaybench.javaHomes", "").split(",")) {
      if (!h.isBlank()) {
        homes.add(Path.of(h.trim()));
      }
    }
    String flagSets = System.getProperty("relaybench.jvmFlags", DEFAULT_JVM_FLAGS);
    for (Path home : homes) {
      for (String flags : flagSets.split("\\|", -1)) {
        ours.addAll(
            ourPairInChildJvm(home, flags.isBlank() ? List.of() : List.of(flags.split(" "))));
      }
    }
    results.addAll(ours);
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "relay bench: %d messages x %d B payload on %s, 127.0.0.1 TCP + Noise, %d CPUs;"
                + " test JVM %s",
            COUNT,
            PAYLOAD,
            TOPIC,
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version")));
    lines.add("");
    lines.add(HEADER);
    lines.add(RULE);
    for (Result r : results) {
      lines.add(r.line());
    }
    lines.forEach(System.out::println);
    Path dir = Path.of(System.getProperty("basedir", "."), "target");
    Files.createDirectories(dir);
    Files.write(dir.resolve("relay-bench.txt"), lines, StandardCharsets.UTF_8);
    assertThat(ours).isNotEmpty();
    for (Result r : ours) {
      assertThat(r.received()).as(r.who() + " " + r.mode() + " delivered").isEqualTo(COUNT);
      assertThat(r.duplicates()).as(r.who() + " " + r.mode() + " duplicates").isZero();
    }
  }

  /**
   * Runs our pair in a JVM of its own ({@code <javaHome>/bin/java <flags> ... RelayBench child})
   * and collects its results.
   */
  private static List<Result> ourPairInChildJvm(Path javaHome, List<String> flags)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaHome.resolve("bin").resolve("java").toString());
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Drelaybench.warmupRounds=" + WARMUP_ROUNDS);
    cmd.add(RelayBench.class.getName());
    cmd.add("child");
    System.out.println("our pair: " + String.join(" ", cmd.subList(0, cmd.indexOf("-cp"))));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    List<Result> out = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith(RESULT_PREFIX)) {
                    synchronized (out) {
                      out.add(Result.decode(line));
                    }
                  } else {
                    System.out.println("[our pair] " + line);
                  }
                }
              } catch (IOException e) {
                // the child is gone
              }
            },
            "relaybench-child-output");
    reader.start();
    if (!p.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(p.exitValue()).as("exit code of the benchmark JVM " + cmd.get(0)).isZero();
    synchronized (out) {
      return List.copyOf(out);
    }
  }

  /**
   * Our pair: {@code RelayBench child} is what {@link #oursVersusJsWakuPair} starts; {@code
   * RelayBench [runs [fast|paced|both]]} prints a table instead (e.g. under JFR, with {@code
   * -Drelaybench.threads=true} for the CPU time of every thread).
   */
  public static void main(String[] args) throws Exception {
    boolean child = args.length > 0 && args[0].equals("child");
    int runs = child || args.length == 0 ? RUNS : Integer.parseInt(args[0]);
    String modes = !child && args.length > 1 ? args[1] : "both";
    List<Result> results = ourPair(runs, !"paced".equals(modes), !"fast".equals(modes));
    if (!child) {
      System.out.println(HEADER);
    }
    for (Result r : results) {
      System.out.println(child ? r.encode() : r.line());
    }
    System.exit(0); // Netty's and the nodes' daemon threads aside, nothing is left to wait for
  }

  // ------------------------------------------------------------------------------ our pair

  static List<Result> ourPair(int runs, boolean fast, boolean paced) throws Exception {
    List<Result> out = new ArrayList<>();
    try (WakuV2Node a = node(List.of());
        WakuV2Node b = node(List.of(a.listenAddresses().get(0)))) {
      awaitPeered(a, b.peerId());
      awaitPeered(b, a.peerId());
      Receiver rx = new Receiver();
      b.subscribe(TOPIC, rx::onMessage).get(10, TimeUnit.SECONDS);
      String who =
          String.format(
              Locale.ROOT, "causeway (yamux) JDK %s %s", Runtime.version().feature(), gcName());
      warmUp(a, rx, who);
      Map<String, Long> cpuBefore = threadCpuMillis();
      // Paced runs first: after the paced warm-up round, not right after a burst whose garbage
      // the collector would still be working through.
      for (int i = 0; paced && i < runs; i++) {
        out.add(run(a, rx, PACED_RATE, "paced " + PACED_RATE + "/s #" + (i + 1), who));
      }
      for (int i = 0; fast && i < runs; i++) {
        out.add(run(a, rx, 0, "fast #" + (i + 1), who));
      }
      if (Boolean.getBoolean("relaybench.threads")) {
        printThreadCpu(cpuBefore); // the measured runs only
      }
    }
    return out;
  }

  /**
   * JIT warm-up of both shapes of the data path (batched and one message at a time), not reported:
   * at least {@link #WARMUP_ROUNDS} rounds, then more (up to {@link #MAX_WARMUP_ROUNDS}) while the
   * JIT compilers still spend more than 0.5% of a round's time.
   */
  private static void warmUp(WakuV2Node a, Receiver rx, String who) throws Exception {
    dev.causeway.testing.JitWarmup.Result w =
        dev.causeway.testing.JitWarmup.untilSettled(
            WARMUP_ROUNDS,
            MAX_WARMUP_ROUNDS,
            () -> {
              run(a, rx, 0, "warm-up", who);
              run(a, rx, PACED_RATE, "warm-up", who);
            });
    System.out.printf(
        Locale.ROOT,
        "warm-up: %d rounds of %d fast + %d paced messages; JIT time in the last round %d ms%n",
        w.rounds(),
        COUNT,
        COUNT,
        w.lastRoundJitMillis());
  }

  private static WakuV2Node node(List<Multiaddr> staticNodes) throws Exception {
    WakuV2Config cfg =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                List.of(TOPIC))
            .withClusterId(1)
            .withStaticNodes(staticNodes);
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), Clock.systemUTC(), RANDOM);
    n.start();
    return n;
  }

  /** Waits until {@code n}'s router has {@code peer} subscribed and in its mesh. */
  private static void awaitPeered(WakuV2Node n, PeerId peer) throws Exception {
    GossipsubService g = n.relay().gossipsub();
    String t = TOPIC.toString();
    Await.until(
        WAIT,
        "the peer on the topic and in the mesh",
        () ->
            g.call(
                    () ->
                        g.router().topicPeers(t).contains(peer)
                            && g.router().meshPeers(t).contains(peer))
                .join());
  }

  /**
   * Publishes {@link #COUNT} messages from {@code a} ({@code perSecond} 0: as fast as possible with
   * at most {@link #MAX_IN_FLIGHT} unfinished publications) and waits until {@code rx} has them all
   * (or nothing more arrived for a while).
   */
  private static Result run(WakuV2Node a, Receiver rx, int perSecond, String mode, String who)
      throws Exception {
    String load = loadAverage();
    GossipMetrics am = a.relay().gossipsub().router().metrics();
    long droppedBefore = am.dropped(GossipMetrics.DropReason.QUEUE_FULL);
    long cpuBefore = processCpuNanos();
    byte[] filler = new byte[PAYLOAD];
    RANDOM.nextBytes(filler);
    Measurement m = new Measurement(COUNT);
    rx.start(m);
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long seqBase = System.nanoTime(); // distinct data (so distinct ids) in every run
    long start = System.nanoTime();
    long interval = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
    m.firstSend = start;
    for (int i = 0; i < COUNT; i++) {
      long sendTime;
      if (interval > 0) {
        sendTime = start + i * interval;
        long wait;
        while ((wait = sendTime - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        inFlight.acquire();
      } else {
        inFlight.acquire();
        sendTime = System.nanoTime();
      }
      byte[] payload = filler.clone();
      ByteBuffer.wrap(payload).putLong(seqBase + i).putLong(sendTime);
      WakuMessage msg =
          WakuMessage.of(payload, CONTENT_TOPIC, System.currentTimeMillis() * 1_000_000L);
      a.publish(TOPIC, msg)
          .whenComplete(
              (h, e) -> {
                inFlight.release();
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
    }
    long sendNanos = System.nanoTime() - start;
    inFlight.acquire(MAX_IN_FLIGHT);
    inFlight.release(MAX_IN_FLIGHT);
    if (failure.get() != null) {
      throw new AssertionError("publish failed", failure.get());
    }
    m.awaitAll(Duration.ofSeconds(20));
    rx.stop();
    long dropped = am.dropped(GossipMetrics.DropReason.QUEUE_FULL) - droppedBefore;
    long cpuNanos = processCpuNanos() - cpuBefore;
    String notes =
        String.format(
            Locale.ROOT,
            "publisher %.0f msg/s; CPU of the pair's JVM %.0f ms (%.0f msg per CPU-s)%s",
            COUNT / (sendNanos / 1e9),
            cpuNanos / 1e6,
            COUNT / (cpuNanos / 1e9),
            dropped == 0 ? "" : "; sender queue-full drops " + dropped);
    if (Measurement.OUTLIERS) {
      StringBuilder sb = new StringBuilder();
      synchronized (m) {
        for (int i = 0; i < m.outlierCount; i++) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  " %.3fs/%.2fms",
                  (m.outliers[2 * i] - Measurement.JVM_START_NANOS) / 1e9,
                  m.outliers[2 * i + 1] / 1e6));
        }
      }
      System.out.println("outliers (JVM uptime at send / latency) of " + mode + ":" + sb);
    }
    return m.result(who, mode, load, notes);
  }

  /** What B received in one run; recorded on B's gossipsub thread, read after the run. */
  static final class Measurement {
    /**
     * {@code -Drelaybench.outliers=true}: list the send times (JVM uptime, as in {@code
     * -Xlog:...:uptime}) of messages slower than 3 ms, to line them up with GC and safepoint logs.
     */
    static final boolean OUTLIERS = Boolean.getBoolean("relaybench.outliers");

    static final long OUTLIER_NANOS = TimeUnit.MILLISECONDS.toNanos(3);
    static final long JVM_START_NANOS =
        System.nanoTime()
            - TimeUnit.MILLISECONDS.toNanos(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    final long[] outliers = new long[400]; // (send time, latency) pairs, formatted after the run
    int outlierCount;
    final int expected;
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    final Set<MessageHash> hashes = new HashSet<>();
    int duplicates;
    volatile long firstSend;
    long lastArrival;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile int received;

    Measurement(int expected) {
      this.expected = expected;
    }

    synchronized void record(MessageHash h, long sentNanos, long now) {
      if (!hashes.add(h)) {
        duplicates++;
        return;
      }
      latency.recordValue(Math.max(0, now - sentNanos));
      if (OUTLIERS && now - sentNanos > OUTLIER_NANOS && outlierCount < outliers.length / 2) {
        outliers[2 * outlierCount] = sentNanos;
        outliers[2 * outlierCount + 1] = now - sentNanos;
        outlierCount++;
      }
      lastArrival = now;
      received = hashes.size();
      if (received == expected) {
        done.complete(null);
      }
    }

    /** Until all arrived, or {@code quiet} passed without a new arrival. */
    void awaitAll(Duration quiet) throws InterruptedException {
      int last = -1;
      while (received != last) {
        last = received;
        try {
          done.get(quiet.toMillis(), TimeUnit.MILLISECONDS);
          return;
        } catch (TimeoutException e) {
          // no completion yet: go on while messages still arrive
        } catch (ExecutionException e) {
          throw new AssertionError(e);
        }
      }
    }

    synchronized Result result(String who, String mode, String load, String notes) {
      double secs = (lastArrival - firstSend) / 1e9;
      return new Result(
          who,
          mode,
          expected,
          hashes.size(),
          duplicates,
          hashes.isEmpty() ? 0 : hashes.size() / secs,
          ms(latency.getValueAtPercentile(50)),
          ms(latency.getValueAtPercentile(99)),
          ms(latency.getMaxValue()),
          load,
          notes);
    }

    private static double ms(long nanos) {
      return nanos / 1e6;
    }
  }

  /** B's relay listener: hands each message to the current measurement. */
  static final class Receiver {
    private volatile Measurement current;

    void start(Measurement m) {
      current = m;
    }

    void stop() {
      current = null;
    }

    void onMessage(PubsubTopic topic, WakuMessage message, MessageHash hash) {
      long now = System.nanoTime();
      Measurement m = current;
      if (m == null || message.payloadLength() < 16) {
        return;
      }
      m.record(hash, ByteBuffer.wrap(message.payload(), 8, 8).getLong(), now);
    }
  }

  private static String gcName() {
    List<String> names = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(gc.getName());
    }
    String all = String.join(",", names);
    if (all.contains("ZGC Minor")) {
      return "ZGC (generational)";
    } else if (all.contains("ZGC")) {
      return "ZGC";
    } else if (all.contains("G1")) {
      return "G1";
    } else if (all.contains("PS ") || all.contains("Parallel")) {
      return "Parallel GC";
    }
    return all;
  }

  // ------------------------------------------------------------------------------ js-waku pair

  private static List<Result> jsPair() throws Exception {
    List<Result> out = new ArrayList<>();
    String[] options = {
      "--shard",
      "0",
      "--muxer",
      "mplex",
      "--transports",
      "tcp",
      "--no-connection-monitor",
      "--deadline-ms",
      Long.toString(Duration.ofMinutes(15).toMillis()),
      "--command-timeout-ms",
      Long.toString(LONG.toMillis())
    };
    PrivKey ka = Keys.generateEd25519(RANDOM);
    PrivKey kb = Keys.generateEd25519(RANDOM);
    String idA = PeerId.fromPublicKey(ka.publicKey()).toBase58();
    String idB = PeerId.fromPublicKey(kb.publicKey()).toBase58();
    try (JsWakuRelayPeer a = JsWakuRelayPeer.listen(JsWakuRelayPeer.keyHex(ka), options);
        JsWakuRelayPeer b =
            JsWakuRelayPeer.dial(JsWakuRelayPeer.keyHex(kb), a.awaitAddr("tcp", WAIT), options)) {
      a.awaitSubscribed(idB, TOPIC.toString(), WAIT);
      b.awaitSubscribed(idA, TOPIC.toString(), WAIT);
      String who = "js-waku 0.0.27 (mplex) node " + nodeVersion();
      int topic = 0;
      for (int i = 0; i < WARMUP_ROUNDS; i++) {
        jsRun(b, a, topic++, 0, "warm-up", who);
        jsRun(b, a, topic++, PACED_RATE, "warm-up", who);
      }
      for (int i = 0; i < RUNS; i++) {
        out.add(jsRun(b, a, topic++, PACED_RATE, "paced " + PACED_RATE + "/s #" + (i + 1), who));
      }
      for (int i = 0; i < RUNS; i++) {
        out.add(jsRun(b, a, topic++, 0, "fast #" + (i + 1), who));
      }
    }
    return out;
  }

  /**
   * {@code sender} publishes {@link #COUNT} messages, {@code receiver} counts them (the fixture's
   * bench commands, each run on a content topic of its own).
   */
  private static Result jsRun(
      JsWakuRelayPeer receiver,
      JsWakuRelayPeer sender,
      int topicNo,
      int perSecond,
      String mode,
      String who)
      throws InterruptedException {
    String contentTopic = "/causeway/1/bench-" + topicNo + "/proto";
    String load = loadAverage();
    receiver.run("bench-expect " + contentTopic + " " + COUNT, "bench-expect", WAIT);
    Map<String, Object> sent =
        sender.run(
            String.join(
                " ",
                "bench",
                TOPIC.toString(),
                contentTopic,
                Integer.toString(COUNT),
                Integer.toString(PAYLOAD),
                Integer.toString(perSecond)),
            "bench-published",
            LONG);
    Map<String, Object> got;
    try {
      got =
          receiver.awaitEvent(
              "bench-complete",
              e -> contentTopic.equals(e.get("contentTopic")),
              Duration.ofSeconds(20));
    } catch (AssertionError incomplete) {
      got = receiver.run("bench-stats " + contentTopic, "bench-stats", WAIT);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> latency = (Map<String, Object>) got.get("latencyMs");
    int distinct = num(got.get("distinct")).intValue();
    return new Result(
        who,
        mode,
        COUNT,
        distinct,
        num(got.get("count")).intValue() - distinct,
        num(got.get("msgPerSec")).doubleValue(),
        num(latency.get("p50")).doubleValue(),
        num(latency.get("p99")).doubleValue(),
        num(latency.get("max")).doubleValue(),
        load,
        String.format(
            Locale.ROOT,
            "publisher %s msg/s (%s published, %s failed); CPU of the publisher %s ms, of the"
                + " receiver %s ms",
            sent.get("msgPerSec"),
            sent.get("published"),
            sent.get("failed"),
            sent.get("cpuMs"),
            got.get("cpuMs")));
  }

  private static Number num(Object o) {
    return o instanceof Number n ? n : Double.NaN;
  }

  private static String nodeVersion() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return v;
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  // ------------------------------------------------------------------------------ helpers

  /** The 1/5/15-minute load average as {@code uptime} shows it (Linux), else the 1-minute one. */
  static String loadAverage() {
    try {
      String[] f =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return String.format(
          Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** CPU time of this JVM (all threads), or 0 if the JVM cannot tell. */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  /**
   * CPU time in ms of every thread of this process, summed by name with digits masked, JVM-internal
   * threads (GC, JIT) too; empty where {@code /proc} is missing (not Linux).
   */
  static Map<String, Long> threadCpuMillis() {
    Map<String, Long> ms = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#");
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // utime and stime, in clock ticks of 10 ms
          ms.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return ms;
  }

  /** Prints the CPU time each kind of thread used since {@code before}. */
  static void printThreadCpu(Map<String, Long> before) {
    threadCpuMillis()
        .forEach(
            (name, t) -> {
              long d = t - before.getOrDefault(name, 0L);
              if (d > 0) {
                System.out.printf(Locale.ROOT, "cpu %-20s %8d ms%n", name, d);
              }
            });
  }
}

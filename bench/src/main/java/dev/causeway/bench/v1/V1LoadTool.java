package dev.causeway.bench.v1;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import dev.causeway.v1.waku.WakuV1Config;
import dev.causeway.v1.waku.WakuV1Metrics;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Loopback load test of the {@code waku/1} flooding path: node A (one of our {@link WakuV1Node}s)
 * floods node B over RLPx on 127.0.0.1, and B counts what arrives.
 *
 * <p>A producer thread submits {@code envelopes} pre-built envelopes ({@code data-bytes} of random,
 * incompressible data each, the first four bytes being the envelope's index) to A with {@link
 * WakuV1Node#submit} as fast as A takes them; both nodes require PoW 0, so no mining happens and
 * the envelopes need no nonce search. A's flood timer ({@code flood-ms}) sends B what B does not
 * know, in Messages packets capped at 1 MiB. B's listener records each new envelope and its
 * delivery latency (submit → B's listener) in an HdrHistogram.
 *
 * <p>The run ends when all envelopes have arrived or after {@code timeout-s}; both nodes are closed
 * and the JVM exits with status 0 only when every envelope arrived. Output is {@code key=value}
 * lines on stdout. Arguments are {@code key=value}: {@code envelopes} (100000), {@code data-bytes}
 * (1024), {@code flood-ms} (300, the node default), {@code timeout-s} (60), {@code ttl-s} (300),
 * {@code warmup} (20000 envelopes sent through the same nodes first, not measured), {@code rate} (0
 * = submit as fast as A accepts; otherwise envelopes per second, for latency at a given load).
 *
 * <p>Both nodes run in this JVM with one I/O thread each and the system clock.
 */
public final class V1LoadTool {
  /*
   * Measuring: the rate is received envelopes over the time from the first submit to the last
   * arrival, so it includes draining A's pool. The largest packet is observed without touching
   * the node: MaxFrameRegistry records the largest single increment of A's frame-bytes counter,
   * i.e. the largest RLPx frame A sent (Snappy-compressed msg-data plus the message id, frame
   * header, MACs and padding). A packet over B's 1 MiB message limit would have made B drop the
   * connection (a disconnect counted in the registries and lost envelopes), and A refuses to send
   * one at all; the tool reports both.
   *
   * A warm-up round (its own envelopes, counted separately) lets the JIT compile the hot path
   * before the measured round; both rounds use the same connection.
   */

  private V1LoadTool() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    int envelopes = Integer.parseInt(opts.getOrDefault("envelopes", "100000"));
    int dataBytes = Integer.parseInt(opts.getOrDefault("data-bytes", "1024"));
    long floodMs = Long.parseLong(opts.getOrDefault("flood-ms", "300"));
    long timeoutS = Long.parseLong(opts.getOrDefault("timeout-s", "60"));
    long ttl = Long.parseLong(opts.getOrDefault("ttl-s", "300"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20000"));
    double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));
    if (dataBytes < 4 || envelopes < 1 || warmup < 0) {
      throw new IllegalArgumentException("need envelopes >= 1, warmup >= 0, data-bytes >= 4");
    }
    int total = warmup + envelopes;
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    MaxFrameRegistry regA = new MaxFrameRegistry();
    MaxFrameRegistry regB = new MaxFrameRegistry();

    AtomicLongArray submittedAt = new AtomicLongArray(total);
    AtomicInteger measuredArrived = new AtomicInteger();
    AtomicLong lastArrival = new AtomicLong();
    Recorder latency = new Recorder(3);
    CountDownLatch warmedUp = new CountDownLatch(warmup);
    CountDownLatch allArrived = new CountDownLatch(envelopes);
    AtomicReference<String> receiverThread = new AtomicReference<>();

    WakuV1Node b = node(regB, clock, random, List.of(), floodMs, total);
    b.addListener(
        (e, pow, from) -> {
          long now = System.nanoTime();
          receiverThread.compareAndSet(null, Thread.currentThread().getName());
          int index = e.dataBuffer().getInt(0);
          if (index < warmup) {
            warmedUp.countDown();
            return;
          }
          latency.recordValue(Math.max(0, now - submittedAt.get(index)));
          lastArrival.accumulateAndGet(now, Math::max);
          measuredArrived.incrementAndGet();
          allArrived.countDown();
        });
    b.start();
    WakuV1Node a = node(regA, clock, random, List.of(b.enode()), floodMs, total);
    int exit = 1;
    try {
      a.start();
      try {
        a.whenActivePeers(1).get(20, TimeUnit.SECONDS);
        b.whenActivePeers(1).get(20, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("nodes did not connect within 20 s", e);
      }

      Envelope[] batch = build(total, dataBytes, ttl, clock);
      int rejected = submit(a, batch, 0, warmup, submittedAt, 0);
      if (!warmedUp.await(timeoutS, TimeUnit.SECONDS)) {
        System.out.println("warmup_incomplete=" + (warmup - warmedUp.getCount()));
      }
      latency.reset();

      Map<String, Long> threadCpuStart = threadCpuNanos();
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      rejected += submit(a, batch, warmup, total, submittedAt, rate);
      long submitEnd = System.nanoTime();
      boolean complete = allArrived.await(timeoutS, TimeUnit.SECONDS);
      long end = complete ? lastArrival.get() : System.nanoTime();
      long cpu = processCpuNanos() - cpuStart;
      Map<String, Long> threadCpuEnd = threadCpuNanos();
      Histogram h = latency.getIntervalHistogram();

      int got = measuredArrived.get();
      double seconds = (end - start) / 1e9;
      out("envelopes", envelopes);
      out("data_bytes", dataBytes);
      out("flood_interval_ms", floodMs);
      out("warmup_envelopes", warmup);
      out("paced_rate_per_s", rate > 0 ? fmt(rate) : "unpaced");
      out("envelope_encoded_bytes", batch[warmup].encodedLength());
      out("submit_rejected", rejected);
      out("received", got);
      out("lost", envelopes - got);
      out("complete", complete);
      out("seconds", fmt(seconds));
      out("submit_rate_per_s", fmt(envelopes / ((submitEnd - start) / 1e9)));
      out("received_rate_per_s", fmt(got / seconds));
      out("cpu_cores_used", fmt(cpu / 1e9 / seconds));
      out("received_rate_per_cpu_s", fmt(got / (cpu / 1e9)));
      out("latency_p50_ms", fmt(h.getValueAtPercentile(50) / 1e6));
      out("latency_p99_ms", fmt(h.getValueAtPercentile(99) / 1e6));
      out("latency_max_ms", fmt(h.getMaxValue() / 1e6));
      out("a_max_frame_out_bytes", regA.maxFrameOut());
      out("b_max_frame_in_bytes", regB.maxFrameIn());
      out(
          "a_messages_packets_out",
          fmt(regA.counter("causeway_v1_waku_packets_total", "direction", "out")));
      out("a_envelopes_sent", fmt(a.metrics().envelopesSent()));
      out("a_frames_out", fmt(regA.counter("causeway_v1_frames_total", "direction", "out")));
      out("b_received_new", fmt(b.metrics().receivedCount(WakuV1Metrics.Received.NEW)));
      out("b_received_duplicate", fmt(b.metrics().receivedCount(WakuV1Metrics.Received.DUPLICATE)));
      double disconnects =
          regA.counter("causeway_v1_disconnects_total", "direction", "sent")
              + regA.counter("causeway_v1_disconnects_total", "direction", "received")
              + regB.counter("causeway_v1_disconnects_total", "direction", "sent")
              + regB.counter("causeway_v1_disconnects_total", "direction", "received");
      out("disconnects", fmt(disconnects));
      out(
          "breach_of_protocol_disconnects",
          fmt(
              regB.counter("causeway_v1_disconnects_total", "reason", breach())
                  + regA.counter("causeway_v1_disconnects_total", "reason", breach())));
      out("oversized_skipped", fmt(regA.counter("causeway_v1_envelopes_oversized_skipped_total")));
      out("b_listener_thread", receiverThread.get());
      for (Map.Entry<String, Long> t : threadCpuEnd.entrySet()) {
        long used = t.getValue() - threadCpuStart.getOrDefault(t.getKey(), 0L);
        if (used > 50_000_000L) {
          out("thread_cpu_s[" + t.getKey() + "]", fmt(used / 1e9));
        }
      }
      exit = complete && got == envelopes && rejected == 0 ? 0 : 1;
    } finally {
      a.close();
      b.close();
    }
    System.exit(exit);
  }

  private static String breach() {
    return DisconnectReason.BREACH_OF_PROTOCOL.name().toLowerCase(Locale.ROOT);
  }

  private static WakuV1Node node(
      MaxFrameRegistry registry,
      Clock clock,
      SecureRandom random,
      List<dev.causeway.v1.rlpx.Enode> staticPeers,
      long floodMs,
      int envelopes) {
    Devp2pConfig dev =
        Devp2pConfig.defaults(Secp256k1.KeyPair.random(random), "127.0.0.1", 0)
            .withStaticPeers(staticPeers)
            .withReconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
            .withIoThreads(1);
    WakuV1Config cfg =
        WakuV1Config.defaults(dev)
            .withMinPow(0)
            .withFloodInterval(Duration.ofMillis(floodMs))
            .withPoolCapacity(Math.max(200_000, envelopes + 1_000));
    return new WakuV1Node(cfg, registry, clock, random);
  }

  /** Envelopes expiring {@code ttl} seconds from now, nonce 0, data = index then random bytes. */
  private static Envelope[] build(int n, int dataBytes, long ttl, Clock clock) {
    Random r = new Random(42);
    long now = clock.instant().getEpochSecond();
    Topic topic = Topic.ofInt(0x5a5a5a5a);
    Envelope[] out = new Envelope[n];
    byte[] data = new byte[dataBytes];
    for (int i = 0; i < n; i++) {
      r.nextBytes(data);
      ByteBuffer.wrap(data).putInt(0, i);
      out[i] = Envelope.of(now + ttl, ttl, topic, data, 0);
    }
    return out;
  }

  /**
   * Submits envelopes [from, to) to {@code a}, at most {@code rate} per second if {@code rate > 0};
   * returns how many were rejected.
   */
  private static int submit(
      WakuV1Node a, Envelope[] batch, int from, int to, AtomicLongArray submittedAt, double rate) {
    int rejected = 0;
    long start = System.nanoTime();
    for (int i = from; i < to; i++) {
      if (rate > 0) {
        long due = start + (long) ((i - from) * 1e9 / rate);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      submittedAt.set(i, System.nanoTime());
      try {
        a.submit(batch[i]);
      } catch (WakuV1Node.PostException e) {
        rejected++;
      }
    }
    return rejected;
  }

  /** CPU time of every live thread, by name (names are unique here). */
  private static Map<String, Long> threadCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> m = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long ns = mx.getThreadCpuTime(t.getId());
      if (ns > 0) {
        m.merge(t.getName(), ns, Long::sum);
      }
    }
    return m;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got " + a);
      }
      m.put(a.substring(0, eq).replaceFirst("^--", ""), a.substring(eq + 1));
    }
    return m;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static void out(String key, Object value) {
    System.out.println(key + "=" + value);
  }
}

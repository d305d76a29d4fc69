package dev.causeway.bridge.pow;

import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * On-demand timing (not a test): the mining latency of one job at a time, the case of issue #5 (PoW
 * 0.2, ttl 5, 1 KiB), with 1 and with 2 worker threads. Each envelope is submitted, waited for,
 * then the next: the latency is submit to future completion on the caller. Same envelopes for every
 * thread count. Figures and command: docs/benchmarks-mining.md.
 */
final class MiningLatencyBench {
  private static final long NOW = 1_800_000_000L;

  private MiningLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int warmup = 500;
    Random r = new Random(0x6d696e65L);
    List<Envelope> envelopes = new ArrayList<>();
    for (int i = 0; i < warmup + count; i++) {
      byte[] data = new byte[1024];
      r.nextBytes(data);
      envelopes.add(Envelope.of(NOW + 5, 5, Topic.ofInt(0x0badcafe), data, 0));
    }
    System.out.printf(
        "%d envelopes of 1 KiB, PoW 0.2, ttl 5, one at a time (after %d warm-up)%n", count, warmup);
    System.out.println(
        "threads | mean ms | p50 ms | p90 ms | p99 ms | max ms | mean attempts | helped chunks %");
    for (int threads : new int[] {1, 2, 1, 2}) {
      Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      long attempts = 0;
      long helped = 0;
      try (MiningPool p =
          new MiningPool(
              "bench",
              MiningPool.Settings.of(threads, 10, 0.2),
              () -> 0.0,
              () -> NOW,
              System::nanoTime,
              new SimpleMeterRegistry())) {
        p.start();
        long helpedAtWarmup = 0;
        for (int i = 0; i < envelopes.size(); i++) {
          long t0 = System.nanoTime();
          MinedEnvelope m = p.submit(envelopes.get(i)).get(10, TimeUnit.SECONDS);
          long dt = System.nanoTime() - t0;
          if (i == warmup - 1) {
            helpedAtWarmup = p.helpedChunks();
          }
          if (i >= warmup) {
            h.recordValue(dt);
            attempts += m.attempts();
          }
        }
        helped = p.helpedChunks() - helpedAtWarmup;
      }
      System.out.printf(
          "%7d | %7.3f | %6.3f | %6.3f | %6.3f | %6.3f | %13d | %.1f%n",
          threads,
          h.getMean() / 1e6,
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(90) / 1e6,
          h.getValueAtPercentile(99) / 1e6,
          h.getMaxValue() / 1e6,
          attempts / count,
          100.0 * helped * MiningPool.CHUNK / attempts);
    }
  }
}

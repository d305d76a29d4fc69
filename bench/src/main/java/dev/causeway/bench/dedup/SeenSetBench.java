package dev.causeway.bench.dedup;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.causeway.dedup.SeenSet;
import dev.causeway.dedup.SeenSets;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SeenSet#markIfNew} throughput on a set pre-filled to its bound of {@code entries} keys
 * (one-hour window, the system ticker, no registry):
 *
 * <ul>
 *   <li>{@code markNew}: a key never seen before, so the set records it and, being full, evicts its
 *       oldest entry (compact) or a TinyLFU victim (caffeine): the steady state of a busy bridge.
 *   <li>{@code markSeen}: a key already in the set (a duplicate), cycling through 65,536 of the
 *       pre-filled keys.
 * </ul>
 *
 * Run with {@code -t 1} and {@code -t 2} to see lock contention. Key construction (a 16-byte array
 * filled from a counter) is part of {@code markNew}'s cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SeenSetBench {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int SEEN_KEYS = 1 << 16;

  @Param({"compact", "caffeine"})
  public String impl;

  @Param({"1000000"})
  public int entries;

  private SeenSet set;
  private byte[][] seen;
  private final AtomicLong threadIds = new AtomicLong();

  @Setup(Level.Trial)
  public void fill() {
    Duration window = Duration.ofHours(1);
    set =
        impl.equals("compact")
            ? SeenSets.compact("bench", window, entries, Ticker.systemTicker(), null)
            : SeenSets.caffeine("bench", window, entries, Ticker.systemTicker(), null);
    seen = new byte[SEEN_KEYS][];
    byte[] k = new byte[16];
    for (long i = 0; i < entries; i++) {
      key(k, 0, i);
      set.markIfNew(k);
      if (i >= entries - SEEN_KEYS) {
        seen[(int) (i % SEEN_KEYS)] = k.clone();
      }
    }
  }

  /**
   * Per-thread key source: thread t makes keys (t + 1, counter), disjoint from the fill's (0, i).
   */
  @State(Scope.Thread)
  public static class Keys {
    final byte[] key = new byte[16];
    long thread;
    long counter;
    int seenIndex;

    @Setup(Level.Trial)
    public void setup(SeenSetBench bench) {
      thread = bench.threadIds.incrementAndGet();
      seenIndex = (int) (thread * 7919);
    }
  }

  @Benchmark
  public boolean markNew(Keys keys) {
    key(keys.key, keys.thread, keys.counter++);
    return set.markIfNew(keys.key);
  }

  @Benchmark
  public boolean markSeen(Keys keys) {
    return set.markIfNew(seen[keys.seenIndex++ & (SEEN_KEYS - 1)]);
  }

  /** A hash-like key: both halves mixed (murmur3 fmix64) from (stream, n). */
  static void key(byte[] k, long stream, long n) {
    LONGS.set(k, 0, fmix64(n * 0x9E3779B97F4A7C15L + stream));
    LONGS.set(k, 8, fmix64(n ^ (stream << 48) ^ 0x5DEECE66DL));
  }

  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}

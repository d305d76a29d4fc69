package dev.causeway.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.causeway.testing.RandomInputs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Behaviour shared by both implementations, run against each; fake ticker throughout. */
class SeenSetTest {
  enum Impl {
    COMPACT,
    CAFFEINE;

    SeenSet create(String name, Duration window, int max, Ticker ticker, MeterRegistry registry) {
      return this == COMPACT
          ? SeenSets.compact(name, window, max, ticker, registry)
          : SeenSets.caffeine(name, window, max, ticker, registry);
    }
  }

  private static final Duration WINDOW = Duration.ofMinutes(5);

  private final FakeTicker ticker = new FakeTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ExecutorService pool;

  @AfterEach
  void stopPool() throws InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** A 32-byte key whose first 16 bytes are {@code (hi, lo)} and the rest {@code tail}. */
  static byte[] key(long hi, long lo, long tail) {
    return ByteBuffer.allocate(32).putLong(hi).putLong(lo).putLong(tail).putLong(~tail).array();
  }

  static byte[] key(long n) {
    return key(0x1234_5678_9abc_def0L ^ n, n, 0);
  }

  private double counter(String name, String set, String... tags) {
    var search = registry.find(name).tag("set", set);
    if (tags.length > 0) {
      search = search.tags(tags);
    }
    return search.counter().count();
  }

  private double gauge(String name, String set) {
    return registry.find(name).tag("set", set).gauge().value();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void newKeyIsNewOnceThenSeen(Impl impl) {
    SeenSet set = impl.create("v1", WINDOW, 100, ticker, registry);

    assertThat(set.contains(key(1))).isFalse();
    assertThat(set.markIfNew(key(1))).isTrue();
    assertThat(set.markIfNew(key(1))).isFalse();
    assertThat(set.markIfNew(key(1))).isFalse();
    assertThat(set.contains(key(1))).isTrue();
    assertThat(set.contains(key(2))).isFalse();
    assertThat(set.markIfNew(key(2))).isTrue();

    assertThat(set.size()).isEqualTo(2);
    assertThat(set.name()).isEqualTo("v1");
    assertThat(counter(SeenSetMetrics.INSERTS, "v1")).isEqualTo(2);
    assertThat(counter(SeenSetMetrics.HITS, "v1")).isEqualTo(2);
    assertThat(gauge(SeenSetMetrics.ENTRIES, "v1")).isEqualTo(2);
    assertThat(gauge(SeenSetMetrics.MEMORY, "v1")).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void keysAreIdentifiedByTheirFirst16Bytes(Impl impl) {
    SeenSet set = impl.create("fp", WINDOW, 100, ticker, null);
    assertThat(set.markIfNew(key(7, 8, 1))).isTrue();
    assertThat(set.markIfNew(Arrays.copyOf(key(7, 8, 2), 16))).isFalse();
    assertThat(set.contains(key(7, 9, 1))).isFalse();
    assertThat(set.contains(key(6, 8, 1))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void entryExpiresExactlyWhenTheWindowHasPassed(Impl impl) {
    SeenSet set = impl.create("exp", WINDOW, 100, ticker, registry);
    assertThat(set.markIfNew(key(1))).isTrue();
    ticker.advanceNanos(WINDOW.toNanos() - 1);
    assertThat(set.contains(key(1))).isTrue();
    assertThat(set.markIfNew(key(1))).isFalse();
    assertThat(set.size()).isEqualTo(1);

    ticker.advanceNanos(1);
    assertThat(set.contains(key(1))).isFalse();
    assertThat(set.size()).isZero();
    assertThat(set.markIfNew(key(1))).isTrue();
    assertThat(counter(SeenSetMetrics.EVICTIONS, "exp", "reason", "expired")).isEqualTo(1);
    assertThat(counter(SeenSetMetrics.EVICTIONS, "exp", "reason", "capacity")).isZero();

    // Recorded again at t = window, it lives until t = 2 * window.
    ticker.advanceNanos(WINDOW.toNanos() - 1);
    assertThat(set.contains(key(1))).isTrue();
    ticker.advanceNanos(1);
    assertThat(set.contains(key(1))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void aTickerGoingBackwardsNeverExpiresEntriesEarly(Impl impl) {
    SeenSet set = impl.create("back", WINDOW, 100, ticker, null);
    assertThat(set.markIfNew(key(1))).isTrue();
    ticker.advance(Duration.ofMinutes(-1));
    assertThat(set.contains(key(1))).isTrue();
    assertThat(set.markIfNew(key(2))).isTrue();
    ticker.advance(Duration.ofMinutes(1));
    ticker.advanceNanos(WINDOW.toNanos() - 1);
    assertThat(set.contains(key(1))).isTrue();
    ticker.advanceNanos(1);
    assertThat(set.contains(key(1))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void expiredEntriesAreCountedAsExpiredNotCapacity(Impl impl) {
    SeenSet set = impl.create("mix", WINDOW, 4, ticker, registry);
    for (int i = 0; i < 4; i++) {
      assertThat(set.markIfNew(key(i))).isTrue();
    }
    ticker.advance(WINDOW);
    for (int i = 10; i < 14; i++) {
      assertThat(set.markIfNew(key(i))).isTrue();
    }
    assertThat(set.size()).isEqualTo(4);
    assertThat(counter(SeenSetMetrics.EVICTIONS, "mix", "reason", "expired")).isEqualTo(4);
    assertThat(counter(SeenSetMetrics.EVICTIONS, "mix", "reason", "capacity")).isZero();
    for (int i = 10; i < 14; i++) {
      assertThat(set.contains(key(i))).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void capacityBoundsTheSetAndCountsEvictions(Impl impl) {
    int max = 8;
    int n = 20;
    SeenSet set = impl.create("cap", WINDOW, max, ticker, registry);
    for (int i = 0; i < n; i++) {
      assertThat(set.markIfNew(key(i))).isTrue();
      assertThat(set.size()).isLessThanOrEqualTo(max);
    }
    assertThat(set.size()).isEqualTo(max);
    assertThat(gauge(SeenSetMetrics.ENTRIES, "cap")).isEqualTo(max);
    assertThat(counter(SeenSetMetrics.INSERTS, "cap")).isEqualTo(n);
    assertThat(counter(SeenSetMetrics.EVICTIONS, "cap", "reason", "capacity")).isEqualTo(n - max);
    assertThat(counter(SeenSetMetrics.EVICTIONS, "cap", "reason", "expired")).isZero();
    int present = 0;
    for (int i = 0; i < n; i++) {
      if (set.contains(key(i))) {
        present++;
      }
    }
    assertThat(present).isEqualTo(max);
  }

  @Test
  void compactEvictsTheOldestWhenFull() {
    SeenSet set = SeenSets.compact("fifo", WINDOW, 8, ticker, null);
    for (int i = 0; i < 20; i++) {
      set.markIfNew(key(i));
      ticker.advanceNanos(1);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(set.contains(key(i))).as("key %d", i).isEqualTo(i >= 12);
    }
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void millionKeysAreAllFoundAndADisjointMillionIsNot(Impl impl) {
    int n = 1_000_000;
    SeenSet set = impl.create("1m", WINDOW, n, ticker, registry);
    byte[] k = new byte[16];
    // Set A has the top bit clear, set B has it set: disjoint by construction.
    SplittableRandom a = new SplittableRandom(1);
    int notNew = 0;
    for (int i = 0; i < n; i++) {
      if (!set.markIfNew(fill(k, a, false))) {
        notNew++;
      }
    }
    assertThat(notNew).isZero();
    ticker.advanceNanos(WINDOW.toNanos() - 1);
    assertThat(set.size()).isEqualTo(n);
    a = new SplittableRandom(1);
    int missing = 0;
    for (int i = 0; i < n; i++) {
      if (!set.contains(fill(k, a, false))) {
        missing++;
      }
    }
    assertThat(missing).isZero();
    SplittableRandom b = new SplittableRandom(2);
    int found = 0;
    for (int i = 0; i < n; i++) {
      if (set.contains(fill(k, b, true))) {
        found++;
      }
    }
    assertThat(found).isZero();
    assertThat(counter(SeenSetMetrics.EVICTIONS, "1m", "reason", "capacity")).isZero();
    assertThat(gauge(SeenSetMetrics.MEMORY, "1m") / n).isPositive();
    if (impl == Impl.COMPACT) {
      // The structure's own estimate is within the budget of 64 bytes per entry.
      assertThat(gauge(SeenSetMetrics.MEMORY, "1m")).isLessThanOrEqualTo(64.0 * n);
    }
    // All of them are still present when re-marked.
    a = new SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      if (set.markIfNew(fill(k, a, false))) {
        missing++;
      }
    }
    assertThat(missing).isZero();
    assertThat(counter(SeenSetMetrics.HITS, "1m")).isEqualTo(n);
  }

  private static byte[] fill(byte[] k, SplittableRandom r, boolean topBit) {
    long hi = r.nextLong();
    hi = topBit ? hi | Long.MIN_VALUE : hi & Long.MAX_VALUE;
    ByteBuffer.wrap(k).putLong(hi).putLong(r.nextLong());
    return k;
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void racingThreadsGetExactlyOneTruePerKey(Impl impl) throws Exception {
    int threads = 4;
    int keys = 20_000; // more than the compact set's initial ring: it grows during the race
    SeenSet set = impl.create("race", WINDOW, keys, ticker, registry);
    byte[][] all = new byte[keys][];
    for (int i = 0; i < keys; i++) {
      all[i] = key(i);
    }
    AtomicIntegerArray wins = new AtomicIntegerArray(keys);
    // All threads take the same batch of keys at the same time (a barrier per batch), so that
    // they race on each key rather than one thread running ahead of the others.
    int batch = 32;
    CyclicBarrier barrier = new CyclicBarrier(threads);
    pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      boolean reverse = (t & 1) == 1;
      done.add(
          pool.submit(
              () -> {
                for (int from = 0; from < keys; from += batch) {
                  barrier.await(60, TimeUnit.SECONDS);
                  int to = Math.min(keys, from + batch);
                  for (int j = from; j < to; j++) {
                    int i = reverse ? to - 1 - (j - from) : j;
                    if (set.markIfNew(all[i])) {
                      wins.incrementAndGet(i);
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    for (int i = 0; i < keys; i++) {
      assertThat(wins.get(i)).as("wins of key %d", i).isEqualTo(1);
    }
    assertThat(set.size()).isEqualTo(keys);
    assertThat(counter(SeenSetMetrics.INSERTS, "race")).isEqualTo(keys);
    assertThat(counter(SeenSetMetrics.HITS, "race")).isEqualTo((double) (threads - 1) * keys);
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void randomKeyLengthsFailOnlyWithIllegalArgumentWhenShort(Impl impl) {
    SeenSet set = impl.create("rand", WINDOW, 10_000, ticker, null);
    RandomInputs.forEachCase(
        2_000,
        r -> {
          byte[] k = RandomInputs.bytes(r, 64);
          if (k.length < 16) {
            assertThatThrownBy(() -> set.markIfNew(k))
                .isExactlyInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> set.contains(k))
                .isExactlyInstanceOf(IllegalArgumentException.class);
          } else {
            boolean seenBefore = set.contains(k);
            assertThat(set.markIfNew(k)).isEqualTo(!seenBefore);
            assertThat(set.contains(k)).isTrue();
            byte[] m = RandomInputs.mutate(r, k);
            if (m.length < 16) {
              assertThatThrownBy(() -> set.markIfNew(m))
                  .isExactlyInstanceOf(IllegalArgumentException.class);
            } else {
              set.markIfNew(m);
              assertThat(set.contains(m)).isTrue();
            }
          }
        });
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void factoriesRejectBadArguments(Impl impl) {
    assertThatThrownBy(() -> impl.create("x", Duration.ZERO, 10, ticker, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> impl.create("x", Duration.ofSeconds(-1), 10, ticker, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> impl.create("x", WINDOW, 0, ticker, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> impl.create(" ", WINDOW, 10, ticker, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> impl.create("x", WINDOW, 10, null, null))
        .isInstanceOf(NullPointerException.class);
  }
}

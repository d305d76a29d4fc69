package dev.causeway.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.testing.RandomInputs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact set's internals: lazy expiry, superseded slots, growth, and a model comparison. */
class CompactSeenSetTest {
  private final FakeTicker ticker = new FakeTicker();

  private CompactSeenSet compact(Duration window, int max) {
    return new CompactSeenSet("c", window, max, ticker, new SimpleMeterRegistry(), 42);
  }

  @Test
  void keyRecordedAgainAfterExpiryOutlivesItsOldSlot() {
    Duration window = Duration.ofSeconds(10);
    CompactSeenSet set = compact(window, 1000);
    // More fillers than one call pops, so key 999's old slot is still in the ring when it returns.
    int fillers = 2 * CompactSeenSet.EXPIRE_BUDGET;
    for (int i = 0; i < fillers; i++) {
      set.markIfNew(SeenSetTest.key(i));
    }
    set.markIfNew(SeenSetTest.key(999));
    ticker.advance(window);
    assertThat(set.markIfNew(SeenSetTest.key(999))).isTrue(); // superseded its old slot
    // Later calls pop the remaining fillers and the old slot; the new entry must survive that.
    for (int i = 0; i < 4; i++) {
      assertThat(set.contains(SeenSetTest.key(999))).isTrue();
    }
    assertThat(set.size()).isEqualTo(1);
    assertThat(set.metrics().expired()).isEqualTo(fillers + 1);
    assertThat(set.markIfNew(SeenSetTest.key(999))).isFalse();
    ticker.advanceNanos(window.toNanos() - 1);
    assertThat(set.contains(SeenSetTest.key(999))).isTrue();
    ticker.advanceNanos(1);
    assertThat(set.contains(SeenSetTest.key(999))).isFalse();
  }

  @Test
  void growsUpToMaxEntriesWithinTheMemoryBudget() {
    int max = 5000;
    CompactSeenSet set = compact(Duration.ofMinutes(1), max);
    assertThat(set.capacity()).isEqualTo(CompactSeenSet.INITIAL_SLOTS);
    for (int i = 0; i < 3 * max; i++) {
      set.markIfNew(SeenSetTest.key(i));
    }
    assertThat(set.capacity()).isEqualTo(max);
    long expected =
        2 * 16 + 3L * 8 * max + 4L * CompactSeenSet.indexSizeFor(max); // arrays + headers
    assertThat(set.memoryBytes()).isEqualTo(expected);
    assertThat(CompactSeenSet.indexSizeFor(max)).isGreaterThanOrEqualTo(2 * max);
    assertThat(CompactSeenSet.indexSizeFor(max)).isLessThan(4 * max);
    assertThat(set.metrics().capacity()).isEqualTo(2.0 * max);
  }

  @Test
  void maxEntriesAboveTheArrayLimitIsRejected() {
    assertThatThrownBy(
            () ->
                SeenSets.compact(
                    "big", Duration.ofMinutes(1), CompactSeenSet.MAX_ENTRIES + 1, ticker, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void indexSizeIsThePowerOfTwoAtLeastTwiceTheSlots() {
    for (int slots : new int[] {1, 2, 3, 1000, 1024, 1025, 1_000_000, CompactSeenSet.MAX_ENTRIES}) {
      int n = CompactSeenSet.indexSizeFor(slots);
      assertThat(Integer.bitCount(n)).isEqualTo(1);
      assertThat((long) n).isGreaterThanOrEqualTo(2L * slots);
      assertThat((long) n / 2).isLessThan(2L * slots);
    }
  }

  /**
   * Random operations against a reference model (insertion-ordered map, exact expiry, FIFO
   * eviction): every answer, the size and the insert/hit/capacity counts agree. Small key pools
   * make repeats, and small windows and capacities exercise expiry, superseding, wrap-around and
   * growth (maxEntries above INITIAL_SLOTS in some cases).
   */
  @Test
  void agreesWithAReferenceModel() {
    RandomInputs.forEachCase(
        60,
        r -> {
          int max = r.nextBoolean() ? 1 + r.nextInt(40) : 1 + r.nextInt(3000);
          long window = 1 + r.nextInt(2000);
          int pool = 1 + r.nextInt(3 * max);
          CompactSeenSet set =
              new CompactSeenSet("m", Duration.ofNanos(window), max, ticker, null, r.nextLong());
          Model model = new Model(window, max);
          for (int op = 0; op < 6000; op++) {
            if (r.nextInt(4) == 0) {
              ticker.advanceNanos(r.nextInt((int) Math.max(1, window / 8) + 1));
            }
            long k = r.nextInt(pool);
            long now = ticker.read();
            switch (r.nextInt(5)) {
              case 0 ->
                  assertThat(set.contains(SeenSetTest.key(k)))
                      .as("contains op %d", op)
                      .isEqualTo(model.contains(k, now));
              case 1 -> assertThat(set.size()).as("size op %d", op).isEqualTo(model.size(now));
              default ->
                  assertThat(set.markIfNew(SeenSetTest.key(k)))
                      .as("markIfNew op %d", op)
                      .isEqualTo(model.markIfNew(k, now));
            }
          }
          assertThat(set.metrics().inserts()).isEqualTo(model.inserts);
          assertThat(set.metrics().hits()).isEqualTo(model.hits);
          assertThat(set.metrics().capacity()).isEqualTo(model.capacityEvictions);
        });
  }

  /** Exact semantics: present while now - t < window; FIFO eviction of live entries when full. */
  private static final class Model {
    final long window;
    final int max;
    final LinkedHashMap<Long, Long> entries = new LinkedHashMap<>();
    long inserts;
    long hits;
    long capacityEvictions;

    Model(long window, int max) {
      this.window = window;
      this.max = max;
    }

    void expire(long now) {
      for (Iterator<Map.Entry<Long, Long>> it = entries.entrySet().iterator(); it.hasNext(); ) {
        if (now - it.next().getValue() >= window) {
          it.remove();
        } else {
          break;
        }
      }
    }

    boolean contains(long k, long now) {
      expire(now);
      return entries.containsKey(k);
    }

    long size(long now) {
      expire(now);
      return entries.size();
    }

    boolean markIfNew(long k, long now) {
      expire(now);
      if (entries.containsKey(k)) {
        hits++;
        return false;
      }
      if (entries.size() == max) {
        Iterator<Long> it = entries.keySet().iterator();
        it.next();
        it.remove();
        capacityEvictions++;
      }
      entries.put(k, now);
      inserts++;
      return true;
    }
  }
}

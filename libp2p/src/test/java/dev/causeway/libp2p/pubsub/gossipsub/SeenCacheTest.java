package dev.causeway.libp2p.pubsub.gossipsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.pubsub.gossipsub.Fixtures.FakeClock;
import org.junit.jupiter.api.Test;

class SeenCacheTest {
  private final FakeClock clock = new FakeClock();

  static MessageId id(int n) {
    return MessageId.of(new byte[] {(byte) n, (byte) (n >>> 8)});
  }

  @Test
  void remembersIdsUntilTheTtlHasPassed() {
    SeenCache<String> c = new SeenCache<>(120_000, 100, clock);
    assertThat(c.add(id(1), "a")).isTrue();
    assertThat(c.add(id(1), "b")).isFalse();
    assertThat(c.get(id(1))).isEqualTo("a");
    long first = clock.now;
    clock.advance(60_000);
    c.add(id(2), "c");
    assertThat(c.firstSeen(id(1))).isEqualTo(first);
    clock.advance(59_999);
    assertThat(c.contains(id(1))).isTrue();
    clock.advance(1);
    assertThat(c.contains(id(1))).isFalse();
    assertThat(c.get(id(1))).isNull();
    assertThat(c.firstSeen(id(1))).isEqualTo(-1);
    assertThat(c.contains(id(2))).isTrue();
    assertThat(c.add(id(1), "again")).isTrue();
    clock.advance(120_000);
    c.expire();
    assertThat(c.size()).isZero();
    assertThat(c.evictions()).isZero();
  }

  @Test
  void evictsTheOldestWhenFull() {
    SeenCache<Integer> c = new SeenCache<>(120_000, 3, clock);
    for (int i = 0; i < 5; i++) {
      c.add(id(i), i);
      clock.advance(1);
    }
    assertThat(c.size()).isEqualTo(3);
    assertThat(c.contains(id(0))).isFalse();
    assertThat(c.contains(id(1))).isFalse();
    assertThat(c.get(id(4))).isEqualTo(4);
    assertThat(c.evictions()).isEqualTo(2);
  }

  @Test
  void rejectsNonPositiveBounds() {
    assertThatThrownBy(() -> new SeenCache<>(0, 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SeenCache<>(1, 0, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

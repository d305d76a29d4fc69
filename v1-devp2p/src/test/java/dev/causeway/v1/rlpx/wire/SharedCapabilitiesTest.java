package dev.causeway.v1.rlpx.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class SharedCapabilitiesTest {
  private static final Capability WAKU0 = new Capability("waku", 0);
  private static final Capability WAKU1 = new Capability("waku", 1);
  private static final Capability SHH6 = new Capability("shh", 6);
  private static final ToIntFunction<Capability> LENGTHS =
      c -> Map.of("waku", 128, "shh", 128, "eth", 17, "les", 23).get(c.name());

  @Test
  void wakuAloneStartsAt0x10() {
    SharedCapabilities s = SharedCapabilities.negotiate(List.of(WAKU1), List.of(WAKU1), LENGTHS);

    assertThat(s.entries()).containsExactly(new SharedCapabilities.Entry(WAKU1, 0x10, 128));
    assertThat(s.forMessageId(0x10).orElseThrow().capability()).isEqualTo(WAKU1);
    assertThat(s.forMessageId(0x8f).orElseThrow().capability()).isEqualTo(WAKU1);
    assertThat(s.forMessageId(0x90)).isEmpty();
    assertThat(s.forMessageId(0x0f)).isEmpty();
  }

  @Test
  void shhSortsBeforeWakuAndPushesItsOffsetTo0x90() {
    SharedCapabilities s =
        SharedCapabilities.negotiate(
            List.of(WAKU1, SHH6), List.of(new Capability("eth", 63), WAKU1, SHH6), LENGTHS);

    assertThat(s.entries())
        .containsExactly(
            new SharedCapabilities.Entry(SHH6, 0x10, 128),
            new SharedCapabilities.Entry(WAKU1, 0x90, 128));
    assertThat(s.byName("waku").orElseThrow().offset()).isEqualTo(0x90);
    assertThat(s.byName("shh").orElseThrow().offset()).isEqualTo(0x10);
    assertThat(s.forMessageId(0x8f).orElseThrow().capability()).isEqualTo(SHH6);
    assertThat(s.forMessageId(0x90).orElseThrow().capability()).isEqualTo(WAKU1);
    assertThat(s.forMessageId(0x10f).orElseThrow().capability()).isEqualTo(WAKU1);
    assertThat(s.forMessageId(0x110)).isEmpty();
  }

  @Test
  void picksHighestSharedVersionPerName() {
    // status-go advertises waku/0 and waku/1; we support both: waku/1 wins.
    SharedCapabilities s =
        SharedCapabilities.negotiate(List.of(WAKU0, WAKU1), List.of(WAKU1, WAKU0), LENGTHS);
    assertThat(s.entries()).containsExactly(new SharedCapabilities.Entry(WAKU1, 0x10, 128));

    // A version only one side has is not shared, even if it is higher.
    SharedCapabilities t =
        SharedCapabilities.negotiate(
            List.of(WAKU0, WAKU1), List.of(WAKU0, new Capability("waku", 2)), LENGTHS);
    assertThat(t.entries()).containsExactly(new SharedCapabilities.Entry(WAKU0, 0x10, 128));
  }

  @Test
  void ordersByNameWithDifferentLengths() {
    Capability les = new Capability("les", 2);
    Capability eth = new Capability("eth", 63);
    SharedCapabilities s =
        SharedCapabilities.negotiate(List.of(WAKU1, les, eth), List.of(eth, WAKU1, les), LENGTHS);

    assertThat(s.entries())
        .extracting(e -> e.capability().name() + "@" + e.offset())
        .containsExactly("eth@16", "les@33", "waku@56");
  }

  @Test
  void noSharedCapabilityIsEmpty() {
    SharedCapabilities s =
        SharedCapabilities.negotiate(List.of(WAKU1), List.of(WAKU0, SHH6), LENGTHS);
    assertThat(s.isEmpty()).isTrue();
    assertThat(s.entries()).isEmpty();
    assertThat(s.byName("waku")).isEmpty();
    assertThat(s.forMessageId(0x10)).isEmpty();
  }

  @Test
  void nameMatchIsCaseSensitive() {
    SharedCapabilities s =
        SharedCapabilities.negotiate(List.of(WAKU1), List.of(new Capability("Waku", 1)), LENGTHS);
    assertThat(s.isEmpty()).isTrue();
  }

  @Test
  void rejectsNegativeLength() {
    assertThatThrownBy(() -> SharedCapabilities.negotiate(List.of(WAKU1), List.of(WAKU1), c -> -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

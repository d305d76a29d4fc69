package dev.causeway.v1.waku.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopicBloomTest {
  static List<String> bloomVectors() {
    return VectorBlocks.lines("/vectors/v1-waku/topic-bloom.txt");
  }

  private static byte[] expectedBytes(String spec) {
    byte[] b = new byte[BloomFilter.LENGTH];
    for (String part : spec.split(",")) {
      String[] kv = part.split("=");
      b[Integer.parseInt(kv[0].substring("byte".length()))] = (byte) Integer.parseInt(kv[1], 16);
    }
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bloomVectors")
  void topicBloomsMatchSpecTable(String line) {
    String[] cols = line.split("\\s+");
    Topic t = Topic.fromHex(cols[0]);
    assertThat(t.toBloom().bytes()).isEqualTo(expectedBytes(cols[1]));
    assertThat(t.toGoBloom().bytes()).isEqualTo(expectedBytes(cols[2]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bloomVectors")
  void goStyleMatchAcceptsBothKindsOfFilter(String line) {
    Topic t = Topic.fromHex(line.split("\\s+")[0]);
    assertThat(t.toBloom().matches(t)).isTrue();
    assertThat(t.toGoBloom().matches(t)).isTrue();
    assertThat(BloomFilter.ofTopics(List.of(t))).isEqualTo(t.toBloom());
  }

  @Test
  void goBuiltFilterFailsStrictMatchWhereBitsCollide() {
    Topic t = Topic.fromHex("00010200");
    BloomFilter goFilter = t.toGoBloom();
    assertThat(goFilter.matches(t)).isTrue();
    assertThat(goFilter.matchesStrict(t)).isFalse();
    assertThat(t.toBloom().matchesStrict(t)).isTrue();
    assertThat(t.toBloom().contains(goFilter)).isTrue();
    assertThat(goFilter.contains(t.toBloom())).isFalse();
  }

  @Test
  void goStyleMatchEqualsSubsetTestOfGoBloom() {
    // Exhaustive over topics sharing structure: byte 3 selects the +256 offsets.
    BloomFilter partial = BloomFilter.ofTopics(List.of(Topic.fromHex("00010200")));
    for (int b3 = 0; b3 < 8; b3++) {
      for (int v = 0; v < 256; v += 3) {
        Topic t = Topic.ofInt((v << 24) | (1 << 16) | (2 << 8) | b3);
        assertThat(partial.matches(t)).isEqualTo(partial.contains(t.toGoBloom()));
        assertThat(partial.matchesStrict(t)).isEqualTo(partial.contains(t.toBloom()));
      }
    }
  }

  @Test
  void fullAndEmptyFilters() {
    Topic t = Topic.fromHex("deadbeef");
    assertThat(BloomFilter.FULL.matches(t)).isTrue();
    assertThat(BloomFilter.FULL.isFull()).isTrue();
    assertThat(BloomFilter.EMPTY.matches(t)).isFalse();
    assertThat(BloomFilter.EMPTY.isEmpty()).isTrue();
    assertThat(BloomFilter.ofTopics(Set.of())).isEqualTo(BloomFilter.EMPTY);
    assertThat(BloomFilter.EMPTY.or(t.toBloom())).isEqualTo(t.toBloom());
  }

  @Test
  void specBloomOfSeveralTopicsIsTheOr() {
    Topic a = Topic.fromHex("1a2b3c4d");
    Topic b = Topic.fromHex("f8f9fa07");
    BloomFilter both = BloomFilter.ofTopics(List.of(a, b));
    assertThat(both).isEqualTo(a.toBloom().or(b.toBloom()));
    assertThat(both.matches(a)).isTrue();
    assertThat(both.matches(b)).isTrue();
    assertThat(both.matches(Topic.fromHex("00010200"))).isFalse();
  }

  @Test
  void rejectsWrongLengths() {
    assertThatThrownBy(() -> BloomFilter.of(new byte[63]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Topic.of(new byte[5])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void topicHexRoundTripAndEquality() {
    Topic t = Topic.fromHex("0x1A2B3C4D");
    assertThat(t.toHex()).isEqualTo("1a2b3c4d");
    assertThat(t).isEqualTo(Topic.of(new byte[] {0x1a, 0x2b, 0x3c, 0x4d}));
    assertThat(t.hashCode()).isEqualTo(Topic.ofInt(0x1a2b3c4d).hashCode());
    assertThat(t.toInt()).isEqualTo(0x1a2b3c4d);
  }

  @Test
  void topicFilterModes() {
    Topic a = Topic.fromHex("1a2b3c4d");
    Topic b = Topic.fromHex("00000001");
    TopicFilter interest = TopicFilter.topics(List.of(a));
    assertThat(interest.matches(a)).isTrue();
    assertThat(interest.matches(b)).isFalse();
    assertThat(TopicFilter.topics(List.of()).matches(a)).isFalse();
    assertThat(TopicFilter.bloom(BloomFilter.FULL)).isSameAs(TopicFilter.ALL);
    assertThat(TopicFilter.bloom(a.toBloom()).matches(a)).isTrue();
    assertThat(TopicFilter.bloom(BloomFilter.EMPTY).matches(a)).isFalse();
  }
}

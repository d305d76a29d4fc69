package dev.causeway.v1.waku.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.hex.Hex;
import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.VectorBlocks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@code vectors/v1-waku/status-options.txt} (spec v1-waku.md §3.1). */
class StatusOptionsVectorTest {
  static List<VectorBlocks.Block> vectors() {
    return VectorBlocks.blocks("/vectors/v1-waku/status-options.txt");
  }

  private static Boolean bool(String v) {
    return v.equals("absent") ? null : Boolean.valueOf(v);
  }

  private static StatusOptions expected(VectorBlocks.Block v) {
    StatusOptions.Builder b = StatusOptions.builder();
    if (!v.get("pow").equals("absent")) {
      b.powRequirement(Double.parseDouble(v.get("pow")));
    }
    String bloom = v.get("bloom");
    if (bloom.equals("full")) {
      b.bloom(BloomFilter.FULL);
    } else if (!bloom.equals("absent")) {
      b.bloom(BloomFilter.fromHex(bloom));
    }
    b.lightNode(bool(v.get("light")));
    b.confirmationsEnabled(bool(v.get("confirmations")));
    String ti = v.get("topic_interest");
    if (ti.equals("none")) {
      b.topicInterest(List.of());
    } else if (!ti.equals("absent")) {
      List<Topic> topics = new ArrayList<>();
      for (String t : ti.split(",")) {
        topics.add(Topic.fromHex(t));
      }
      b.topicInterest(topics);
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesToTheListedOptions(VectorBlocks.Block v) throws Exception {
    assertThat(StatusOptions.readFrom(Hex.decode(v.get("hex")))).isEqualTo(expected(v));
    assertThat(StatusMessage.readFrom(Hex.decode(v.get("hex"))).options()).isEqualTo(expected(v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encodesToTheListedBytes(VectorBlocks.Block v) {
    assertThat(Hex.encode(expected(v).encode())).isEqualTo(v.get("hex"));
    assertThat(Hex.encode(new StatusUpdateMessage(expected(v)).encode())).isEqualTo(v.get("hex"));
  }
}

package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Published autosharding vectors (spec v2-message-relay-sharding.md §6.2). */
class AutoshardingVectorTest {
  static List<String> vectors() {
    return VectorFiles.lines("/vectors/v2-message-relay-sharding/autosharding.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void shardMatchesPublishedVector(String line) throws Exception {
    String[] c = line.split("\\s+");
    ContentTopic t = ContentTopic.parse(c[0]);
    int count = Integer.parseInt(c[1]);
    int expected = Integer.parseInt(c[2]);
    assertThat(Autosharding.shardIndex(t, count)).isEqualTo(expected);
    Autosharding net = new Autosharding(7, count);
    assertThat(net.shardIndex(t)).isEqualTo(expected);
    assertThat(net.pubsubTopic(c[0]).toString()).isEqualTo("/waku/2/rs/7/" + expected);
  }

  @Test
  void specExampleHashIsAppThenVersionWithoutSeparator() throws Exception {
    byte[] h =
        MessageDigest.getInstance("SHA-256").digest("myapp1".getBytes(StandardCharsets.UTF_8));
    assertThat(HexFormat.of().formatHex(h))
        .isEqualTo("8e541178adbd8126068c47be6a221d77d64837221893a8e4e53139fb802d4928");
    assertThat(Autosharding.theWakuNetwork().pubsubTopic(ContentTopic.of("myapp", "1", "x", "y")))
        .isEqualTo(PubsubTopic.staticShard(1, 0));
  }

  @Test
  void onlyApplicationAndVersionRoute() throws Exception {
    Autosharding twn = Autosharding.theWakuNetwork();
    assertThat(twn.shardIndex(ContentTopic.parse("/toychat/2/a/proto")))
        .isEqualTo(twn.shardIndex(ContentTopic.parse("/toychat/2/zzz/cbor")));
  }

  @Test
  void theWakuNetworkIsClusterOneWithEightShards() {
    Autosharding twn = Autosharding.theWakuNetwork();
    assertThat(twn.clusterId()).isEqualTo(1);
    assertThat(twn.shardCount()).isEqualTo(8);
  }

  @Test
  void refusesGenerationAboveZeroAndTopicsWithoutSlash() {
    Autosharding twn = Autosharding.theWakuNetwork();
    assertThatThrownBy(() -> twn.pubsubTopic("/1/toychat/2/huilong/proto"))
        .isInstanceOfSatisfying(
            ContentTopicException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ContentTopicException.Reason.UNSUPPORTED_GENERATION);
              assertThat(e.getMessage()).isEqualTo("Generation > 0 are not supported yet");
            });
    assertThatThrownBy(() -> twn.pubsubTopic("invalid"))
        .isInstanceOfSatisfying(
            ContentTopicException.class,
            e -> assertThat(e.reason()).isEqualTo(ContentTopicException.Reason.NO_LEADING_SLASH));
  }

  @Test
  void refusesShardCountsOutsideOneTo1024() throws Exception {
    ContentTopic t = ContentTopic.parse("/toychat/2/huilong/proto");
    assertThatThrownBy(() -> Autosharding.shardIndex(t, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Autosharding(1, 1025))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Autosharding(65536, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Autosharding.shardIndex(t, 1024)).isBetween(0, 1023);
  }
}

package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.testing.RandomInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pubsub topics: static shards and named topics (spec v2-message-relay-sharding.md §4.2, §6.1). */
class PubsubTopicTest {
  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({"0,0", "1,3", "16,1023", "65535,0", "1,7"})
  void formatsAndParsesStaticShards(int cluster, int shard) throws Exception {
    PubsubTopic t = PubsubTopic.staticShard(cluster, shard);
    assertThat(t).hasToString("/waku/2/rs/" + cluster + "/" + shard);
    PubsubTopic back = PubsubTopic.parse(t.toString());
    assertThat(back).isEqualTo(t);
    assertThat(back.isStaticShard()).isTrue();
    assertThat(back.clusterId()).isEqualTo(cluster);
    assertThat(back.shardId()).isEqualTo(shard);
  }

  @Test
  void defaultIsTheHistoricalNamedTopic() throws Exception {
    assertThat(PubsubTopic.DEFAULT).hasToString("/waku/2/default-waku/proto");
    PubsubTopic parsed = PubsubTopic.parse("/waku/2/default-waku/proto");
    assertThat(parsed).isSameAs(PubsubTopic.DEFAULT);
    assertThat(parsed.isStaticShard()).isFalse();
    assertThatThrownBy(parsed::clusterId).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(parsed::shardId).isInstanceOf(IllegalStateException.class);
    assertThat(PubsubTopic.parse("/waku/2/other").isStaticShard()).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'', NOT_WAKU2",
    "/waku/1/rs/1/1, NOT_WAKU2",
    "waku/2/rs/1/1, NOT_WAKU2",
    "/waku/2/, EMPTY_NAME",
    "/waku/2/rs, BAD_STATIC_SHARD",
    "/waku/2/rsx/1/1, BAD_STATIC_SHARD",
    "/waku/2/rs/, BAD_STATIC_SHARD",
    "/waku/2/rs/1, BAD_STATIC_SHARD",
    "/waku/2/rs/1/, BAD_STATIC_SHARD",
    "/waku/2/rs//1, BAD_STATIC_SHARD",
    "/waku/2/rs/01/1, BAD_STATIC_SHARD",
    "/waku/2/rs/1/01, BAD_STATIC_SHARD",
    "/waku/2/rs/+1/1, BAD_STATIC_SHARD",
    "/waku/2/rs/1/1/2, BAD_STATIC_SHARD",
    "/waku/2/rs/1/2x, BAD_STATIC_SHARD",
    "/waku/2/rs/1/1234567, BAD_STATIC_SHARD",
    "/waku/2/rs/65536/0, CLUSTER_OUT_OF_RANGE",
    "/waku/2/rs/1/1024, SHARD_OUT_OF_RANGE"
  })
  void refusesMalformedTopicsWithTheirReason(String topic, PubsubTopicException.Reason reason) {
    assertThatThrownBy(() -> PubsubTopic.parse(topic))
        .isInstanceOfSatisfying(
            PubsubTopicException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void staticShardFactoryRefusesOutOfRangeValues() {
    assertThatThrownBy(() -> PubsubTopic.staticShard(-1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PubsubTopic.staticShard(65536, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PubsubTopic.staticShard(1, 1024))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomTextOnlyGivesTypedErrorsAndParsedTopicsReparse() {
    String[] pieces = {"/waku/2/rs/", "/waku/2/", "1", "0", "9", "/", "rs", "x", "65535", "1023"};
    RandomInputs.forEachCase(
        3000,
        r -> {
          StringBuilder sb = new StringBuilder();
          int n = r.nextInt(6);
          for (int i = 0; i < n; i++) {
            sb.append(pieces[r.nextInt(pieces.length)]);
          }
          PubsubTopic t;
          try {
            t = PubsubTopic.parse(sb.toString());
          } catch (PubsubTopicException expected) {
            return;
          }
          assertThat(t.toString()).isEqualTo(sb.toString());
          if (t.isStaticShard()) {
            assertThat(PubsubTopic.staticShard(t.clusterId(), t.shardId())).isEqualTo(t);
          }
        });
  }
}

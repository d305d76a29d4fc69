package dev.causeway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.PubsubTopic;
import java.util.List;
import org.junit.jupiter.api.Test;

class V2TopicsTest {
  private static final ContentTopic CT = content("/toychat/2/huilong/proto");

  private static ContentTopic content(String s) {
    try {
      return ContentTopic.parse(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static PubsubTopic pubsub(String s) {
    try {
      return PubsubTopic.parse(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void cluster0WithoutTopicFlagsRelaysTheDefaultPubsubTopic() {
    assertThat(new V2Topics(0, null).subscriptions(List.of(), List.of(), List.of()))
        .containsExactly(PubsubTopic.DEFAULT);
  }

  @Test
  void cluster1WithoutTopicFlagsRelaysAllEightShards() {
    List<PubsubTopic> t = new V2Topics(1, null).subscriptions(List.of(), List.of(), List.of());
    assertThat(t)
        .hasSize(8)
        .startsWith(pubsub("/waku/2/rs/1/0"))
        .endsWith(pubsub("/waku/2/rs/1/7"));
  }

  @Test
  void shardsAreStaticShardTopicsOfTheCluster() {
    assertThat(new V2Topics(16, null).subscriptions(List.of(), List.of(32, 64), List.of()))
        .containsExactly(pubsub("/waku/2/rs/16/32"), pubsub("/waku/2/rs/16/64"));
  }

  @Test
  void contentTopicsOnCluster1AreAutosharded() {
    PubsubTopic expected = Autosharding.theWakuNetwork().pubsubTopic(CT);
    assertThat(new V2Topics(1, null).subscriptions(List.of(), List.of(), List.of(CT)))
        .containsExactly(expected);
    assertThat(new V2Topics(1, null).publishTopic(List.of(), List.of(), CT)).isEqualTo(expected);
  }

  @Test
  void numShardsInNetworkChangesTheAutoshardingModulus() {
    // With 3 shards /toychat/2/... lands on shard 1 (last 64 bits of the hash mod 3, see
    // Autosharding), with 8 (cluster 1's default) on the shard Autosharding computes for TWN.
    assertThat(new V2Topics(5, 3).carrier(CT)).isEqualTo(pubsub("/waku/2/rs/5/1"));
    assertThat(new V2Topics(1, 3).carrier(CT)).isEqualTo(pubsub("/waku/2/rs/1/1"));
  }

  @Test
  void contentTopicsOnCluster0TravelOnTheDefaultTopic() {
    assertThat(new V2Topics(0, null).publishTopic(List.of(), List.of(), CT))
        .isEqualTo(PubsubTopic.DEFAULT);
  }

  @Test
  void mixedFlagsAreMergedInOrderWithoutDuplicates() {
    PubsubTopic s0 = pubsub("/waku/2/rs/1/0");
    List<PubsubTopic> t =
        new V2Topics(1, null)
            .subscriptions(List.of(PubsubTopic.DEFAULT, s0), List.of(0, 3), List.of());
    assertThat(t).containsExactly(PubsubTopic.DEFAULT, s0, pubsub("/waku/2/rs/1/3"));
  }

  @Test
  void refusesAStaticShardTopicOfAnotherCluster() {
    assertThatThrownBy(
            () ->
                new V2Topics(0, null)
                    .subscriptions(List.of(pubsub("/waku/2/rs/1/0")), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster 1")
        .hasMessageContaining("--cluster-id is 0");
  }

  @Test
  void staticShardingOnlyNeedsExplicitTopics() {
    V2Topics t = new V2Topics(7, 0);
    assertThatThrownBy(() -> t.subscriptions(List.of(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--shard");
    assertThatThrownBy(() -> t.publishTopic(List.of(), List.of(), CT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no shard");
    assertThat(t.publishTopic(List.of(), List.of(2), CT)).isEqualTo(pubsub("/waku/2/rs/7/2"));
  }

  @Test
  void publishNeedsASingleTopic() {
    assertThatThrownBy(() -> new V2Topics(1, null).publishTopic(List.of(), List.of(0, 1), CT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one pubsub topic");
  }

  @Test
  void explicitPubsubTopicWinsOverAutosharding() {
    assertThat(new V2Topics(1, null).publishTopic(List.of(PubsubTopic.DEFAULT), List.of(), CT))
        .isEqualTo(PubsubTopic.DEFAULT);
  }

  @Test
  void refusesOutOfRangeNumbers() {
    assertThatThrownBy(() -> new V2Topics(65536, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new V2Topics(1, 1025)).isInstanceOf(IllegalArgumentException.class);
  }
}

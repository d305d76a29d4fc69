package dev.causeway.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.bridge.translate.SkipReason;
import dev.causeway.v2.core.PubsubTopic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** BridgeConfig defaults and checks; the bridge's metric names (no sockets). */
class BridgeConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    BridgeConfig c = BridgeConfig.defaults();
    assertThat(c.pubsubTopics()).containsExactly(PubsubTopic.DEFAULT);
    assertThat(c.pubsubTopics().get(0).toString()).isEqualTo("/waku/2/default-waku/proto");
    assertThat(c.v2ToV1Ttl()).isEqualTo(10);
    assertThat(c.powFloor()).isEqualTo(0.002);
    assertThat(c.timestampTolerance()).isEqualTo(Duration.ofSeconds(20));
    // Out-of-tolerance v2 timestamps are skipped, not restamped (two bridges would disagree).
    assertThat(c.restampOutOfTolerance()).isFalse();
    assertThat(c.toBuilder().restampOutOfTolerance(true).build().restampOutOfTolerance()).isTrue();
    assertThat(c.dedupWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.dedupMaxEntries()).isEqualTo(1_000_000);
    assertThat(c.queueCapacity()).isEqualTo(10_000);
    assertThat(c.miningThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> BridgeConfig.builder().pubsubTopics(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BridgeConfig.builder().v2ToV1Ttl(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BridgeConfig.builder().powFloor(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BridgeConfig.builder().queueCapacity(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BridgeConfig.builder().dedupWindow(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void metricsUseCausewayAndNwakuNames() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    IntSupplier three = () -> 3;
    BridgeMetrics m =
        new BridgeMetrics(r, Map.of(Direction.V1_TO_V2, three, Direction.V2_TO_V1, () -> 0));
    m.transferred(Direction.V1_TO_V2);
    m.skipped(Direction.V2_TO_V1, SkipReason.DUPLICATE);
    m.skipped(Direction.V1_TO_V2, SkipReason.DUPLICATE);
    m.skipped(Direction.V2_TO_V1, SkipReason.BAD_CONTENT_TOPIC);
    m.skipped(Direction.V2_TO_V1, SkipReason.OTHER_CONTENT_TOPIC);
    m.dropped(Direction.V2_TO_V1, DropReason.POW_NOT_REACHED);

    assertThat(
            r.get("causeway_bridge_transfers_total")
                .tag("direction", "v1_to_v2")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    assertThat(r.get("waku_bridge_transfers").tag("type", "v1_to_v2").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(
            r.get("causeway_bridge_skipped_total")
                .tags("direction", "v2_to_v1", "reason", "duplicate")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    assertThat(r.get("waku_bridge_dropped").tag("type", "duplicate").functionCounter().count())
        .isEqualTo(2.0);
    assertThat(r.get("waku_bridge_dropped").tag("type", "value_error").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(r.find("waku_bridge_dropped").tag("type", "other-content-topic").meters()).isEmpty();
    assertThat(
            r.get("causeway_bridge_dropped_total")
                .tags("direction", "v2_to_v1", "reason", "pow-not-reached")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    assertThat(r.get("causeway_bridge_queue_depth").tag("direction", "v1_to_v2").gauge().value())
        .isEqualTo(3.0);

    BridgeStats.DirectionStats s = m.snapshot(Direction.V2_TO_V1, 0);
    assertThat(s.bridged()).isZero();
    assertThat(s.skipped())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("duplicate", 1L, "bad-content-topic", 1L, "other-content-topic", 1L));
    assertThat(s.dropped()).containsExactlyEntriesOf(Map.of("pow-not-reached", 1L));
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults are nwaku's (spec libp2p-gossipsub.md §8.3, §9) and the bounds are checked. */
class GossipsubConfigTest {
  @Test
  void defaultsAreTheNwakuProfile() {
    GossipsubConfig c = GossipsubConfig.defaults();
    assertThat(new int[] {c.d(), c.dLow(), c.dHigh(), c.dLazy(), c.dScore(), c.dOut()})
        .containsExactly(6, 4, 8, 6, 6, 3);
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.historyLength()).isEqualTo(6);
    assertThat(c.historyGossip()).isEqualTo(3);
    assertThat(c.seenTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.fanoutTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.pruneBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.unsubscribeBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.floodPublish()).isTrue();
    assertThat(c.gossipThreshold()).isEqualTo(-100);
    assertThat(c.publishThreshold()).isEqualTo(-1000);
    assertThat(c.graylistThreshold()).isEqualTo(-10_000);
    assertThat(c.maxOutboundRpcSize()).isEqualTo(153_600);
    assertThat(c.inboundLimits().maxRpcSize()).isEqualTo(1 << 20);
    assertThat(c.protocols())
        .containsEntry("/meshsub/1.1.0", GossipVersion.V1_1)
        .containsEntry("/meshsub/1.0.0", GossipVersion.V1_0);
    assertThat(c.withProtocol("/app/relay/1", GossipVersion.V1_1).protocols())
        .containsEntry("/app/relay/1", GossipVersion.V1_1)
        .hasSize(4);
  }

  @Test
  void rejectsInconsistentDegreesAndThresholds() {
    GossipsubConfig c = GossipsubConfig.defaults();
    // go-waku's D = 4 with D_out = 3 breaks D_out <= D/2 (spec §9 note)
    assertThatThrownBy(() -> c.withDegrees(4, 4, 8, 4, 4, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.withDegrees(6, 7, 8, 6, 6, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.withDegrees(6, 4, 8, 6, 9, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.toBuilder().graylistThreshold(-1000).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.toBuilder().gossipThreshold(1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.toBuilder().historyGossip(7).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.toBuilder().seenTtl(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(c.withDegrees(0, 0, 0, 0, 0, 0).d()).isZero();
  }
}

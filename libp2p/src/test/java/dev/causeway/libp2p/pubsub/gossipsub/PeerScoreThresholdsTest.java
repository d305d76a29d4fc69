package dev.causeway.libp2p.pubsub.gossipsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Threshold predicates and ordering checks (spec libp2p-gossipsub.md §8.2). */
class PeerScoreThresholdsTest {
  private final PeerScoreThresholds th = new PeerScoreThresholds(-10, -20, -30, 5, 2);

  @Test
  void accessorsReturnTheConstructorValues() {
    assertThat(th.gossipThreshold()).isEqualTo(-10);
    assertThat(th.publishThreshold()).isEqualTo(-20);
    assertThat(th.graylistThreshold()).isEqualTo(-30);
    assertThat(th.acceptPXThreshold()).isEqualTo(5);
    assertThat(th.opportunisticGraftThreshold()).isEqualTo(2);
  }

  @Test
  void gossipAllowedAtThresholdAndRefusedBelow() {
    assertThat(th.acceptsGossip(-10)).isTrue();
    assertThat(th.acceptsGossip(Math.nextDown(-10.0))).isFalse();
  }

  @Test
  void publishAllowedAtThresholdAndRefusedBelow() {
    assertThat(th.acceptsPublish(-20)).isTrue();
    assertThat(th.acceptsPublish(Math.nextDown(-20.0))).isFalse();
  }

  @Test
  void graylistedOnlyStrictlyBelowThreshold() {
    assertThat(th.isGraylisted(-30)).isFalse();
    assertThat(th.isGraylisted(Math.nextDown(-30.0))).isTrue();
  }

  @Test
  void peerExchangeFollowedFromThresholdUp() {
    assertThat(th.acceptsPeerExchange(5)).isTrue();
    assertThat(th.acceptsPeerExchange(4.99)).isFalse();
  }

  @Test
  void opportunisticGraftWhenMedianBelowThreshold() {
    assertThat(th.triggersOpportunisticGraft(1.99)).isTrue();
    assertThat(th.triggersOpportunisticGraft(2)).isFalse();
  }

  @Test
  void allZeroIsAllowedAndOnlyTheSignMatters() {
    PeerScoreThresholds zero = new PeerScoreThresholds(0, 0, 0, 0, 0);
    assertThat(zero.acceptsGossip(0)).isTrue();
    assertThat(zero.acceptsGossip(-0.1)).isFalse();
    assertThat(zero.isGraylisted(-0.1)).isTrue();
  }

  @Test
  void rejectsOutOfOrderOrNonFiniteThresholds() {
    assertThatThrownBy(() -> new PeerScoreThresholds(1, -20, -30, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gossipThreshold");
    assertThatThrownBy(() -> new PeerScoreThresholds(-10, -5, -30, 0, 0))
        .hasMessageContaining("publishThreshold");
    assertThatThrownBy(() -> new PeerScoreThresholds(-10, -20, -15, 0, 0))
        .hasMessageContaining("graylistThreshold");
    assertThatThrownBy(() -> new PeerScoreThresholds(-10, -20, -30, -1, 0))
        .hasMessageContaining("acceptPXThreshold");
    assertThatThrownBy(() -> new PeerScoreThresholds(-10, -20, -30, 0, -1))
        .hasMessageContaining("opportunisticGraftThreshold");
    assertThatThrownBy(() -> new PeerScoreThresholds(Double.NaN, -20, -30, 0, 0))
        .hasMessageContaining("finite");
  }
}

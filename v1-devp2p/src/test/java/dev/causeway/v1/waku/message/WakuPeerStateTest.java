package dev.causeway.v1.waku.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import java.util.List;
import org.junit.jupiter.api.Test;

class WakuPeerStateTest {
  private static final Topic A = Topic.fromHex("1a2b3c4d");
  private static final Topic B = Topic.fromHex("00010200");

  private static Envelope on(Topic t) {
    return Envelope.of(1_700_000_050L, 50, t, new byte[10], 0);
  }

  @Test
  void absentKeysTakeStatusGoDefaults() {
    WakuPeerState s = WakuPeerState.fromStatus(StatusOptions.EMPTY);
    assertThat(s.powRequirement()).isEqualTo(0.001);
    assertThat(s.bloom()).isEqualTo(BloomFilter.FULL);
    assertThat(s.usesTopicInterest()).isFalse();
    assertThat(s.lightNode()).isFalse();
    assertThat(s.confirmationsEnabled()).isFalse();
    assertThat(s.packetRateLimits()).isEqualTo(RateLimits.NONE);
    assertThat(s.bytesRateLimits()).isEqualTo(RateLimits.NONE);
  }

  @Test
  void acceptsOnlyEnoughPow() {
    WakuPeerState s =
        WakuPeerState.fromStatus(StatusOptions.builder().powRequirement(0.002).build());
    assertThat(s.accepts(on(A), 0.002)).isTrue();
    assertThat(s.accepts(on(A), 0.0019)).isFalse();
  }

  @Test
  void bloomModeUsesGoStyleMatch() {
    // A filter built by a Go peer for B holds fewer bits than the spec bloom of B.
    WakuPeerState s =
        WakuPeerState.fromStatus(
            StatusOptions.builder().powRequirement(0.0).bloom(B.toGoBloom()).build());
    assertThat(s.accepts(on(B), 1)).isTrue();
    assertThat(s.accepts(on(A), 1)).isFalse();
  }

  @Test
  void topicInterestWinsOverBloomAndEmptyMeansNothing() {
    WakuPeerState s =
        WakuPeerState.fromStatus(
            StatusOptions.builder()
                .powRequirement(0.0)
                .bloom(BloomFilter.FULL)
                .topicInterest(List.of(A))
                .build());
    assertThat(s.usesTopicInterest()).isTrue();
    assertThat(s.bloom()).isNull();
    assertThat(s.accepts(on(A), 1)).isTrue();
    assertThat(s.accepts(on(B), 1)).isFalse();
    WakuPeerState none =
        WakuPeerState.fromStatus(StatusOptions.builder().topicInterest(List.of()).build());
    assertThat(none.accepts(on(A), 1)).isFalse();
  }

  @Test
  void updatesFollowStatusUpdateSemantics() {
    WakuPeerState s =
        WakuPeerState.fromStatus(
            StatusOptions.builder().powRequirement(0.2).topicInterest(List.of(A)).build());
    WakuPeerState bloom = s.withUpdate(StatusOptions.builder().bloom(B.toBloom()).build());
    assertThat(bloom.usesTopicInterest()).isFalse();
    assertThat(bloom.accepts(on(B), 1)).isTrue();
    assertThat(bloom.accepts(on(A), 1)).isFalse();
    assertThat(bloom.powRequirement()).isEqualTo(0.2);
    WakuPeerState cheaper = bloom.withUpdate(StatusOptions.builder().powRequirement(0.001).build());
    assertThat(cheaper.accepts(on(B), 0.01)).isTrue();
    assertThat(cheaper.withUpdate(StatusOptions.EMPTY)).isSameAs(cheaper);
    assertThat(cheaper.withUpdate(StatusOptions.builder().lightNode(true).build()).lightNode())
        .isTrue();
  }
}

package dev.causeway.v2.lightpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.RecordBuilderChecks;
import dev.causeway.v2.core.WakuMessageValidator;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LightPushConfigTest {
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(1, 0);

  @Test
  void defaultsAreTheDocumentedValues() {
    LightPushConfig d = LightPushConfig.defaults();
    assertThat(d.serveV2()).isTrue();
    assertThat(d.serveV3()).isTrue();
    assertThat(d.autosharding()).isNull();
    assertThat(d.pubsubTopics()).isEmpty();
    assertThat(d.validation()).isEqualTo(WakuMessageValidator.Config.theWakuNetwork());
    assertThat(d.maxRequestSize()).isEqualTo(LightPushCodec.MAX_REQUEST_SIZE);
    assertThat(d.rateLimit()).isNull();
    assertThat(d.maxTrackedPeers()).isEqualTo(10_000);
    assertThat(d.maxInFlight()).isEqualTo(1024);
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void everyFieldSurvivesACopyWithOneFieldChanged() throws Exception {
    LightPushConfig.RateLimit limit = new LightPushConfig.RateLimit(2, Duration.ofMinutes(1));
    RecordBuilderChecks.everyComponentSurvivesACopyWithOneChange(
        LightPushConfig.defaults(),
        Map.ofEntries(
            Map.entry("serveV2", false),
            Map.entry("serveV3", false),
            Map.entry("autosharding", Autosharding.theWakuNetwork()),
            Map.entry("pubsubTopics", Set.of(TOPIC)),
            Map.entry(
                "validation",
                WakuMessageValidator.Config.theWakuNetwork().withMaxClockGap(Duration.ofDays(1))),
            Map.entry("maxRequestSize", 64),
            Map.entry("rateLimit", limit),
            Map.entry("maxTrackedPeers", 3),
            Map.entry("maxInFlight", 4),
            Map.entry("requestTimeout", Duration.ofSeconds(5))));
    // and back: a copy can also clear the nullable ones
    LightPushConfig set =
        LightPushConfig.builder()
            .autosharding(Autosharding.theWakuNetwork())
            .rateLimit(limit)
            .build();
    LightPushConfig cleared = set.toBuilder().autosharding(null).rateLimit(null).build();
    assertThat(cleared).isEqualTo(LightPushConfig.defaults());
  }

  @Test
  void buildValidatesLikeTheConstructor() {
    assertThatThrownBy(() -> LightPushConfig.builder().serveV2(false).serveV3(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("serve at least one version");
    assertThatThrownBy(() -> LightPushConfig.defaults().toBuilder().maxInFlight(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits must be positive");
    assertThatThrownBy(() -> LightPushConfig.builder().validation(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("validation");
  }

  @Test
  void topicsAreCopiedAtBuild() {
    Set<PubsubTopic> topics = new HashSet<>(Set.of(TOPIC));
    LightPushConfig c = LightPushConfig.builder().pubsubTopics(topics).build();
    topics.clear();
    assertThat(c.pubsubTopics()).containsExactly(TOPIC);
  }
}

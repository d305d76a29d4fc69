package dev.causeway.v2.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.v2.core.RecordBuilderChecks;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterConfigTest {
  @Test
  void defaultsAreTheDocumentedValues() {
    FilterConfig d = FilterConfig.defaults();
    assertThat(d.maxPeers()).isEqualTo(1000);
    assertThat(d.maxCriteriaPerPeer()).isEqualTo(1000);
    assertThat(d.maxContentTopicsPerRequest()).isEqualTo(100);
    assertThat(d.subscriptionTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.maintenanceInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.requestsPerPeriod()).isEqualTo(30);
    assertThat(d.ratePeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.pushQueuePerPeer()).isEqualTo(256);
    assertThat(d.pushesInFlightPerPeer()).isEqualTo(8);
    assertThat(d.pushTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(d.unreachableTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.dedupTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.dedupMaxEntries()).isEqualTo(100_000);
  }

  @Test
  void everyFieldSurvivesACopyWithOneFieldChanged() throws Exception {
    RecordBuilderChecks.everyComponentSurvivesACopyWithOneChange(
        FilterConfig.defaults(),
        Map.ofEntries(
            Map.entry("maxPeers", 2),
            Map.entry("maxCriteriaPerPeer", 3),
            Map.entry("maxContentTopicsPerRequest", 4),
            Map.entry("subscriptionTimeout", Duration.ofSeconds(5)),
            Map.entry("maintenanceInterval", Duration.ofSeconds(6)),
            Map.entry("requestsPerPeriod", 7),
            Map.entry("ratePeriod", Duration.ofSeconds(8)),
            Map.entry("pushQueuePerPeer", 9),
            Map.entry("pushesInFlightPerPeer", 10),
            Map.entry("pushTimeout", Duration.ofSeconds(11)),
            Map.entry("unreachableTimeout", Duration.ofSeconds(12)),
            Map.entry("requestTimeout", Duration.ofSeconds(13)),
            Map.entry("dedupTtl", Duration.ofSeconds(14)),
            Map.entry("dedupMaxEntries", 15)));
  }

  @Test
  void buildValidatesLikeTheConstructor() {
    assertThatThrownBy(() -> FilterConfig.builder().maxPeers(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter limits must be positive");
    assertThatThrownBy(() -> FilterConfig.defaults().toBuilder().pushesInFlightPerPeer(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter limits must be positive");
    assertThatThrownBy(() -> FilterConfig.builder().dedupTtl(null).build())
        .isInstanceOf(NullPointerException.class);
  }
}

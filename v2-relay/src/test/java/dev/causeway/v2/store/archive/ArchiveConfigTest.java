package dev.causeway.v2.store.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.v2.core.RecordBuilderChecks;
import dev.causeway.v2.store.archive.ArchiveConfig.SqliteSynchronous;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveConfigTest {
  @Test
  void defaultsAreTheDocumentedValues() {
    ArchiveConfig d = ArchiveConfig.defaults();
    assertThat(d.batchSize()).isEqualTo(1000);
    assertThat(d.linger()).isEqualTo(Duration.ZERO);
    assertThat(d.queueCapacity()).isEqualTo(16384);
    assertThat(d.readPoolSize()).isEqualTo(4);
    assertThat(d.sqliteSynchronous()).isEqualTo(SqliteSynchronous.FULL);
    assertThat(d.sqliteCacheKiB()).isEqualTo(64 * 1024);
    assertThat(d.busyTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.maxHashesPerQuery()).isEqualTo(10_000);
    assertThat(d.maxContentTopicsPerQuery()).isEqualTo(100);
    assertThat(d.retentionDeleteChunk()).isEqualTo(10_000);
    assertThat(d.migrate()).isTrue();
    assertThat(ArchiveConfig.builder().build()).isEqualTo(d);
  }

  @Test
  void everyFieldSurvivesACopyWithOneFieldChanged() throws Exception {
    RecordBuilderChecks.everyComponentSurvivesACopyWithOneChange(
        ArchiveConfig.defaults(),
        Map.ofEntries(
            Map.entry("batchSize", 7),
            Map.entry("linger", Duration.ofMillis(5)),
            Map.entry("queueCapacity", 9),
            Map.entry("readPoolSize", 2),
            Map.entry("sqliteSynchronous", SqliteSynchronous.NORMAL),
            Map.entry("sqliteCacheKiB", 0),
            Map.entry("busyTimeout", Duration.ofSeconds(1)),
            Map.entry("queryTimeout", Duration.ofSeconds(2)),
            Map.entry("maxHashesPerQuery", 11),
            Map.entry("maxContentTopicsPerQuery", 12),
            Map.entry("retentionDeleteChunk", 13),
            Map.entry("migrate", false)));
  }

  @Test
  void buildValidatesLikeTheConstructor() {
    ArchiveConfig.Builder b = ArchiveConfig.defaults().toBuilder();
    assertThatThrownBy(() -> b.batchSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sizes must be positive");
    assertThatThrownBy(() -> ArchiveConfig.builder().maxHashesPerQuery(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits must be positive");
    assertThatThrownBy(() -> ArchiveConfig.builder().sqliteCacheKiB(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits must be positive");
    assertThatThrownBy(() -> ArchiveConfig.builder().queryTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durations must not be negative");
  }

  @Test
  void aBuilderDoesNotChangeTheConfigItWasMadeFrom() {
    ArchiveConfig d = ArchiveConfig.defaults();
    ArchiveConfig.Builder b = d.toBuilder();
    ArchiveConfig changed = b.batchSize(3).build();
    assertThat(d.batchSize()).isEqualTo(1000);
    assertThat(changed.batchSize()).isEqualTo(3);
  }
}

package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Protocol ids as nwaku's codecs.nim spells them (spec §5, §7 and the store/filter/lightpush
 * digests).
 */
class ProtocolIdsTest {
  @Test
  void idsAreDistinctWakuIds() {
    assertThat(ProtocolIds.ALL).doesNotHaveDuplicates().allMatch(id -> id.startsWith("/vac/waku/"));
    assertThat(ProtocolIds.ALL).hasSize(9);
  }

  @Test
  void relayAndMetadataIdsMatchTheSpec() {
    assertThat(ProtocolIds.RELAY).isEqualTo("/vac/waku/relay/2.0.0");
    assertThat(ProtocolIds.METADATA).isEqualTo("/vac/waku/metadata/1.0.0");
    assertThat(ProtocolIds.STORE_QUERY).isEqualTo("/vac/waku/store-query/3.0.0");
    assertThat(ProtocolIds.LIGHTPUSH_V3).isEqualTo("/vac/waku/lightpush/3.0.0");
  }
}

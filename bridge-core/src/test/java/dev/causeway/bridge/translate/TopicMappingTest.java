package dev.causeway.bridge.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.payload.Topics;
import dev.causeway.testing.RandomInputs;
import dev.causeway.v1.waku.envelope.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic mapping, spec bridge-mapping.md §2 (examples from there and from TOPICS). */
class TopicMappingTest {

  @ParameterizedTest
  @CsvSource({
    "00000000, /waku/1/0x00000000/rfc26",
    "ffffffff, /waku/1/0xffffffff/rfc26",
    "1a2b3c4d, /waku/1/0x1a2b3c4d/rfc26",
    "007f80ff, /waku/1/0x007f80ff/rfc26"
  })
  void mapsSpecExamplesBothWays(String hex, String contentTopic) throws Exception {
    Topic t = Topic.fromHex(hex);
    assertThat(TopicMapping.toContentTopic(t)).isEqualTo(contentTopic);
    assertThat(TopicMapping.toTopic(contentTopic)).isEqualTo(t);
  }

  @Test
  void statusPublicChatTopic() throws Exception {
    Topic status = Topic.of(Topics.toTopic("status"));
    assertThat(TopicMapping.toContentTopic(status)).isEqualTo("/waku/1/0xcd423760/rfc26");
  }

  @Test
  void acceptsUpperCaseHex() throws Exception {
    assertThat(TopicMapping.toTopic("/waku/1/0xCD423760/rfc26"))
        .isEqualTo(Topic.fromHex("cd423760"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/waku/1/cd423760/rfc26", // missing 0x: not tolerated
        "/waku/1/0Xcd423760/rfc26",
        "/waku/1/0xcd4237600/rfc26",
        "/waku/1/0xcd42376/rfc26",
        "/waku/1/0xcd42376g/rfc26",
        "/waku/1/0xcd42376\uff10/rfc26", // a full-width digit
        "/waku/1/0xcd423760/rlp",
        "/waku/1/0xcd423760/rfc26/",
        "/waku/1/0xcd423760",
        "/waku/1/"
      })
  void refusesMalformedV1Names(String ct) {
    assertThatThrownBy(() -> TopicMapping.toTopic(ct))
        .isInstanceOf(TranslationException.class)
        .extracting(e -> ((TranslationException) e).reason())
        .isEqualTo(SkipReason.BAD_CONTENT_TOPIC);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/toychat/2/huilong/proto", "/0/none/waku/1/0x1a2b3c4d/rfc26", "", "/waku/10/x/y"})
  void otherNamespacesAreNotBridged(String ct) {
    assertThatThrownBy(() -> TopicMapping.toTopic(ct))
        .isInstanceOf(TranslationException.class)
        .extracting(e -> ((TranslationException) e).reason())
        .isEqualTo(SkipReason.OTHER_CONTENT_TOPIC);
  }

  @Test
  void everyTopicRoundTrips() {
    RandomInputs.forEachCase(
        2000,
        r -> {
          Topic t = Topic.ofInt(r.nextInt());
          assertThat(TopicMapping.toTopic(TopicMapping.toContentTopic(t))).isEqualTo(t);
        });
  }

  @Test
  void randomStringsOnlyGiveTheTypedException() {
    RandomInputs.forEachCase(
        2000,
        r -> {
          StringBuilder sb = new StringBuilder(r.nextBoolean() ? "/waku/1/0x" : "");
          int n = r.nextInt(20);
          for (int i = 0; i < n; i++) {
            sb.append((char) (r.nextBoolean() ? r.nextInt(128) : r.nextInt(0x3000)));
          }
          try {
            Topic t = TopicMapping.toTopic(sb.toString());
            assertThat(TopicMapping.toContentTopic(t)).isEqualToIgnoringCase(sb.toString());
          } catch (TranslationException expected) {
            assertThat(expected.reason())
                .isIn(SkipReason.OTHER_CONTENT_TOPIC, SkipReason.BAD_CONTENT_TOPIC);
          }
        });
  }
}

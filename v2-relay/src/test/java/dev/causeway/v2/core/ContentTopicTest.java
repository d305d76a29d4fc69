package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.testing.RandomInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Content topic parsing (spec v2-message-relay-sharding.md §4.1). */
class ContentTopicTest {
  @Test
  void parsesShortForm() throws Exception {
    ContentTopic t = ContentTopic.parse("/toychat/2/huilong/proto");
    assertThat(t.application()).isEqualTo("toychat");
    assertThat(t.version()).isEqualTo("2");
    assertThat(t.name()).isEqualTo("huilong");
    assertThat(t.encoding()).isEqualTo("proto");
    assertThat(t.generation()).isZero();
    assertThat(t.hasGenerationPrefix()).isFalse();
    assertThat(t).hasToString("/toychat/2/huilong/proto");
  }

  @Test
  void parsesGenerationZeroPrefixAndKeepsTheTextAsWritten() throws Exception {
    ContentTopic t = ContentTopic.parse("/0/toychat/2/huilong/proto");
    assertThat(t.hasGenerationPrefix()).isTrue();
    assertThat(t.application()).isEqualTo("toychat");
    assertThat(t.encoding()).isEqualTo("proto");
    assertThat(t).hasToString("/0/toychat/2/huilong/proto");
    assertThat(t).isNotEqualTo(ContentTopic.parse("/toychat/2/huilong/proto"));
    assertThat(ContentTopic.parse("/00/a/1/b/c").hasGenerationPrefix()).isTrue();
  }

  @Test
  void parsesTheBridgeTopicForm() throws Exception {
    ContentTopic t = ContentTopic.parse("/waku/1/0x007f80ff/rfc26");
    assertThat(t.application()).isEqualTo("waku");
    assertThat(t.version()).isEqualTo("1");
    assertThat(t.name()).isEqualTo("0x007f80ff");
    assertThat(t.encoding()).isEqualTo("rfc26");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'', NO_LEADING_SLASH",
    "invalid, NO_LEADING_SLASH",
    "toychat/2/huilong/proto, NO_LEADING_SLASH",
    "/toychat/2/huilong, WRONG_PART_COUNT",
    "/, WRONG_PART_COUNT",
    "/0/toychat/2/huilong/proto/x, WRONG_PART_COUNT",
    "/toychat//huilong/proto, EMPTY_PART",
    "/toychat/2/huilong/, EMPTY_PART",
    "//toychat/2/huilong/proto, EMPTY_PART",
    "/x/toychat/2/huilong/proto, GENERATION_NOT_A_NUMBER",
    "/-1/toychat/2/huilong/proto, GENERATION_NOT_A_NUMBER",
    "/1/toychat/2/huilong/proto, UNSUPPORTED_GENERATION",
    "/99999999999999999999/a/1/b/c, UNSUPPORTED_GENERATION"
  })
  void refusesMalformedTopicsWithTheirReason(String topic, ContentTopicException.Reason reason) {
    assertThatThrownBy(() -> ContentTopic.parse(topic))
        .isInstanceOfSatisfying(
            ContentTopicException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void ofBuildsShortFormAndRefusesBadParts() throws Exception {
    ContentTopic t = ContentTopic.of("myapp", "1", "latest", "proto");
    assertThat(t).isEqualTo(ContentTopic.parse("/myapp/1/latest/proto"));
    assertThat(t.hashCode()).isEqualTo(ContentTopic.parse("/myapp/1/latest/proto").hashCode());
    assertThatThrownBy(() -> ContentTopic.of("a/b", "1", "c", "d"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContentTopic.of("a", "", "c", "d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomTextOnlyGivesTypedErrorsAndParsedTopicsReparse() {
    String alphabet = "/0123abc/-./";
    RandomInputs.forEachCase(
        3000,
        r -> {
          StringBuilder sb = new StringBuilder();
          int n = r.nextInt(30);
          for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
          }
          ContentTopic t;
          try {
            t = ContentTopic.parse(sb.toString());
          } catch (ContentTopicException expected) {
            return;
          }
          assertThat(ContentTopic.parse(t.toString())).isEqualTo(t);
          assertThat(t.toString()).isEqualTo(sb.toString());
        });
  }
}

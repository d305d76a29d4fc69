package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Published deterministic-hash vectors (spec v2-message-relay-sharding.md §3.1). */
class MessageHashVectorTest {
  static List<String> vectors() {
    return VectorFiles.lines("/vectors/v2-message-relay-sharding/message-hash.txt");
  }

  private static WakuMessage message(String[] c) {
    WakuMessage.Builder b =
        WakuMessage.builder()
            .payload(c[2].equals("-") ? new byte[0] : Hex.decode(c[2]))
            .contentTopic(c[3])
            .meta(c[4].equals("-") ? null : Hex.decode(c[4]));
    if (!c[5].equals("-")) {
      b.timestamp(Long.parseUnsignedLong(c[5], 16));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void hashMatchesPublishedVector(String line) {
    String[] c = line.split("\\s+");
    assertThat(c).hasSize(7);
    WakuMessage m = message(c);
    assertThat(MessageHash.of(c[1], m).to0xHex()).isEqualTo("0x" + c[6]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void hashSurvivesEncodeDecodeAndParsedTopic(String line) throws Exception {
    String[] c = line.split("\\s+");
    WakuMessage decoded = WakuMessage.readFrom(message(c).encode());
    assertThat(MessageHash.of(PubsubTopic.parse(c[1]), decoded).bytes())
        .isEqualTo(Hex.decode(c[6]));
  }

  @Test
  void versionEphemeralAndProofAreNotHashed() {
    String[] c = vectors().get(0).split("\\s+");
    WakuMessage m = message(c);
    WakuMessage other =
        m.toBuilder().version(1).ephemeral(true).rateLimitProof(new byte[] {1, 2, 3}).build();
    assertThat(MessageHash.of(c[1], other)).isEqualTo(MessageHash.of(c[1], m));
  }

  @Test
  void absentAndZeroTimestampHashAlikeButDifferFromJsWaku() {
    WakuMessage absent =
        WakuMessage.builder()
            .contentTopic("/waku/2/default-content/proto")
            .meta(Hex.decode("73757065722d736563726574"))
            .build();
    WakuMessage zero = absent.toBuilder().timestamp(0L).build();
    MessageHash h = MessageHash.of(PubsubTopic.DEFAULT, absent);
    assertThat(MessageHash.of(PubsubTopic.DEFAULT, zero)).isEqualTo(h);
    assertThat(h.to0xHex())
        .isNotEqualTo("0xe1a9596237dbe2cc8aaf4b838c46a7052df6bc0d42ba214b998a8bfdbe8487d6");
  }

  @Test
  void hashIsTopicSpecific() {
    WakuMessage m = WakuMessage.of(new byte[] {1}, "/a/1/b/c", 5);
    assertThat(MessageHash.of(PubsubTopic.staticShard(1, 0), m))
        .isNotEqualTo(MessageHash.of(PubsubTopic.staticShard(1, 1), m));
  }

  @Test
  void parsesAndRendersHex() {
    String hex = "0x64cce733fed134e83da02b02c6f689814872b1a0ac97ea56b76095c3c72bfe05";
    MessageHash h = MessageHash.parse(hex);
    assertThat(h.to0xHex()).isEqualTo(hex);
    assertThat(h.toString()).isEqualTo(hex);
    assertThat(MessageHash.parse(hex.substring(2))).isEqualTo(h);
    assertThat(MessageHash.fromBytes(h.bytes()).hashCode()).isEqualTo(h.hashCode());
    assertThatThrownBy(() -> MessageHash.fromBytes(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MessageHash.parse("0x1234"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

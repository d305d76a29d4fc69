package dev.causeway.common.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.hex.Hex;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Password-derived keys and topics against spec {@code payload-encryption.md} §7. */
class StatusConventionsVectorTest {

  static Stream<Arguments> passwordKeysAndTopics() {
    return VectorFiles.rows("password-keys-and-topics.txt").stream()
        .map(r -> Arguments.of(r[0], r[1], r[2]));
  }

  static Stream<Arguments> wrongIterations() {
    return VectorFiles.rows("pbkdf2-wrong-iterations.txt").stream()
        .map(r -> Arguments.of(r[0], Integer.parseInt(r[1]), r[2], r[3]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passwordKeysAndTopics")
  void passwordKeyMatchesVector(String name, String topicHex, String keyHex) {
    assertThat(Hex.encode(SymmetricKeys.fromPassword(name))).isEqualTo(keyHex);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passwordKeysAndTopics")
  void topicMatchesVector(String name, String topicHex, String keyHex) {
    assertThat(Hex.encode(Topics.toTopic(name))).isEqualTo(topicHex);
  }

  @ParameterizedTest(name = "{0} with {1} iterations")
  @MethodSource("wrongIterations")
  void mistakenIterationCountGivesTheDocumentedWrongKey(
      String password, int iterations, String prefix, String suffix) {
    String wrong = Hex.encode(SymmetricKeys.derive(password, iterations));
    assertThat(wrong).hasSize(64).startsWith(prefix).endsWith(suffix);
    assertThat(Hex.encode(SymmetricKeys.fromPassword(password))).isNotEqualTo(wrong);
    assertThat(SymmetricKeys.ITERATIONS).isNotEqualTo(iterations);
  }
}

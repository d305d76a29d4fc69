package dev.causeway.libp2p.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.testing.VectorFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs vectors/multiaddr/multiaddr.txt (spec libp2p-core.md §4.3, go-multiaddr, computed). */
class MultiaddrVectorTest {
  private static final String VECTORS = "/vectors/multiaddr/multiaddr.txt";

  static Stream<Arguments> valid() {
    return VectorFile.rows(VECTORS, "multiaddr").stream()
        .map(f -> Arguments.of(f[0], f[1], f[2], f[3].equals("=") ? f[1] : f[3]));
  }

  static Stream<Arguments> invalidText() {
    return VectorFile.rows(VECTORS, "invalid-text").stream().map(f -> Arguments.of(f[0], f[1]));
  }

  static Stream<Arguments> invalidBinary() {
    return VectorFile.rows(VECTORS, "invalid-binary").stream().map(f -> Arguments.of(f[0], f[1]));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("valid")
  void textEncodesToVectorBinary(String source, String text, String hex, String canonical)
      throws Exception {
    Multiaddr m = Multiaddr.parse(text);

    assertThat(Hex.encode(m.bytes())).isEqualTo(hex);
    assertThat(m.toString()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("valid")
  void binaryDecodesToCanonicalTextAndBack(String source, String text, String hex, String canonical)
      throws Exception {
    Multiaddr m = Multiaddr.fromBytes(Hex.decode(hex));

    assertThat(m.toString()).isEqualTo(canonical);
    assertThat(Multiaddr.parse(canonical)).isEqualTo(m);
    assertThat(Hex.encode(Multiaddr.parse(m.toString()).bytes())).isEqualTo(hex);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidText")
  void rejectsInvalidText(String reason, String text) {
    assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(MultiaddrException.class);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidBinary")
  void rejectsInvalidBinary(String reason, String hex) {
    assertThatThrownBy(() -> Multiaddr.fromBytes(Hex.decode(hex)))
        .isInstanceOf(MultiaddrException.class);
  }
}

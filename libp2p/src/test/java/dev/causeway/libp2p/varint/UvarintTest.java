package dev.causeway.libp2p.varint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.testing.VectorFile;
import dev.causeway.testing.RandomInputs;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UvarintTest {
  private static final String VECTORS = "/vectors/uvarint/uvarint.txt";

  static Stream<Arguments> validVectors() {
    return VectorFile.rows(VECTORS, "valid").stream()
        .map(f -> Arguments.of(f[0], Long.parseLong(f[1]), f[2]));
  }

  static Stream<Arguments> invalidVectors() {
    return VectorFile.rows(VECTORS, "invalid").stream().map(f -> Arguments.of(f[0], f[1]));
  }

  @ParameterizedTest(name = "{0}: {1} = {2}")
  @MethodSource("validVectors")
  void encodesAndDecodesVector(String source, long value, String hex) throws Exception {
    byte[] enc = Hex.decode(hex);

    assertThat(Hex.encode(Uvarint.encode(value))).isEqualTo(hex);
    assertThat(Uvarint.length(value)).isEqualTo(enc.length);
    assertThat(Uvarint.decodeExact(enc)).isEqualTo(value);
    assertThat(Uvarint.tryRead(enc, 0, enc.length)).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("validVectors")
  void reportsNeedMoreForEveryProperPrefixOfVector(String source, long value, String hex)
      throws Exception {
    byte[] enc = Hex.decode(hex);
    for (int n = 0; n < enc.length; n++) {
      assertThat(Uvarint.tryRead(enc, 0, n))
          .as("prefix of %d bytes", n)
          .isEqualTo(Uvarint.NEED_MORE);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidVectors")
  void rejectsInvalidVector(String reason, String hex) {
    byte[] enc = Hex.decode(hex);
    assertThatThrownBy(() -> Uvarint.decodeExact(enc)).isInstanceOf(VarintException.class);
    assertThatThrownBy(() -> Uvarint.tryRead(enc, 0, enc.length))
        .isInstanceOf(VarintException.class);
  }

  @Test
  void writesAtOffsetAndReadsFromRegion() throws Exception {
    byte[] buf = new byte[8];
    int n = Uvarint.write(300, buf, 3);

    assertThat(n).isEqualTo(2);
    assertThat(Hex.encode(buf)).isEqualTo("000000ac02000000");
    assertThat(Uvarint.tryRead(buf, 3, 5)).isEqualTo(300);
    assertThat(Uvarint.tryRead(buf, 3, 1)).isEqualTo(Uvarint.NEED_MORE);
  }

  @Test
  void rejectsEncodingLongerThanCallerBoundAsSoonAsBoundIsReached() throws Exception {
    byte[] threeBytes = Hex.decode("808001"); // 16384

    assertThat(Uvarint.tryRead(threeBytes, 0, 1, 2)).isEqualTo(Uvarint.NEED_MORE);
    assertThatThrownBy(() -> Uvarint.tryRead(threeBytes, 0, 2, 2))
        .isInstanceOf(VarintException.class)
        .hasMessageContaining("longer than 2");
    assertThat(Uvarint.tryRead(threeBytes, 0, 3, 3)).isEqualTo(16384);
  }

  @Test
  void rejectsTenthByteEvenWhenMoreInputFollows() {
    byte[] eleven = Hex.decode("8080808080808080808001");
    assertThatThrownBy(() -> Uvarint.tryRead(eleven, 0, eleven.length))
        .isInstanceOf(VarintException.class);
  }

  @Test
  void decodeExactRejectsTruncationAndTrailingBytes() {
    assertThatThrownBy(() -> Uvarint.decodeExact(Hex.decode("ac")))
        .isInstanceOf(VarintException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> Uvarint.decodeExact(Hex.decode("ac0200")))
        .isInstanceOf(VarintException.class)
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> Uvarint.decodeExact(new byte[0])).isInstanceOf(VarintException.class);
  }

  @Test
  void refusesNegativeValuesAndBadBounds() {
    assertThatThrownBy(() -> Uvarint.encode(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Uvarint.tryRead(new byte[1], 0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Uvarint.tryRead(new byte[1], 0, 1, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomValuesRoundTripWithMinimalLength() {
    RandomInputs.forEachCase(
        2000,
        r -> {
          long v = (r.nextLong() >>> 1) >>> r.nextInt(63);
          byte[] enc = Uvarint.encode(v);
          assertThat(enc.length)
              .isEqualTo(Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7));
          assertThat(Uvarint.decodeExact(enc)).isEqualTo(v);
        });
  }

  @Test
  void randomBytesOnlyGiveValuesNeedMoreOrVarintException() {
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in = RandomInputs.bytes(r, 14);
          int maxBytes = 1 + r.nextInt(Uvarint.MAX_BYTES);
          try {
            long v = Uvarint.tryRead(in, 0, in.length, maxBytes);
            if (v != Uvarint.NEED_MORE) {
              assertThat(v).isNotNegative();
              int n = Uvarint.length(v);
              assertThat(n).isLessThanOrEqualTo(maxBytes);
              byte[] re = Uvarint.encode(v);
              for (int i = 0; i < n; i++) {
                assertThat(re[i]).isEqualTo(in[i]);
              }
            }
          } catch (VarintException expected) {
            // typed
          }
          try {
            Uvarint.decodeExact(RandomInputs.mutate(r, Uvarint.encode(r.nextLong() >>> 1)));
          } catch (VarintException expected) {
            // typed
          }
        });
  }
}

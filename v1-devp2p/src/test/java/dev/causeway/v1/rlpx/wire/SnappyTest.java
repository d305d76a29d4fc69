package dev.causeway.v1.rlpx.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnappyTest {
  private static final int MIB = 1 << 20;

  @Test
  void pingPayloadCompressesTo010Oc0AndBack() throws WireException {
    // Derived example of spec v1-rlpx-devp2p.md §7.5: c0 -> 01 00 c0.
    assertThat(Snappy.decompress(Hex.decode("0100c0"), MIB)).isEqualTo(Hex.decode("c0"));
    assertThat(Hex.encode(Snappy.compress(Hex.decode("c0")))).isEqualTo("0100c0");
  }

  @Test
  void decodesBlocksFromOtherCompressors() throws WireException {
    // Hand-made block: length 12, literal "ab", then a copy of offset 2, length 10 ("abab...").
    // Tag for copy with 1-byte offset: ((len-4) << 2) | 0b01, offset high bits 0.
    byte[] block = Hex.decode("0c" + "04" + "6162" + "19" + "02");
    assertThat(
            new String(Snappy.decompress(block, MIB), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("abababababab");
  }

  @Test
  void roundTripsEmptyCompressibleAndRandomData() throws WireException {
    Random r = new Random(1);
    byte[] random = new byte[100_000];
    r.nextBytes(random);
    byte[] repetitive = new byte[MIB];
    for (int i = 0; i < repetitive.length; i++) {
      repetitive[i] = (byte) (i % 251);
    }
    for (byte[] data : new byte[][] {new byte[0], random, repetitive}) {
      byte[] compressed = Snappy.compress(data);
      assertThat(Snappy.declaredLength(compressed)).isEqualTo(data.length);
      assertThat(Snappy.decompress(compressed, data.length)).isEqualTo(data);
    }
    assertThat(Snappy.compress(repetitive).length).isLessThan(MIB / 10);
  }

  @Test
  void rejectsDeclaredLengthAboveBoundBeforeInflating() {
    byte[] data = new byte[1001];
    byte[] compressed = Snappy.compress(data);
    assertThatThrownBy(() -> Snappy.decompress(compressed, 1000))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("exceeds the limit of 1000");
    // A tiny input that declares 2^31 - 1 bytes is refused without allocating them.
    assertThatThrownBy(
            () -> Snappy.decompress(Hex.decode("ffffffff07"), Snappy.MAX_DECLARED_LENGTH))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // no length
        "80", // truncated varint
        "ffffffffff01", // varint longer than 5 bytes
        "ffffffff0f", // above Integer.MAX_VALUE
        "05", // declares 5 bytes, has none
        "0100", // literal of 1 byte, byte missing
        "0a0461620a01", // copy with offset beyond what was written
        "0100c0ff", // trailing garbage after the declared output
        "030061", // declared 3, produces 1
        "0101c0" // copy tag at the start (offset 0 invalid)
      })
  void rejectsMalformedInput(String hex) {
    assertThatThrownBy(() -> Snappy.decompress(Hex.decode(hex), MIB))
        .isInstanceOf(WireException.class);
  }

  @Test
  void randomBytesRaiseOnlyWireException() {
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in = RandomInputs.bytes(r, 200);
          try {
            byte[] out = Snappy.decompress(in, 4096);
            assertThat(out.length).isLessThanOrEqualTo(4096);
          } catch (WireException expected) {
            // the only allowed failure
          }
        });
  }

  @Test
  void mutatedBlocksRaiseOnlyWireException() {
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] data = RandomInputs.bytes(r, 300);
          int position = r.nextInt(1001);
          byte value = (byte) r.nextInt(256);
          int cut = r.nextInt(5);
          byte[] doubled = Arrays.copyOf(data, data.length * 2);
          System.arraycopy(data, 0, doubled, data.length, data.length);
          byte[] compressed = Snappy.compress(doubled);
          compressed[position % compressed.length] = value;
          byte[] input = Arrays.copyOf(compressed, Math.max(0, compressed.length - cut));
          try {
            Snappy.decompress(input, 4096);
          } catch (WireException expected) {
            // the only allowed failure
          }
        });
  }
}

package dev.causeway.v1.rlpx.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RawMessageTest {

  @ParameterizedTest(name = "id {0} -> {1}")
  @CsvSource({
    "0, 80", // Hello
    "1, 01",
    "2, 02",
    "16, 10", // waku Status at offset 0x10
    "127, 7f",
    "141, 818d", // waku P2P Request Complete
    "142, 818e", // waku P2P Request
    "143, 818f", // waku P2P Message
    "144, 8190", // waku Status with shh/6 before it
    "256, 820100",
    "2147483647, 847fffffff"
  })
  void encodesMessageIdAsCanonicalRlpAndDecodesItBack(int id, String idHex) throws WireException {
    byte[] data = Hex.decode("c401020304");
    byte[] frame = RawMessage.frameData(id, data);

    assertThat(Hex.encode(frame)).isEqualTo(idHex + "c401020304");
    RawMessage m = RawMessage.readFrom(frame);
    assertThat(m.id()).isEqualTo(id);
    assertThat(m.data()).isEqualTo(data);
    assertThat(m.toFrameData()).isEqualTo(frame);
    assertThat(m).isEqualTo(new RawMessage(id, data.clone()));
  }

  @Test
  void acceptsEmptyMsgData() throws WireException {
    RawMessage m = RawMessage.readFrom(Hex.decode("818d"));
    assertThat(m.id()).isEqualTo(0x8d);
    assertThat(m.data()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // no id
        "00", // zero must be 80
        "8105", // single byte below 0x80 wrapped
        "81", // truncated
        "8200ff", // leading zero
        "8480000000", // above Integer.MAX_VALUE
        "850100000000", // longer than 4 bytes
        "b8", // long string header
        "c0", // a list
        "c28080"
      })
  void rejectsBadMessageIds(String hex) {
    assertThatThrownBy(() -> RawMessage.readFrom(Hex.decode(hex)))
        .isInstanceOf(WireException.class);
  }

  @Test
  void randomBytesRaiseOnlyWireException() {
    RandomInputs.forEachCase(
        2000,
        r -> {
          byte[] frameData = RandomInputs.bytes(r, 20);
          try {
            RawMessage m = RawMessage.readFrom(frameData);
            assertThat(m.id()).isNotNegative();
            assertThat(m.toFrameData()).isEqualTo(frameData);
          } catch (WireException expected) {
            // the only allowed failure
          }
        });
  }

  @Test
  void roundTripsAnyIdAndData() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          int id = anyMessageId(r);
          byte[] data = RandomInputs.bytes(r, 50);
          RawMessage m = RawMessage.readFrom(RawMessage.frameData(id, data));
          assertThat(m.id()).isEqualTo(id);
          assertThat(Arrays.equals(m.data(), data)).isTrue();
        });
  }

  /**
   * An id in [0, Integer.MAX_VALUE] of random magnitude, so every RLP id length (0 to 4 bytes) is
   * drawn often, and the bounds themselves now and then.
   */
  private static int anyMessageId(Random r) {
    return switch (r.nextInt(10)) {
      case 0 -> 0;
      case 1 -> Integer.MAX_VALUE;
      default -> (r.nextInt() & Integer.MAX_VALUE) >>> r.nextInt(31);
    };
  }
}

package dev.causeway.v1.rlpx.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PingPongMessageTest {

  @Test
  void encodeAsEmptyList() {
    assertThat(PingMessage.INSTANCE.encode()).isEqualTo(Hex.decode("c0"));
    assertThat(PongMessage.INSTANCE.encode()).isEqualTo(Hex.decode("c0"));
    assertThat(RawMessage.frameData(P2pMessageCodes.PING, PingMessage.INSTANCE.encode()))
        .isEqualTo(Hex.decode("02c0"));
    assertThat(RawMessage.frameData(P2pMessageCodes.PONG, PongMessage.INSTANCE.encode()))
        .isEqualTo(Hex.decode("03c0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"c0", "", "c180", "80", "c0c0", "01"})
  void acceptTolerantPayloads(String hex) throws WireException {
    assertThat(PingMessage.readFrom(Hex.decode(hex))).isSameAs(PingMessage.INSTANCE);
    assertThat(PongMessage.readFrom(Hex.decode(hex))).isSameAs(PongMessage.INSTANCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c1", "b8", "8100", "f90000"})
  void rejectNonRlp(String hex) {
    assertThatThrownBy(() -> PingMessage.readFrom(Hex.decode(hex)))
        .isInstanceOf(WireException.class);
    assertThatThrownBy(() -> PongMessage.readFrom(Hex.decode(hex)))
        .isInstanceOf(WireException.class);
  }

  @Test
  void randomBytesRaiseOnlyWireException() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          byte[] msgData = RandomInputs.bytes(r, 40);
          try {
            PingMessage.readFrom(msgData);
          } catch (WireException expected) {
            // the only allowed failure
          }
          try {
            PongMessage.readFrom(msgData);
          } catch (WireException expected) {
            // the only allowed failure
          }
        });
  }
}

package dev.causeway.v1.rlpx.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DisconnectMessageTest {

  @ParameterizedTest
  @EnumSource(value = DisconnectReason.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
  void roundTripsEveryDefinedReason(DisconnectReason reason) throws WireException {
    DisconnectMessage m = new DisconnectMessage(reason);
    assertThat(DisconnectMessage.readFrom(m.encode())).isEqualTo(m);
    assertThat(DisconnectReason.of(reason.code())).isEqualTo(reason);
  }

  @Test
  void encodesReasonInAList() {
    assertThat(Hex.encode(new DisconnectMessage(DisconnectReason.TOO_MANY_PEERS).encode()))
        .isEqualTo("c104");
    assertThat(Hex.encode(new DisconnectMessage(DisconnectReason.REQUESTED).encode()))
        .isEqualTo("c180");
    assertThat(Hex.encode(new DisconnectMessage(DisconnectReason.SUBPROTOCOL_REASON).encode()))
        .isEqualTo("c110");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "c104, TOO_MANY_PEERS, 4", // [reason]
    "c180, REQUESTED, 0",
    "04, TOO_MANY_PEERS, 4", // bare integer (older go-ethereum)
    "80, REQUESTED, 0",
    "c0, REQUESTED, 0", // empty list
    "'', REQUESTED, 0", // empty msg-data
    "82c10b, TIMEOUT, 11", // byte string containing the list (nim-eth accepts it)
    "c3100102, SUBPROTOCOL_REASON, 16", // extra elements ignored
    "c1040000, TOO_MANY_PEERS, 4", // trailing bytes ignored
    "c10c, UNKNOWN, 12", // undefined code kept as raw code
    "c281ff, UNKNOWN, 255",
    "0c, UNKNOWN, 12"
  })
  void decodesEveryAcceptedForm(String hex, DisconnectReason reason, int raw) throws WireException {
    DisconnectMessage m = DisconnectMessage.readFrom(Hex.decode(hex == null ? "" : hex));
    assertThat(m.reason()).isEqualTo(reason);
    assertThat(m.rawCode()).isEqualTo(raw);
  }

  @ParameterizedTest
  @CsvSource({"c1c0", "c20000", "00", "c2", "b8", "c185ffffffffff", "c18100", "8200"})
  void rejectsMalformedDisconnect(String hex) {
    assertThatThrownBy(() -> DisconnectMessage.readFrom(Hex.decode(hex)))
        .isInstanceOf(WireException.class);
  }

  @Test
  void keepsUndefinedCodesThroughARoundTrip() throws WireException {
    DisconnectMessage m = DisconnectMessage.ofCode(0x0e);
    assertThat(m.reason()).isEqualTo(DisconnectReason.UNKNOWN);
    assertThat(DisconnectMessage.readFrom(m.encode())).isEqualTo(m);
  }

  @Test
  void rejectsInconsistentConstruction() {
    assertThatThrownBy(() -> new DisconnectMessage(DisconnectReason.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DisconnectMessage(DisconnectReason.TIMEOUT, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DisconnectMessage(DisconnectReason.UNKNOWN, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DisconnectReason.of(-5)).isEqualTo(DisconnectReason.UNKNOWN);
    assertThat(DisconnectReason.of(1000)).isEqualTo(DisconnectReason.UNKNOWN);
  }

  @Test
  void randomBytesRaiseOnlyWireException() {
    RandomInputs.forEachCase(
        2000,
        r -> {
          byte[] msgData = RandomInputs.bytes(r, 40);
          try {
            DisconnectMessage m = DisconnectMessage.readFrom(msgData);
            assertThat(m.rawCode()).isNotNegative();
          } catch (WireException expected) {
            // the only allowed failure
          }
        });
  }
}

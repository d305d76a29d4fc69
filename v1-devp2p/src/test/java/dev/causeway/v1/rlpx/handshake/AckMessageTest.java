package dev.causeway.v1.rlpx.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.v1.rlp.Rlp;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Ack plaintext encodings (spec {@code v1-rlpx-devp2p.md} §4.2, §4.3). */
class AckMessageTest {
  private static final byte[] EPH = filled(64, 0x55);
  private static final byte[] NONCE = filled(32, 0x66);

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void eip8BodyRoundTripsAndIgnoresPadding() throws Exception {
    byte[] body = new AckMessage(EPH, NONCE).encodeEip8Body();
    assertThat(body).hasSize(102);
    assertThat(body[body.length - 1]).isEqualTo((byte) 0x04);

    AckMessage back = AckMessage.readFromEip8(Arrays.copyOf(body, body.length + 200));

    assertThat(back.ephemeralPublicKey()).isEqualTo(EPH);
    assertThat(back.recipientNonce()).isEqualTo(NONCE);
    assertThat(back.version()).isEqualTo(4);
    assertThat(back.extraElements()).isEmpty();
  }

  @Test
  void eip8KeepsExtraElementsAndAnyVersion() throws Exception {
    byte[] extras = {0x06, (byte) 0xc2, 0x07, 0x08};
    AckMessage msg = new AckMessage(EPH, NONCE, 5, extras);

    AckMessage back = AckMessage.readFromEip8(msg.encodeEip8Body());

    assertThat(back.version()).isEqualTo(5);
    assertThat(back.extraElements())
        .usingElementComparator(Arrays::compare)
        .containsExactly(new byte[] {0x06}, new byte[] {(byte) 0xc2, 0x07, 0x08});
  }

  @Test
  void legacyLayoutRoundTrips() throws Exception {
    byte[] plain = new AckMessage(EPH, NONCE).encodeLegacy();

    assertThat(plain).hasSize(AckMessage.LEGACY_LENGTH);
    assertThat(plain[96]).isZero();
    AckMessage back = AckMessage.readFromLegacy(plain);
    assertThat(back.ephemeralPublicKey()).isEqualTo(EPH);
    assertThat(back.recipientNonce()).isEqualTo(NONCE);
  }

  @Test
  void rejectsMalformedPlaintexts() {
    assertThatThrownBy(() -> AckMessage.readFromLegacy(new byte[96]))
        .isInstanceOf(HandshakeException.class);
    byte[] eph = Rlp.encodeString(EPH);
    byte[] nonce = Rlp.encodeString(NONCE);
    byte[][] bad = {
      new byte[0],
      Rlp.encodeList(eph, nonce), // no version
      Rlp.encodeList(Rlp.encodeString(new byte[65]), nonce, Rlp.encodeLong(4)),
      Rlp.encodeList(eph, Rlp.encodeString(new byte[33]), Rlp.encodeLong(4)),
      Rlp.encodeList(eph, nonce, Rlp.encodeList(Rlp.encodeLong(4))),
    };
    for (byte[] b : bad) {
      assertThatThrownBy(() -> AckMessage.readFromEip8(b)).isInstanceOf(HandshakeException.class);
    }
  }
}

package dev.causeway.v1.rlpx.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.v1.rlp.Rlp;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Auth plaintext encodings (spec {@code v1-rlpx-devp2p.md} §4.2, §4.3). */
class AuthMessageTest {
  private static final byte[] SIG = filled(65, 0x11);
  private static final byte[] PUB = filled(64, 0x22);
  private static final byte[] NONCE = filled(32, 0x33);

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void eip8BodyRoundTripsAndIgnoresPadding() throws Exception {
    AuthMessage msg = new AuthMessage(SIG, PUB, NONCE);
    byte[] body = msg.encodeEip8Body();
    assertThat(body).hasSize(169);
    // The version is the one-byte item 0x04, the form nim-eth insists on.
    assertThat(body[body.length - 1]).isEqualTo((byte) 0x04);

    AuthMessage back = AuthMessage.readFromEip8(Arrays.copyOf(body, body.length + 77));

    assertThat(back.signature()).isEqualTo(SIG);
    assertThat(back.initiatorPublicKey()).isEqualTo(PUB);
    assertThat(back.initiatorNonce()).isEqualTo(NONCE);
    assertThat(back.version()).isEqualTo(4);
    assertThat(back.extraElements()).isEmpty();
  }

  @Test
  void eip8KeepsExtraElementsAndAnyVersion() throws Exception {
    byte[] extras = {0x01, (byte) 0xc2, 0x04, 0x05, (byte) 0x81, (byte) 0xfa};
    AuthMessage msg = new AuthMessage(SIG, PUB, NONCE, 0x1234, extras);

    AuthMessage back = AuthMessage.readFromEip8(msg.encodeEip8Body());

    assertThat(back.version()).isEqualTo(0x1234);
    assertThat(back.extraElements())
        .usingElementComparator(Arrays::compare)
        .containsExactly(
            new byte[] {0x01},
            new byte[] {(byte) 0xc2, 0x04, 0x05},
            new byte[] {(byte) 0x81, (byte) 0xfa});
    assertThat(back.encodeEip8Body()).isEqualTo(msg.encodeEip8Body());
  }

  @Test
  void legacyLayoutRoundTrips() throws Exception {
    byte[] eph = filled(64, 0x44);
    byte[] plain = new AuthMessage(SIG, PUB, NONCE).encodeLegacy(eph);

    assertThat(plain).hasSize(AuthMessage.LEGACY_LENGTH);
    assertThat(Arrays.copyOfRange(plain, 65, 97)).isEqualTo(Keccak256.hash(eph));
    assertThat(plain[193]).isZero();
    AuthMessage back = AuthMessage.readFromLegacy(plain);
    assertThat(back.signature()).isEqualTo(SIG);
    assertThat(back.initiatorPublicKey()).isEqualTo(PUB);
    assertThat(back.initiatorNonce()).isEqualTo(NONCE);
  }

  @Test
  void rejectsLegacyOfWrongLength() {
    assertThatThrownBy(() -> AuthMessage.readFromLegacy(new byte[193]))
        .isInstanceOf(HandshakeException.class);
    assertThatThrownBy(() -> AuthMessage.readFromLegacy(new byte[195]))
        .isInstanceOf(HandshakeException.class);
  }

  @Test
  void rejectsEip8WithMissingOrMalformedFields() {
    byte[] sig = Rlp.encodeString(SIG);
    byte[] pub = Rlp.encodeString(PUB);
    byte[] nonce = Rlp.encodeString(NONCE);
    byte[] four = Rlp.encodeLong(4);
    byte[][] bad = {
      new byte[0],
      Rlp.encodeString(new byte[10]), // not a list
      Rlp.encodeList(sig, pub, nonce), // no version
      Rlp.encodeList(sig, pub, nonce, Rlp.EMPTY_LIST), // version is a list
      Rlp.encodeList(sig, pub, nonce, Rlp.encodeString(new byte[9])), // version too long
      Rlp.encodeList(Rlp.encodeString(new byte[64]), pub, nonce, four), // short signature
      Rlp.encodeList(sig, Rlp.encodeString(new byte[65]), nonce, four), // long key
      Rlp.encodeList(sig, pub, Rlp.encodeString(new byte[31]), four), // short nonce
      Rlp.encodeList(sig, pub, nonce, new byte[] {(byte) 0x81, 0x04}), // non-canonical
      Rlp.encodeList(sig, pub, nonce, four, new byte[] {(byte) 0x85, 1}), // truncated extra
      Arrays.copyOf(Rlp.encodeList(sig, pub, nonce, four), 100), // list cut short
    };
    for (byte[] b : bad) {
      assertThatThrownBy(() -> AuthMessage.readFromEip8(b))
          .as("%s", dev.causeway.common.hex.Hex.encode(b))
          .isInstanceOf(HandshakeException.class);
    }
  }

  @Test
  void constructorRejectsWrongFieldLengths() {
    assertThatThrownBy(() -> new AuthMessage(new byte[64], PUB, NONCE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuthMessage(SIG, new byte[65], NONCE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuthMessage(SIG, PUB, new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.causeway.common.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plaintext layout, padding and signature rules of spec {@code payload-encryption.md} §1–§3, §6.
 */
class WakuPayloadTest {
  private static final Secp256k1.KeyPair SIGNER =
      Secp256k1.KeyPair.fromPrivateKey(
          Hex.decode("49a7b37aa6f6645917e7b807e9d1c00d4fa71f18343b0d4122a4d2df64dd6fee"));
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest(name = "payload {0} bytes -> N = {1}, size field {2}")
  @CsvSource({
    "0, 1, 00",
    "1, 1, 01",
    "255, 1, ff",
    "256, 2, 0001",
    "258, 2, 0201",
    "65535, 2, ffff",
    "65536, 3, 000001",
    "102400, 3, 009001"
  })
  void writesMinimalLittleEndianSizeField(int length, int n, String sizeHex) throws Exception {
    byte[] plaintext = WakuPayload.encode(new byte[length], new byte[0], null);
    assertThat(plaintext[0]).isEqualTo((byte) n);
    assertThat(Hex.encode(plaintext, 1, n)).isEqualTo(sizeHex);
    assertThat(plaintext).hasSize(1 + n + length);
  }

  @ParameterizedTest(name = "payload {0} bytes, signed {1}: padding {2}")
  @CsvSource({
    "0, false, 254",
    "0, true, 189",
    "5, false, 249",
    "253, false, 1",
    "254, false, 256",
    "188, true, 1",
    "189, true, 256",
    "256, false, 253",
    "65536, true, 187"
  })
  void defaultPaddingAlignsPlaintextTo256(int length, boolean signed, int padding)
      throws Exception {
    assertThat(WakuPayload.paddingLength(length, signed)).isEqualTo(padding);
    byte[] plaintext =
        WakuPayload.encode(new byte[length], signed ? SIGNER : null, new SecureRandom());
    assertThat(plaintext.length % WakuPayload.PADDING_BLOCK).isZero();
    assertThat(WakuPayload.decode(plaintext).padding()).hasSize(padding);
  }

  @Test
  void defaultPaddingComesFromInjectedRandom() throws Exception {
    byte[] plaintext = WakuPayload.encode(HELLO, null, new PatternRandom());
    byte[] padding = WakuPayload.decode(plaintext).padding();
    assertThat(padding).hasSize(249);
    for (int i = 0; i < padding.length; i++) {
      assertThat(padding[i]).isEqualTo((byte) (i + 1));
    }
  }

  @Test
  void explicitPaddingIsUsedAsIsIncludingEmpty() throws Exception {
    byte[] padding = {9, 8, 7};
    byte[] plaintext = WakuPayload.encode(HELLO, padding, null);
    assertThat(Hex.encode(plaintext)).isEqualTo("010568656c6c6f090807");
    DecodedPayload decoded = WakuPayload.decode(plaintext);
    assertThat(decoded.payload()).isEqualTo(HELLO);
    assertThat(decoded.padding()).isEqualTo(padding);

    DecodedPayload unpadded = WakuPayload.decode(WakuPayload.encode(HELLO, new byte[0], null));
    assertThat(unpadded.payload()).isEqualTo(HELLO);
    assertThat(unpadded.padding()).isEmpty();
  }

  @Test
  void signsKeccakOfEverythingBeforeSignatureWithRecoveryIdZeroOrOne() throws Exception {
    byte[] plaintext = WakuPayload.encode(HELLO, new byte[] {1, 2}, SIGNER);
    assertThat(plaintext[0]).isEqualTo((byte) (1 | WakuPayload.FLAG_SIGNED));
    int end = plaintext.length - 65;
    byte[] sig = Arrays.copyOfRange(plaintext, end, plaintext.length);
    assertThat(sig[64]).isBetween((byte) 0, (byte) 1);
    assertThat(Secp256k1.recover(sig, Keccak256.hash(plaintext, 0, end)))
        .isEqualTo(SIGNER.publicKey());

    DecodedPayload decoded = WakuPayload.decode(plaintext);
    assertThat(decoded.isSigned()).isTrue();
    assertThat(decoded.signerPublicKey()).isEqualTo(SIGNER.publicKey());
    assertThat(decoded.signature()).isEqualTo(sig);
    assertThat(decoded.payload()).isEqualTo(HELLO);
    assertThat(decoded.padding()).containsExactly(1, 2);
  }

  @ParameterizedTest(name = "v + {0}")
  @CsvSource({"27", "0"})
  void acceptsRecoveryIdsZeroOneAndLegacy27Or28(int offset) throws Exception {
    byte[] plaintext = WakuPayload.encode(HELLO, SIGNER, new SecureRandom());
    plaintext[plaintext.length - 1] += (byte) offset;
    assertThat(WakuPayload.decode(plaintext).signerPublicKey()).isEqualTo(SIGNER.publicKey());
  }

  @Test
  void rejectsInvalidRecoveryId() throws Exception {
    byte[] plaintext = WakuPayload.encode(HELLO, SIGNER, new SecureRandom());
    plaintext[plaintext.length - 1] = 2;
    assertReason(plaintext, PayloadException.Reason.BAD_SIGNATURE);
    plaintext[plaintext.length - 1] = 29;
    assertReason(plaintext, PayloadException.Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsSignatureWithZeroR() throws Exception {
    byte[] plaintext = WakuPayload.encode(HELLO, SIGNER, new SecureRandom());
    Arrays.fill(plaintext, plaintext.length - 65, plaintext.length - 33, (byte) 0);
    assertReason(plaintext, PayloadException.Reason.BAD_SIGNATURE);
  }

  @Test
  void tamperedSignedPlaintextRecoversAnotherKeyOrFails() throws Exception {
    byte[] plaintext = WakuPayload.encode(HELLO, SIGNER, new SecureRandom());
    plaintext[3] ^= 1;
    try {
      assertThat(WakuPayload.decode(plaintext).signerPublicKey()).isNotEqualTo(SIGNER.publicKey());
    } catch (PayloadException e) {
      assertThat(e.reason()).isEqualTo(PayloadException.Reason.BAD_SIGNATURE);
    }
  }

  @Test
  void acceptsZeroLengthSizeFieldAsEmptyPayload() throws Exception {
    DecodedPayload bare = WakuPayload.decode(new byte[] {0x00});
    assertThat(bare.payload()).isEmpty();
    assertThat(bare.padding()).isEmpty();

    DecodedPayload padded = WakuPayload.decode(new byte[] {0x00, 5, 6, 7});
    assertThat(padded.payload()).isEmpty();
    assertThat(padded.padding()).containsExactly(5, 6, 7);
  }

  @Test
  void acceptsSignedPayloadWithZeroLengthSizeField() throws Exception {
    byte[] body = {WakuPayload.FLAG_SIGNED, 42};
    byte[] sig = Secp256k1.sign(SIGNER, Keccak256.hash(body));
    byte[] plaintext = new byte[body.length + sig.length];
    System.arraycopy(body, 0, plaintext, 0, body.length);
    System.arraycopy(sig, 0, plaintext, body.length, sig.length);
    DecodedPayload decoded = WakuPayload.decode(plaintext);
    assertThat(decoded.payload()).isEmpty();
    assertThat(decoded.padding()).containsExactly(42);
    assertThat(decoded.signerPublicKey()).isEqualTo(SIGNER.publicKey());
  }

  @Test
  void ignoresUnknownFlagBits() throws Exception {
    DecodedPayload decoded = WakuPayload.decode(new byte[] {(byte) 0xF9, 1, 'x', 0});
    assertThat(decoded.payload()).containsExactly('x');
    assertThat(decoded.padding()).containsExactly(0);
    assertThat(decoded.isSigned()).isFalse();
  }

  @Test
  void readsLittleEndianSize() throws Exception {
    byte[] plaintext = new byte[1 + 2 + 258 + 1];
    plaintext[0] = 2;
    plaintext[1] = 0x02;
    plaintext[2] = 0x01;
    assertThat(WakuPayload.decode(plaintext).payloadLength()).isEqualTo(258);
    assertThat(WakuPayload.decode(plaintext).padding()).hasSize(1);
  }

  @Test
  void rejectsEmptyPlaintext() {
    assertReason(new byte[0], PayloadException.Reason.MALFORMED);
  }

  @Test
  void rejectsSizeFieldLongerThanAvailable() {
    assertReason(new byte[] {0x01}, PayloadException.Reason.MALFORMED);
    assertReason(new byte[] {0x03, 0x01, 0x00}, PayloadException.Reason.MALFORMED);
  }

  @Test
  void rejectsPayloadSizeBeyondEnd() {
    assertReason(new byte[] {0x01, 0x05, 'a', 'b'}, PayloadException.Reason.MALFORMED);
    assertReason(
        new byte[] {0x03, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0},
        PayloadException.Reason.MALFORMED);
  }

  @Test
  void rejectsPayloadSizeReachingIntoSignature() throws Exception {
    byte[] plaintext = WakuPayload.encode(HELLO, new byte[0], SIGNER);
    plaintext[1] = 6; // one byte more than precedes the signature
    assertReason(plaintext, PayloadException.Reason.MALFORMED);
  }

  @Test
  void rejectsSignedPlaintextWithoutRoomBeforeSignature() {
    byte[] plaintext = new byte[1 + 65];
    plaintext[0] = WakuPayload.FLAG_SIGNED;
    assertReason(plaintext, PayloadException.Reason.MALFORMED);
    assertReason(new byte[] {WakuPayload.FLAG_SIGNED, 1, 2}, PayloadException.Reason.MALFORMED);
  }

  @Test
  void refusesPayloadTooLargeForSizeField() {
    byte[] huge = new byte[WakuPayload.MAX_PAYLOAD_LENGTH + 1];
    assertThatThrownBy(() -> WakuPayload.encode(huge, new byte[0], null))
        .isInstanceOfSatisfying(
            PayloadException.class,
            e -> assertThat(e.reason()).isEqualTo(PayloadException.Reason.PAYLOAD_TOO_LARGE));
  }

  @Test
  void decodeDoesNotRetainCallersArray() throws Exception {
    byte[] plaintext = WakuPayload.encode(HELLO, new byte[0], null);
    DecodedPayload decoded = WakuPayload.decode(plaintext);
    plaintext[2] = 'j';
    assertThat(decoded.payload()).isEqualTo(HELLO);
  }

  private static void assertReason(byte[] plaintext, PayloadException.Reason reason) {
    assertThatThrownBy(() -> WakuPayload.decode(plaintext))
        .isInstanceOfSatisfying(
            PayloadException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}

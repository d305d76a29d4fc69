package dev.causeway.common.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Ecies;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encryption round trips and rejections (spec {@code payload-encryption.md} §2–§6). */
class PayloadCodecTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Secp256k1.KeyPair SIGNER = Secp256k1.KeyPair.random(RANDOM);
  private static final Secp256k1.KeyPair RECIPIENT = Secp256k1.KeyPair.random(RANDOM);
  private static final Secp256k1.KeyPair OTHER = Secp256k1.KeyPair.random(RANDOM);
  private static final byte[] SYM_KEY = SymmetricKeys.fromPassword("causeway-test");
  private static final byte[] OTHER_SYM_KEY = Hex.decode("01".repeat(32));

  enum Mode {
    SYMMETRIC,
    ASYMMETRIC
  }

  static Stream<Arguments> roundTrips() {
    int[] sizes = {0, 1, 255, 256, 65535, 65536, 100 * 1024};
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Mode mode : Mode.values()) {
      for (boolean signed : new boolean[] {false, true}) {
        for (int size : sizes) {
          cases.add(Arguments.of(mode, signed, size));
        }
      }
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} signed={1} size={2}")
  @MethodSource("roundTrips")
  void roundTripsPayloadAndRecoversSigner(Mode mode, boolean signed, int size) throws Exception {
    byte[] payload = new byte[size];
    RANDOM.nextBytes(payload);
    Secp256k1.KeyPair signer = signed ? SIGNER : null;

    byte[] data = encrypt(mode, payload, signer);
    int overhead = mode == Mode.SYMMETRIC ? SymmetricCipher.OVERHEAD : Ecies.OVERHEAD;
    assertThat((data.length - overhead) % WakuPayload.PADDING_BLOCK).isZero();

    DecodedPayload decoded = decrypt(mode, data, mode == Mode.SYMMETRIC ? null : RECIPIENT);
    assertThat(decoded.payload()).isEqualTo(payload);
    assertThat(decoded.plaintextLength()).isEqualTo(data.length - overhead);
    assertThat(decoded.plaintextLength() % WakuPayload.PADDING_BLOCK).isZero();
    assertThat(decoded.padding()).hasSize(WakuPayload.paddingLength(size, signed));
    int flags = decoded.plaintext()[0];
    assertThat(flags & WakuPayload.FLAG_SIZE_MASK).isEqualTo(WakuPayload.sizeFieldLength(size));
    assertThat((flags & WakuPayload.FLAG_SIGNED) != 0).isEqualTo(signed);
    assertThat(decoded.isSigned()).isEqualTo(signed);
    if (signed) {
      assertThat(decoded.signerPublicKey()).isEqualTo(SIGNER.publicKey());
    } else {
      assertThat(decoded.signerPublicKey()).isNull();
      assertThat(decoded.signature()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void rejectsTamperedCiphertextAtEveryRegion(Mode mode) throws Exception {
    byte[] data = encrypt(mode, "tamper me".getBytes(), SIGNER);
    // first byte, a middle byte, the tag/MAC region and the last byte (nonce or MAC)
    for (int at : new int[] {0, data.length / 2, data.length - 20, data.length - 1}) {
      byte[] bad = data.clone();
      bad[at] ^= 0x40;
      assertReason(
          () -> decrypt(mode, bad, mode == Mode.SYMMETRIC ? null : RECIPIENT),
          PayloadException.Reason.DECRYPTION_FAILED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void rejectsWrongKey(Mode mode) throws Exception {
    byte[] data = encrypt(mode, "secret".getBytes(), null);
    if (mode == Mode.SYMMETRIC) {
      assertReason(
          () -> PayloadCodec.decryptSymmetric(data, OTHER_SYM_KEY),
          PayloadException.Reason.DECRYPTION_FAILED);
    } else {
      assertReason(
          () -> PayloadCodec.decryptAsymmetric(data, OTHER),
          PayloadException.Reason.DECRYPTION_FAILED);
    }
  }

  static Stream<Mode> modes() {
    return Stream.of(Mode.values());
  }

  @Test
  void rejectsAllZeroAndWrongLengthSymmetricKeys() {
    byte[] zero = new byte[32];
    assertReason(
        () -> PayloadCodec.encryptSymmetric(new byte[1], zero, null, RANDOM),
        PayloadException.Reason.INVALID_KEY);
    assertReason(
        () -> PayloadCodec.decryptSymmetric(new byte[64], zero),
        PayloadException.Reason.INVALID_KEY);
    assertReason(
        () -> PayloadCodec.encryptSymmetric(new byte[1], new byte[16], null, RANDOM),
        PayloadException.Reason.INVALID_KEY);
    assertReason(
        () -> PayloadCodec.decryptSymmetric(new byte[64], new byte[33]),
        PayloadException.Reason.INVALID_KEY);
  }

  @Test
  void rejectsSymmetricDataShorterThan28() throws Exception {
    assertReason(
        () -> PayloadCodec.decryptSymmetric(new byte[27], SYM_KEY),
        PayloadException.Reason.TOO_SHORT);
    // exactly 28 bytes is an empty ciphertext: well-formed, but its tag does not verify
    assertReason(
        () -> PayloadCodec.decryptSymmetric(new byte[28], SYM_KEY),
        PayloadException.Reason.DECRYPTION_FAILED);
  }

  @Test
  void emptyPlaintextUnderValidTagIsMalformed() throws Exception {
    byte[] data = SymmetricCipher.encrypt(SYM_KEY, new byte[0], RANDOM);
    assertThat(data).hasSize(SymmetricCipher.OVERHEAD);
    assertReason(
        () -> PayloadCodec.decryptSymmetric(data, SYM_KEY), PayloadException.Reason.MALFORMED);
  }

  @Test
  void rejectsAsymmetricDataShorterThanOverhead() {
    assertReason(
        () -> PayloadCodec.decryptAsymmetric(new byte[Ecies.OVERHEAD - 1], RECIPIENT),
        PayloadException.Reason.TOO_SHORT);
  }

  @Test
  void rejectsInvalidRecipientKey() {
    assertReason(
        () -> PayloadCodec.encryptAsymmetric(new byte[1], new byte[64], null, RANDOM),
        PayloadException.Reason.INVALID_KEY);
    assertReason(
        () -> PayloadCodec.encryptAsymmetric(new byte[1], new byte[10], null, RANDOM),
        PayloadException.Reason.INVALID_KEY);
  }

  @Test
  void asymmetricAcceptsPrefixedRecipientKey() throws Exception {
    byte[] prefixed = new byte[65];
    prefixed[0] = 0x04;
    System.arraycopy(RECIPIENT.publicKey(), 0, prefixed, 1, 64);
    byte[] data = PayloadCodec.encryptAsymmetric("hi".getBytes(), prefixed, null, RANDOM);
    assertThat(PayloadCodec.decryptAsymmetric(data, RECIPIENT).payload())
        .isEqualTo("hi".getBytes());
  }

  @Test
  void symmetricNonceComesFromInjectedRandomAndIsAppended() throws Exception {
    PatternRandom random = new PatternRandom();
    byte[] data = PayloadCodec.encryptSymmetric(new byte[3], SYM_KEY, null, random);
    // 1 + 1 + 3 = 5 bytes before padding consume values 1..251 for padding, then the nonce
    byte[] nonce = Arrays.copyOfRange(data, data.length - 12, data.length);
    byte[] expected = new byte[12];
    for (int i = 0; i < 12; i++) {
      expected[i] = (byte) (252 + i);
    }
    assertThat(nonce).isEqualTo(expected);
  }

  @Test
  void decodesUnencryptedPlaintext() throws Exception {
    byte[] plaintext = WakuPayload.encode("plain".getBytes(), SIGNER, RANDOM);
    DecodedPayload decoded = PayloadCodec.decodeUnencrypted(plaintext);
    assertThat(decoded.payload()).isEqualTo("plain".getBytes());
    assertThat(decoded.signerPublicKey()).isEqualTo(SIGNER.publicKey());
    assertThat(decoded.plaintext()).isEqualTo(plaintext);
  }

  private static byte[] encrypt(Mode mode, byte[] payload, Secp256k1.KeyPair signer)
      throws PayloadException {
    return mode == Mode.SYMMETRIC
        ? PayloadCodec.encryptSymmetric(payload, SYM_KEY, signer, RANDOM)
        : PayloadCodec.encryptAsymmetric(payload, RECIPIENT.publicKey(), signer, RANDOM);
  }

  private static DecodedPayload decrypt(Mode mode, byte[] data, Secp256k1.KeyPair key)
      throws PayloadException {
    return mode == Mode.SYMMETRIC
        ? PayloadCodec.decryptSymmetric(data, SYM_KEY)
        : PayloadCodec.decryptAsymmetric(data, key);
  }

  private static void assertReason(ThrowingCallable call, PayloadException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            PayloadException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}

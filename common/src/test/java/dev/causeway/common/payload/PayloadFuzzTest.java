package dev.causeway.common.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Ecies;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.testing.RandomInputs;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every decode/decrypt entry point, fed random bytes or mutated valid encodings, either succeeds
 * with a consistent result or throws {@link PayloadException} — never anything else.
 */
class PayloadFuzzTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Secp256k1.KeyPair KEY = Secp256k1.KeyPair.random(RANDOM);
  private static final Secp256k1.KeyPair SIGNER = Secp256k1.KeyPair.random(RANDOM);
  private static final byte[] SYM_KEY = SymmetricKeys.fromPassword("fuzz");

  @Test
  void randomPlaintextDecodesConsistentlyOrThrowsTyped() {
    RandomInputs.forEachCase(500, r -> checkPlaintextDecode(RandomInputs.bytes(r, 600)));
  }

  @Test
  void randomPlaintextWithSignatureFlagOnlyThrowsTyped() {
    RandomInputs.forEachCase(
        300,
        r -> {
          byte[] bytes = RandomInputs.bytes(r, 1, 400);
          bytes[0] |= WakuPayload.FLAG_SIGNED;
          checkPlaintextDecode(bytes);
        });
  }

  @Test
  void mutatedValidPlaintextOnlyThrowsTyped() {
    RandomInputs.forEachCase(
        300,
        r -> {
          byte[] valid =
              WakuPayload.encode(
                  RandomInputs.bytes(r, 300), r.nextBoolean() ? SIGNER : null, RANDOM);
          checkPlaintextDecode(RandomInputs.mutate(r, valid));
        });
  }

  @Test
  void randomSymmetricDataThrowsTyped() {
    RandomInputs.forEachCase(
        300,
        r -> {
          byte[] data = RandomInputs.bytes(r, 400);
          byte[] key = RandomInputs.bytes(r, 40);
          assertThatThrownBy(() -> PayloadCodec.decryptSymmetric(data, key))
              .isInstanceOf(PayloadException.class);
          assertThatThrownBy(() -> PayloadCodec.decryptSymmetric(data, SYM_KEY))
              .isInstanceOf(PayloadException.class);
          assertThatThrownBy(() -> SymmetricCipher.decrypt(SYM_KEY, data))
              .isInstanceOf(PayloadException.class);
        });
  }

  @Test
  void mutatedSymmetricDataThrowsTyped() {
    RandomInputs.forEachCase(
        300,
        r -> {
          byte[] data =
              PayloadCodec.encryptSymmetric(RandomInputs.bytes(r, 300), SYM_KEY, null, RANDOM);
          flipOneByte(r, data);
          assertThatThrownBy(() -> PayloadCodec.decryptSymmetric(data, SYM_KEY))
              .isInstanceOf(PayloadException.class);
        });
  }

  @Test
  void garbageUnderValidSymmetricTagOnlyThrowsTyped() {
    RandomInputs.forEachCase(
        300,
        r -> {
          byte[] plaintext = RandomInputs.bytes(r, 400);
          byte[] data = SymmetricCipher.encrypt(SYM_KEY, plaintext, RANDOM);
          try {
            assertConsistent(PayloadCodec.decryptSymmetric(data, SYM_KEY), plaintext.length);
          } catch (PayloadException expected) {
            // typed rejection is the other allowed outcome
          }
        });
  }

  @Test
  void randomAsymmetricDataThrowsTyped() {
    RandomInputs.forEachCase(
        300,
        r -> {
          byte[] data = RandomInputs.bytes(r, 400);
          if (r.nextBoolean() && data.length > 0) {
            data[0] = 0x04;
          }
          assertThatThrownBy(() -> PayloadCodec.decryptAsymmetric(data, KEY))
              .isInstanceOf(PayloadException.class);
        });
  }

  @Test
  void asymmetricDataWithValidEphemeralKeyButRandomRestThrowsTyped() {
    RandomInputs.forEachCase(
        100,
        r -> {
          byte[] rest = RandomInputs.bytes(r, Ecies.OVERHEAD - 65, 300);
          byte[] data = new byte[65 + rest.length];
          data[0] = 0x04;
          System.arraycopy(Secp256k1.KeyPair.random(RANDOM).publicKey(), 0, data, 1, 64);
          System.arraycopy(rest, 0, data, 65, rest.length);
          assertThatThrownBy(() -> PayloadCodec.decryptAsymmetric(data, KEY))
              .isInstanceOf(PayloadException.class);
        });
  }

  @Test
  void mutatedAsymmetricDataThrowsTyped() {
    RandomInputs.forEachCase(
        100,
        r -> {
          byte[] data =
              PayloadCodec.encryptAsymmetric(
                  RandomInputs.bytes(r, 300), KEY.publicKey(), SIGNER, RANDOM);
          flipOneByte(r, data);
          assertThatThrownBy(() -> PayloadCodec.decryptAsymmetric(data, KEY))
              .isInstanceOf(PayloadException.class);
        });
  }

  @Test
  void garbageUnderValidEciesMacOnlyThrowsTyped() {
    RandomInputs.forEachCase(
        100,
        r -> {
          byte[] plaintext = RandomInputs.bytes(r, 400);
          byte[] data = Ecies.encrypt(KEY.publicKey(), plaintext, null, RANDOM);
          try {
            assertConsistent(PayloadCodec.decryptAsymmetric(data, KEY), plaintext.length);
          } catch (PayloadException expected) {
            // typed rejection is the other allowed outcome
          }
        });
  }

  private static void flipOneByte(Random r, byte[] data) {
    data[r.nextInt(data.length)] ^= (byte) (1 + r.nextInt(255));
  }

  private static void checkPlaintextDecode(byte[] bytes) {
    for (int entry = 0; entry < 2; entry++) {
      try {
        DecodedPayload decoded =
            entry == 0 ? PayloadCodec.decodeUnencrypted(bytes) : WakuPayload.decode(bytes);
        assertConsistent(decoded, bytes.length);
        assertThat(decoded.plaintext()).isEqualTo(bytes);
      } catch (PayloadException expected) {
        // typed rejection is the other allowed outcome
      }
    }
  }

  private static void assertConsistent(DecodedPayload decoded, int plaintextLength) {
    int sigLen = decoded.isSigned() ? WakuPayload.SIGNATURE_LENGTH : 0;
    int n = decoded.plaintext()[0] & WakuPayload.FLAG_SIZE_MASK;
    assertThat(1 + n + decoded.payloadLength() + decoded.padding().length + sigLen)
        .isEqualTo(plaintextLength);
    assertThat(decoded.payload()).hasSize(decoded.payloadLength());
    if (decoded.isSigned()) {
      assertThat(decoded.signerPublicKey()).hasSize(64);
      assertThat(decoded.signature()).hasSize(65);
    }
  }
}

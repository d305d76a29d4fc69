package dev.causeway.common.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Ecies;
import dev.causeway.common.crypto.Secp256k1;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Every decode/decrypt entry point, fed random bytes or mutated valid encodings, either succeeds
 * with a consistent result or throws {@link PayloadException} — never anything else.
 */
class PayloadFuzzTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Secp256k1.KeyPair KEY = Secp256k1.KeyPair.random(RANDOM);
  private static final Secp256k1.KeyPair SIGNER = Secp256k1.KeyPair.random(RANDOM);
  private static final byte[] SYM_KEY = SymmetricKeys.fromPassword("fuzz");

  @Property(tries = 500)
  void randomPlaintextDecodesConsistentlyOrThrowsTyped(@ForAll @Size(max = 600) byte[] bytes) {
    checkPlaintextDecode(bytes);
  }

  @Property(tries = 300)
  void randomPlaintextWithSignatureFlagOnlyThrowsTyped(
      @ForAll @Size(min = 1, max = 400) byte[] bytes) {
    bytes[0] |= WakuPayload.FLAG_SIGNED;
    checkPlaintextDecode(bytes);
  }

  @Property(tries = 300)
  void mutatedValidPlaintextOnlyThrowsTyped(
      @ForAll @Size(max = 300) byte[] payload,
      @ForAll boolean signed,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll byte mask,
      @ForAll @IntRange(min = 0, max = 100) int truncate)
      throws Exception {
    byte[] valid = WakuPayload.encode(payload, signed ? SIGNER : null, RANDOM);
    byte[] mutated = java.util.Arrays.copyOf(valid, Math.max(0, valid.length - truncate));
    if (mutated.length > 0) {
      mutated[position % mutated.length] ^= mask;
    }
    checkPlaintextDecode(mutated);
  }

  @Property(tries = 300)
  void randomSymmetricDataThrowsTyped(
      @ForAll @Size(max = 400) byte[] data, @ForAll @Size(max = 40) byte[] key) {
    assertThatThrownBy(() -> PayloadCodec.decryptSymmetric(data, key))
        .isInstanceOf(PayloadException.class);
    assertThatThrownBy(() -> PayloadCodec.decryptSymmetric(data, SYM_KEY))
        .isInstanceOf(PayloadException.class);
    assertThatThrownBy(() -> SymmetricCipher.decrypt(SYM_KEY, data))
        .isInstanceOf(PayloadException.class);
  }

  @Property(tries = 300)
  void mutatedSymmetricDataThrowsTyped(
      @ForAll @Size(max = 300) byte[] payload,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll byte mask)
      throws Exception {
    byte[] data = PayloadCodec.encryptSymmetric(payload, SYM_KEY, null, RANDOM);
    data[position % data.length] ^= (byte) (mask == 0 ? 1 : mask);
    assertThatThrownBy(() -> PayloadCodec.decryptSymmetric(data, SYM_KEY))
        .isInstanceOf(PayloadException.class);
  }

  @Property(tries = 300)
  void garbageUnderValidSymmetricTagOnlyThrowsTyped(@ForAll @Size(max = 400) byte[] plaintext)
      throws Exception {
    byte[] data = SymmetricCipher.encrypt(SYM_KEY, plaintext, RANDOM);
    try {
      DecodedPayload decoded = PayloadCodec.decryptSymmetric(data, SYM_KEY);
      assertConsistent(decoded, plaintext.length);
    } catch (PayloadException expected) {
      // typed rejection is the other allowed outcome
    }
  }

  @Property(tries = 300)
  void randomAsymmetricDataThrowsTyped(
      @ForAll @Size(max = 400) byte[] data, @ForAll boolean uncompressedPrefix) {
    if (uncompressedPrefix && data.length > 0) {
      data[0] = 0x04;
    }
    assertThatThrownBy(() -> PayloadCodec.decryptAsymmetric(data, KEY))
        .isInstanceOf(PayloadException.class);
  }

  @Property(tries = 200)
  void asymmetricDataWithValidEphemeralKeyButRandomRestThrowsTyped(
      @ForAll @Size(min = Ecies.OVERHEAD - 65, max = 300) byte[] rest) {
    byte[] data = new byte[65 + rest.length];
    data[0] = 0x04;
    System.arraycopy(Secp256k1.KeyPair.random(RANDOM).publicKey(), 0, data, 1, 64);
    System.arraycopy(rest, 0, data, 65, rest.length);
    assertThatThrownBy(() -> PayloadCodec.decryptAsymmetric(data, KEY))
        .isInstanceOf(PayloadException.class);
  }

  @Property(tries = 200)
  void mutatedAsymmetricDataThrowsTyped(
      @ForAll @Size(max = 300) byte[] payload,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll byte mask)
      throws Exception {
    byte[] data = PayloadCodec.encryptAsymmetric(payload, KEY.publicKey(), SIGNER, RANDOM);
    data[position % data.length] ^= (byte) (mask == 0 ? 1 : mask);
    assertThatThrownBy(() -> PayloadCodec.decryptAsymmetric(data, KEY))
        .isInstanceOf(PayloadException.class);
  }

  @Property(tries = 200)
  void garbageUnderValidEciesMacOnlyThrowsTyped(@ForAll @Size(max = 400) byte[] plaintext)
      throws Exception {
    byte[] data = Ecies.encrypt(KEY.publicKey(), plaintext, null, RANDOM);
    try {
      assertConsistent(PayloadCodec.decryptAsymmetric(data, KEY), plaintext.length);
    } catch (PayloadException expected) {
      // typed rejection is the other allowed outcome
    }
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

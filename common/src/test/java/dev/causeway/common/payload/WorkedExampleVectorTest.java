package dev.causeway.common.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.hex.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The symmetric worked example of spec {@code payload-encryption.md} §8. */
class WorkedExampleVectorTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"worked-example-symmetric.txt"})
  void plaintextAndCiphertextMatchVector(String file) throws Exception {
    Map<String, String> v = VectorFiles.keyValues(file);
    byte[] payload = v.get("payload-utf8").getBytes(StandardCharsets.UTF_8);
    byte[] padding = new byte[Integer.parseInt(v.get("padding-zero-bytes"))];

    byte[] plaintext = WakuPayload.encode(payload, padding, null);
    assertThat(plaintext).hasSize(Integer.parseInt(v.get("plaintext-length")));
    assertThat(Hex.encode(plaintext)).startsWith(v.get("plaintext-prefix"));
    assertThat(Hex.encode(Keccak256.hash(plaintext))).isEqualTo(v.get("plaintext-keccak256"));

    byte[] key = SymmetricKeys.fromPassword(v.get("key-password"));
    byte[] nonce = Hex.decode(v.get("nonce"));
    byte[] data = SymmetricCipher.encrypt(key, plaintext, nonce);
    assertThat(data).hasSize(Integer.parseInt(v.get("data-length")));
    assertThat(Hex.encode(data, 0, 16)).isEqualTo(v.get("data-first-16"));
    int tagAt = plaintext.length;
    assertThat(Hex.encode(data, tagAt, SymmetricCipher.TAG_LENGTH)).isEqualTo(v.get("tag"));
    assertThat(Arrays.copyOfRange(data, data.length - SymmetricCipher.NONCE_LENGTH, data.length))
        .isEqualTo(nonce);
    assertThat(Hex.encode(MessageDigest.getInstance("SHA-256").digest(data)))
        .isEqualTo(v.get("data-sha256"));

    DecodedPayload decoded = PayloadCodec.decryptSymmetric(data, key);
    assertThat(decoded.payload()).isEqualTo(payload);
    assertThat(decoded.padding()).isEqualTo(padding);
    assertThat(decoded.isSigned()).isFalse();
    assertThat(decoded.plaintext()).isEqualTo(plaintext);
  }
}

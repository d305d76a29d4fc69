package dev.causeway.common.payload;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Password-derived symmetric keys as created by status-go {@code AddSymKeyFromPassword}, geth
 * whisperv6 and nim-waku {@code generateSymKeyFromPassword}: PBKDF2-HMAC-SHA256 over the UTF-8
 * password with an empty salt, {@value #ITERATIONS} iterations, 32 bytes. Spec {@code
 * payload-encryption.md} §7.
 */
public final class SymmetricKeys {
  /*
   * Design: the iteration count 65,356 (not 65,536) is what every deployed client uses; a
   * "corrected" count would derive a different key and silently break interop, so it stays.
   * Bouncy Castle's PKCS5S2 generator is used because JCA's PBEKeySpec rejects an empty salt.
   */

  /** The PBKDF2 iteration count used by all implementations (sic: 65,356). */
  public static final int ITERATIONS = 65_356;

  private SymmetricKeys() {}

  /** The 32-byte AES key derived from {@code password}. */
  public static byte[] fromPassword(String password) {
    return derive(password, ITERATIONS);
  }

  /** PBKDF2-HMAC-SHA256 with an empty salt and the given iteration count (for tests). */
  static byte[] derive(String password, int iterations) {
    PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
    gen.init(password.getBytes(StandardCharsets.UTF_8), new byte[0], iterations);
    return ((KeyParameter) gen.generateDerivedParameters(SymmetricCipher.KEY_LENGTH * 8)).getKey();
  }
}

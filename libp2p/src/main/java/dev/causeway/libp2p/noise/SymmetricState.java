package dev.causeway.libp2p.noise;

import static dev.causeway.libp2p.noise.NoiseConstants.HASH_LEN;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise SymmetricState {@code (ck, h, cipher)} for SHA-256 and ChaCha20-Poly1305 (spec
 * libp2p-core.md §5.1; Noise spec §5.2). Handshake-only and short-lived, so clarity wins over
 * allocation here.
 */
final class SymmetricState {
  private final MessageDigest sha256;
  private final CipherState cipher = new CipherState();
  private byte[] ck;
  private byte[] h;

  SymmetricState(String protocolName) {
    this.sha256 = newSha256();
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    this.h = name.length <= HASH_LEN ? Arrays.copyOf(name, HASH_LEN) : sha256.digest(name);
    this.ck = h.clone();
  }

  void mixHash(byte[] data) {
    mixHash(data, 0, data.length);
  }

  void mixHash(byte[] data, int off, int len) {
    sha256.update(h);
    sha256.update(data, off, len);
    h = sha256.digest();
  }

  void mixKey(byte[] ikm) {
    byte[][] out = hkdf(ck, ikm, 2);
    ck = out[0];
    cipher.initializeKey(out[1]);
  }

  boolean hasKey() {
    return cipher.hasKey();
  }

  /** {@code EncryptAndHash(p)}: writes the ciphertext into {@code out} and returns its length. */
  int encryptAndHash(byte[] plaintext, byte[] out, int outOff) throws NoiseException {
    int len = cipher.encryptWithAd(h, plaintext, 0, plaintext.length, out, outOff);
    mixHash(out, outOff, len);
    return len;
  }

  int ciphertextLength(int plaintextLength) {
    return cipher.ciphertextLength(plaintextLength);
  }

  /** {@code DecryptAndHash(c)} of {@code in[off, off+len)}. */
  byte[] decryptAndHash(byte[] in, int off, int len) throws NoiseException {
    int plainLen = hasKey() ? len - NoiseConstants.TAG_LEN : len;
    if (plainLen < 0) {
      throw new NoiseException(NoiseException.Reason.BAD_SIZE, "ciphertext shorter than a tag");
    }
    byte[] plain = new byte[plainLen];
    cipher.decryptWithAd(h, in, off, len, plain, 0);
    mixHash(in, off, len);
    return plain;
  }

  /** {@code Split()}: the (initiator→responder, responder→initiator) cipher states. */
  CipherState[] split() {
    byte[][] k = hkdf(ck, new byte[0], 2);
    return new CipherState[] {new CipherState(k[0]), new CipherState(k[1])};
  }

  byte[] handshakeHash() {
    return h.clone();
  }

  /**
   * Noise HKDF with HMAC-SHA-256: {@code t = HMAC(ck, ikm)}, {@code out1 = HMAC(t, 0x01)}, {@code
   * out_i = HMAC(t, out_{i-1} ‖ i)}; {@code outputs} is 2 or 3.
   */
  static byte[][] hkdf(byte[] chainingKey, byte[] ikm, int outputs) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(chainingKey, "HmacSHA256"));
      byte[] temp = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(temp, "HmacSHA256"));
      byte[][] out = new byte[outputs][];
      byte[] prev = new byte[0];
      for (int i = 0; i < outputs; i++) {
        mac.update(prev);
        mac.update((byte) (i + 1));
        out[i] = mac.doFinal();
        prev = out[i];
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks HmacSHA256", e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks SHA-256", e);
    }
  }
}

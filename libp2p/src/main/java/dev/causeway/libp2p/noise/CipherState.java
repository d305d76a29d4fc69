package dev.causeway.libp2p.noise;

import static dev.causeway.libp2p.noise.NoiseConstants.TAG_LEN;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState {@code (k, n)} over ChaCha20-Poly1305 (spec libp2p-core.md §5.1; Noise spec
 * §5.1): encrypts or decrypts one message per call with the 96-bit nonce {@code 0x00000000 ‖ n as
 * 64-bit little-endian}, then increments {@code n}. Without a key it passes data through unchanged
 * (handshake messages before the first DH).
 *
 * <p>Not thread-safe; after a transport split each direction has its own instance. {@code n} is
 * unsigned; the value 2<sup>64</sup>−1 is reserved, so reaching it raises {@link
 * NoiseException.Reason#NONCE_EXHAUSTED} (libp2p never rekeys).
 */
public final class CipherState {
  /*
   * Design: the JDK's ChaCha20-Poly1305 Cipher is created once per CipherState and re-initialised
   * for every message, since the JDK demands a fresh (key, nonce) per init in encrypt mode anyway;
   * the key spec is created once per installed key. The array-range methods let the frame codec
   * encrypt straight into its output buffer after the length prefix without staging copies. A
   * failed decryption leaves n unchanged (Noise spec §5.1), so it may be retried, although libp2p
   * callers treat it as fatal.
   */
  private static final String TRANSFORMATION = "ChaCha20-Poly1305";
  private static final long RESERVED_NONCE = -1L; // 2^64 - 1 as an unsigned long

  private final Cipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private SecretKeySpec key;
  private long n;

  CipherState() {
    try {
      this.cipher = Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + TRANSFORMATION, e);
    }
  }

  /** A cipher state with {@code key} installed and {@code n = 0}. */
  CipherState(byte[] key) {
    this();
    initializeKey(key);
  }

  /** Installs a 32-byte key and resets {@code n} to 0. */
  void initializeKey(byte[] k) {
    if (k.length != 32) {
      throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes");
    }
    this.key = new SecretKeySpec(k, "ChaCha20");
    this.n = 0;
  }

  public boolean hasKey() {
    return key != null;
  }

  /** The next nonce, as an unsigned 64-bit value. */
  public long nonce() {
    return n;
  }

  /** Sets the next nonce (tests of nonce exhaustion; Noise {@code SetNonce}). */
  void setNonce(long nonce) {
    this.n = nonce;
  }

  /** Ciphertext length for a plaintext of {@code len} bytes under this state. */
  public int ciphertextLength(int len) {
    return hasKey() ? len + TAG_LEN : len;
  }

  /**
   * Encrypts {@code in[inOff, inOff+len)} with associated data {@code ad} into {@code out} at
   * {@code outOff}, which must have room for {@link #ciphertextLength(int)} bytes.
   *
   * @return the number of bytes written
   */
  public int encryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff)
      throws NoiseException {
    if (key == null) {
      System.arraycopy(in, inOff, out, outOff, len);
      return len;
    }
    checkNonce();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, nextIv());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      int written = cipher.doFinal(in, inOff, len, out, outOff);
      n++;
      return written;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Decrypts and authenticates {@code in[inOff, inOff+len)} into {@code out} at {@code outOff},
   * which must have room for {@code len - 16} bytes (or {@code len} without a key).
   *
   * @return the number of plaintext bytes written
   * @throws NoiseException BAD_TAG if authentication fails or the input is shorter than a tag;
   *     NONCE_EXHAUSTED at the reserved nonce
   */
  public int decryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff)
      throws NoiseException {
    if (key == null) {
      System.arraycopy(in, inOff, out, outOff, len);
      return len;
    }
    if (len < TAG_LEN) {
      throw new NoiseException(
          NoiseException.Reason.BAD_TAG, "ciphertext of " + len + " bytes is shorter than a tag");
    }
    checkNonce();
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, nextIv());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      int written = cipher.doFinal(in, inOff, len, out, outOff);
      n++;
      return written;
    } catch (AEADBadTagException e) {
      forgetLastNonce();
      throw new NoiseException(NoiseException.Reason.BAD_TAG, "authentication tag mismatch");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  /**
   * Encrypts a whole message; see {@link #encryptWithAd(byte[], byte[], int, int, byte[], int)}.
   */
  public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
    byte[] out = new byte[ciphertextLength(plaintext.length)];
    encryptWithAd(ad, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /**
   * Decrypts a whole message; see {@link #decryptWithAd(byte[], byte[], int, int, byte[], int)}.
   */
  public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
    if (key != null && ciphertext.length < TAG_LEN) {
      throw new NoiseException(
          NoiseException.Reason.BAD_TAG,
          "ciphertext of " + ciphertext.length + " bytes is shorter than a tag");
    }
    byte[] out = new byte[key == null ? ciphertext.length : ciphertext.length - TAG_LEN];
    decryptWithAd(ad, ciphertext, 0, ciphertext.length, out, 0);
    return out;
  }

  private void checkNonce() throws NoiseException {
    if (n == RESERVED_NONCE) {
      throw new NoiseException(
          NoiseException.Reason.NONCE_EXHAUSTED, "nonce 2^64-1 reached; the connection must close");
    }
  }

  /**
   * The JDK cipher refuses an init with the same key and nonce as its previous init, in either
   * mode. After a failed decryption n stays put, so a retry at that nonce would trip the check; an
   * init with a nonce that no counter produces (non-zero first bytes) clears it.
   */
  private void forgetLastNonce() {
    try {
      byte[] scratch = new byte[12];
      Arrays.fill(scratch, (byte) 0xff);
      cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(scratch));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 re-initialisation failed", e);
    }
  }

  private IvParameterSpec nextIv() {
    long v = n;
    for (int i = 4; i < 12; i++) {
      nonceBytes[i] = (byte) v;
      v >>>= 8;
    }
    return new IvParameterSpec(nonceBytes);
  }
}

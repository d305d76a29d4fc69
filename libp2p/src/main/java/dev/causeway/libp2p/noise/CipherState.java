package dev.causeway.libp2p.noise;

import static dev.causeway.libp2p.noise.NoiseConstants.TAG_LEN;

import java.nio.ByteBuffer;

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
   * Design: the AEAD is chosen per JVM by Aead.create(): our own ChaCha20Poly1305 on JDKs whose
   * Cipher has no ChaCha20/Poly1305 intrinsics (on JDK 17 it is 2.3-2.7 times faster), else the JDK
   * Cipher. It is created once per CipherState; installing a key only re-reads the key words. The array-range methods let the frame codec encrypt straight into its output buffer
   * after the length prefix, and decrypt in place, without staging copies. A failed decryption
   * writes nothing and leaves n unchanged (Noise spec §5.1), so it may be retried, although
   * libp2p callers treat it as fatal.
   */
  private static final long RESERVED_NONCE = -1L; // 2^64 - 1 as an unsigned long

  private final Aead aead;
  private boolean keyed;
  private long n;

  CipherState() {
    this.aead = Aead.create();
  }

  /** A cipher state with {@code key} installed and {@code n = 0}. */
  CipherState(byte[] key) {
    this(key, Aead.create());
  }

  /** As {@link #CipherState(byte[])} over a given AEAD implementation (tests of each). */
  CipherState(byte[] key, Aead aead) {
    this.aead = aead;
    initializeKey(key);
  }

  /** Installs a 32-byte key and resets {@code n} to 0. */
  void initializeKey(byte[] k) {
    if (k.length != 32) {
      throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes");
    }
    aead.setKey(k);
    this.keyed = true;
    this.n = 0;
  }

  public boolean hasKey() {
    return keyed;
  }

  /** The next nonce, as an unsigned 64-bit value. */
  public long nonce() {
    return n;
  }

  /**
   * Sets the next nonce (Noise {@code SetNonce}): for tests of nonce exhaustion and benchmarks that
   * decrypt the same frames repeatedly. Never needed on a live connection.
   */
  public void setNonce(long nonce) {
    this.n = nonce;
  }

  /** Ciphertext length for a plaintext of {@code len} bytes under this state. */
  public int ciphertextLength(int len) {
    return hasKey() ? len + TAG_LEN : len;
  }

  /**
   * Encrypts {@code in[inOff, inOff+len)} with associated data {@code ad} into {@code out} at
   * {@code outOff}, which must have room for {@link #ciphertextLength(int)} bytes. {@code out} may
   * be {@code in} if {@code outOff <= inOff}.
   *
   * @return the number of bytes written
   */
  public int encryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff)
      throws NoiseException {
    if (!keyed) {
      System.arraycopy(in, inOff, out, outOff, len);
      return len;
    }
    checkNonce();
    int written =
        aead.encrypt(0, (int) n, (int) (n >>> 32), ad, 0, ad.length, in, inOff, len, out, outOff);
    n++;
    return written;
  }

  /**
   * Decrypts and authenticates {@code in[inOff, inOff+len)} into {@code out} at {@code outOff},
   * which must have room for {@code len - 16} bytes (or {@code len} without a key). {@code out} may
   * be {@code in} if {@code outOff <= inOff} (in-place decryption); on failure nothing is written.
   *
   * @return the number of plaintext bytes written
   * @throws NoiseException BAD_TAG if authentication fails or the input is shorter than a tag;
   *     NONCE_EXHAUSTED at the reserved nonce
   */
  public int decryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff)
      throws NoiseException {
    if (!keyed) {
      System.arraycopy(in, inOff, out, outOff, len);
      return len;
    }
    if (len < TAG_LEN) {
      throw new NoiseException(
          NoiseException.Reason.BAD_TAG, "ciphertext of " + len + " bytes is shorter than a tag");
    }
    checkNonce();
    if (!aead.decrypt(
        0, (int) n, (int) (n >>> 32), ad, 0, ad.length, in, inOff, len, out, outOff)) {
      throw new NoiseException(NoiseException.Reason.BAD_TAG, "authentication tag mismatch");
    }
    n++;
    return len - TAG_LEN;
  }

  /**
   * Whether the AEAD's fast path is direct {@link ByteBuffer}s (see {@link
   * #encryptWithAd(ByteBuffer, ByteBuffer)}); true for Conscrypt.
   */
  public boolean prefersDirectBuffers() {
    return aead.prefersDirectBuffers();
  }

  /**
   * Encrypts the remaining bytes of {@code in} with empty associated data into {@code out} at its
   * position (room for {@link #ciphertextLength(int)} bytes; no overlap with {@code in}), advancing
   * both. With a direct-buffer AEAD ({@link #prefersDirectBuffers()}) and direct buffers nothing is
   * copied besides the cipher's own pass.
   *
   * @return the number of bytes written
   */
  public int encryptWithAd(ByteBuffer in, ByteBuffer out) throws NoiseException {
    if (!keyed) {
      int len = in.remaining();
      out.put(in);
      return len;
    }
    checkNonce();
    int written = aead.encrypt(0, (int) n, (int) (n >>> 32), in, out);
    n++;
    return written;
  }

  /**
   * Decrypts and authenticates the remaining bytes of {@code in} (empty associated data) into
   * {@code out} at its position (room for {@code in.remaining() - 16} bytes; no overlap), advancing
   * both. On failure no plaintext is released, both positions and {@code n} are unchanged, and the
   * bytes of {@code out} past its position may have been overwritten.
   *
   * @return the number of plaintext bytes written
   * @throws NoiseException BAD_TAG if authentication fails or the input is shorter than a tag;
   *     NONCE_EXHAUSTED at the reserved nonce
   */
  public int decryptWithAd(ByteBuffer in, ByteBuffer out) throws NoiseException {
    int len = in.remaining();
    if (!keyed) {
      out.put(in);
      return len;
    }
    if (len < TAG_LEN) {
      throw new NoiseException(
          NoiseException.Reason.BAD_TAG, "ciphertext of " + len + " bytes is shorter than a tag");
    }
    checkNonce();
    if (!aead.decrypt(0, (int) n, (int) (n >>> 32), in, out)) {
      throw new NoiseException(NoiseException.Reason.BAD_TAG, "authentication tag mismatch");
    }
    n++;
    return len - TAG_LEN;
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
    if (keyed && ciphertext.length < TAG_LEN) {
      throw new NoiseException(
          NoiseException.Reason.BAD_TAG,
          "ciphertext of " + ciphertext.length + " bytes is shorter than a tag");
    }
    byte[] out = new byte[keyed ? ciphertext.length - TAG_LEN : ciphertext.length];
    decryptWithAd(ad, ciphertext, 0, ciphertext.length, out, 0);
    return out;
  }

  private void checkNonce() throws NoiseException {
    if (n == RESERVED_NONCE) {
      throw new NoiseException(
          NoiseException.Reason.NONCE_EXHAUSTED, "nonce 2^64-1 reached; the connection must close");
    }
  }
}

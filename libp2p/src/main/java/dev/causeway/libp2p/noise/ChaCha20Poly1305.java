package dev.causeway.libp2p.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The ChaCha20-Poly1305 AEAD of RFC 8439 §2.8 in pure Java, for the Noise {@link CipherState} on
 * JDKs without ChaCha20/Poly1305 intrinsics (see {@link Aead#create()}): a 32-byte key installed
 * once, then any number of {@link #encrypt}/{@link #decrypt} calls each with its own 96-bit nonce
 * (given as three little-endian words, nonce bytes 0–3, 4–7, 8–11) and associated data. The tag is
 * 16 bytes and follows the ciphertext.
 *
 * <p>Output may be the same array as the input when it starts at the same offset or earlier (in
 * place, or compacting towards the front); it must not overlap the associated data. Not thread-safe
 * (reused scratch state; one instance per direction).
 */
final class ChaCha20Poly1305 implements Aead {
  /*
   * Why not the JDK's Cipher: on JDK 17 its ChaCha20 and Poly1305 are generic Java (no
   * intrinsics before JDK 20) and every message pays a Cipher.init with fresh key and parameter
   * objects; this class reaches 2.3-2.7 times its throughput on 17 (see NoiseTransportBenchmark
   * and docs/benchmarks-libp2p.md).
   *
   * Encryption is ChaCha20 from block 1 over the plaintext, then Poly1305 over the ciphertext.
   * Decryption authenticates first and decrypts only if the tag matches, so on failure the
   * output range is untouched (no unauthenticated plaintext, and an in-place caller keeps its
   * ciphertext). The one-time Poly1305 key is keystream block 0 (§2.6), computed into a reused
   * scratch array; tag comparison XOR-accumulates all 16 bytes (constant time).
   */
  static final int KEY_LEN = 32;
  static final int NONCE_LEN = 12;
  static final int TAG_LEN = 16;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final ChaCha20 chacha = new ChaCha20();
  private final Poly1305 poly = new Poly1305();
  private final byte[] block0 = new byte[ChaCha20.BLOCK_LEN];
  private final byte[] lengths = new byte[16];
  private final byte[] tag = new byte[TAG_LEN];
  private boolean keyed;

  ChaCha20Poly1305() {}

  ChaCha20Poly1305(byte[] key) {
    setKey(key);
  }

  @Override
  public void setKey(byte[] key) {
    if (key.length != KEY_LEN) {
      throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes");
    }
    chacha.setKey(key, 0);
    keyed = true;
  }

  /** The three nonce words of a 12-byte nonce, for the word-based methods. */
  static int[] nonceWords(byte[] nonce) {
    if (nonce.length != NONCE_LEN) {
      throw new IllegalArgumentException("nonce must be 12 bytes");
    }
    return new int[] {
      ChaCha20.nonceWord(nonce, 0), ChaCha20.nonceWord(nonce, 1), ChaCha20.nonceWord(nonce, 2)
    };
  }

  /**
   * Seals {@code in[inOff, inOff+len)} with associated data {@code ad[adOff, adOff+adLen)} under
   * nonce words {@code n0..n2}, writing ciphertext ‖ tag ({@code len + 16} bytes) to {@code out} at
   * {@code outOff}.
   *
   * @return {@code len + 16}
   */
  @Override
  public int encrypt(
      int n0,
      int n1,
      int n2,
      byte[] ad,
      int adOff,
      int adLen,
      byte[] in,
      int inOff,
      int len,
      byte[] out,
      int outOff) {
    requireKey();
    Objects.checkFromIndexSize(adOff, adLen, ad.length);
    Objects.checkFromIndexSize(inOff, len, in.length);
    Objects.checkFromIndexSize(outOff, len + TAG_LEN, out.length);
    startMac(n0, n1, n2, ad, adOff, adLen);
    chacha.xor(1, n0, n1, n2, in, inOff, len, out, outOff);
    finishMac(out, outOff, adLen, len);
    System.arraycopy(tag, 0, out, outOff + len, TAG_LEN);
    return len + TAG_LEN;
  }

  /**
   * Opens {@code in[inOff, inOff+len)} (ciphertext ‖ tag) with associated data under nonce words
   * {@code n0..n2}, writing the {@code len - 16} plaintext bytes to {@code out} at {@code outOff}
   * if the tag is valid.
   *
   * @return false, having written nothing, if {@code len < 16} or the tag does not match
   */
  @Override
  public boolean decrypt(
      int n0,
      int n1,
      int n2,
      byte[] ad,
      int adOff,
      int adLen,
      byte[] in,
      int inOff,
      int len,
      byte[] out,
      int outOff) {
    requireKey();
    Objects.checkFromIndexSize(adOff, adLen, ad.length);
    Objects.checkFromIndexSize(inOff, len, in.length);
    if (len < TAG_LEN) {
      return false;
    }
    int plainLen = len - TAG_LEN;
    Objects.checkFromIndexSize(outOff, plainLen, out.length);
    startMac(n0, n1, n2, ad, adOff, adLen);
    finishMac(in, inOff, adLen, plainLen);
    int diff = 0;
    for (int i = 0; i < TAG_LEN; i++) {
      diff |= tag[i] ^ in[inOff + plainLen + i];
    }
    if (diff != 0) {
      return false;
    }
    chacha.xor(1, n0, n1, n2, in, inOff, plainLen, out, outOff);
    return true;
  }

  private void requireKey() {
    if (!keyed) {
      throw new IllegalStateException("no key installed");
    }
  }

  private void startMac(int n0, int n1, int n2, byte[] ad, int adOff, int adLen) {
    chacha.keystream(0, n0, n1, n2, block0, 0);
    poly.init(block0, 0);
    poly.updatePadded(ad, adOff, adLen);
  }

  /** MACs the ciphertext and the two lengths, leaving the tag in {@code tag}. */
  private void finishMac(byte[] ct, int ctOff, int adLen, int ctLen) {
    poly.updatePadded(ct, ctOff, ctLen);
    LONGS.set(lengths, 0, (long) adLen);
    LONGS.set(lengths, 8, (long) ctLen);
    poly.update(lengths, 0, 16);
    poly.finish(tag, 0);
  }
}

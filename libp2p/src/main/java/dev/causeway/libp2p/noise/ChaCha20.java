package dev.causeway.libp2p.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The ChaCha20 stream cipher of RFC 8439 §2.3–§2.4 (256-bit key, 32-bit block counter, 96-bit
 * nonce), for {@link ChaCha20Poly1305}. Holds only the key; the counter and nonce are passed per
 * call. Not thread-safe (a scratch block is reused for partial blocks).
 */
final class ChaCha20 {
  /*
   * Speed on JDK 17 (whose own ChaCha20 has no intrinsic) comes from two paths.
   *
   * Short runs (fewer than WIDE_MIN_BLOCKS whole blocks, e.g. handshake messages and the
   * Poly1305 key block): the block function keeps its 16 state words in int locals, so C2 holds
   * them in registers and the ten double rounds compile to plain add/xor/rol.
   *
   * Long runs: up to LANES blocks are computed side by side with their states laid out word by
   * word across 16 int arrays (Lanes). Each quarter round is then a simple loop over the blocks,
   * which C2's superword pass compiles to SIMD (AVX2/AVX-512) instructions; this is about four
   * times the scalar speed on the benchmark machine (2.0 vs 0.5 GB/s per core). The arrays are
   * allocated on first use only, so states that never see long messages stay small.
   *
   * Either way the keystream is combined with the input 8 bytes at a time through a
   * little-endian long view of the byte arrays: a long read at byte i of a block is
   * word(i/4) | word(i/4+1) << 32, which is how `pack` builds it. Full blocks go straight from
   * input to output; only a final partial block is staged through `scratch`, so no call
   * allocates after the first. Input and output may be the same array provided the output does
   * not start after the input (each 8-byte word is read before anything at or after it is
   * written).
   */
  static final int KEY_LEN = 32;
  static final int NONCE_LEN = 12;
  static final int BLOCK_LEN = 64;

  /** Blocks computed side by side by the vectorizable path (16 KiB of keystream, 16 KiB state). */
  static final int LANES = 256;

  /** Shortest run of whole blocks worth the vectorizable path. */
  static final int WIDE_MIN_BLOCKS = 10;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  // "expand 32-byte k"
  private static final int C0 = 0x61707865;
  private static final int C1 = 0x3320646e;
  private static final int C2 = 0x79622d32;
  private static final int C3 = 0x6b206574;

  private int k0;
  private int k1;
  private int k2;
  private int k3;
  private int k4;
  private int k5;
  private int k6;
  private int k7;
  private final byte[] scratch = new byte[BLOCK_LEN];
  private Lanes lanes; // allocated on the first long message

  /**
   * The state words of up to {@link #LANES} blocks, one array per word (word w of block l is {@code
   * xw[l]}), so that each quarter round is a loop over blocks that C2 vectorizes.
   */
  private static final class Lanes {
    final int[] x0 = new int[LANES];
    final int[] x1 = new int[LANES];
    final int[] x2 = new int[LANES];
    final int[] x3 = new int[LANES];
    final int[] x4 = new int[LANES];
    final int[] x5 = new int[LANES];
    final int[] x6 = new int[LANES];
    final int[] x7 = new int[LANES];
    final int[] x8 = new int[LANES];
    final int[] x9 = new int[LANES];
    final int[] x10 = new int[LANES];
    final int[] x11 = new int[LANES];
    final int[] x12 = new int[LANES];
    final int[] x13 = new int[LANES];
    final int[] x14 = new int[LANES];
    final int[] x15 = new int[LANES];
  }

  /** Installs a 32-byte key read from {@code key[off, off+32)}. */
  void setKey(byte[] key, int off) {
    Objects.checkFromIndexSize(off, KEY_LEN, key.length);
    k0 = (int) INTS.get(key, off);
    k1 = (int) INTS.get(key, off + 4);
    k2 = (int) INTS.get(key, off + 8);
    k3 = (int) INTS.get(key, off + 12);
    k4 = (int) INTS.get(key, off + 16);
    k5 = (int) INTS.get(key, off + 20);
    k6 = (int) INTS.get(key, off + 24);
    k7 = (int) INTS.get(key, off + 28);
  }

  /** Reads nonce word {@code i} (0..2) of a 12-byte nonce, as the state's words 13..15 hold it. */
  static int nonceWord(byte[] nonce, int i) {
    return (int) INTS.get(nonce, 4 * i);
  }

  /** Writes the 64-byte keystream block {@code counter} for nonce words {@code n0..n2}. */
  void keystream(int counter, int n0, int n1, int n2, byte[] out, int outOff) {
    Objects.checkFromIndexSize(outOff, BLOCK_LEN, out.length);
    Arrays.fill(out, outOff, outOff + BLOCK_LEN, (byte) 0);
    xorBlocks(counter, n0, n1, n2, out, outOff, out, outOff, 1);
  }

  /**
   * XORs {@code in[inOff, inOff+len)} with the keystream starting at block {@code counter} into
   * {@code out} at {@code outOff} (encryption and decryption alike).
   */
  void xor(
      int counter, int n0, int n1, int n2, byte[] in, int inOff, int len, byte[] out, int outOff) {
    Objects.checkFromIndexSize(inOff, len, in.length);
    Objects.checkFromIndexSize(outOff, len, out.length);
    int blocks = len / BLOCK_LEN;
    if (blocks >= WIDE_MIN_BLOCKS) {
      wideXorBlocks(counter, n0, n1, n2, in, inOff, out, outOff, blocks);
    } else {
      xorBlocks(counter, n0, n1, n2, in, inOff, out, outOff, blocks);
    }
    int done = blocks * BLOCK_LEN;
    int rest = len - done;
    if (rest > 0) {
      byte[] s = scratch;
      System.arraycopy(in, inOff + done, s, 0, rest);
      xorBlocks(counter + blocks, n0, n1, n2, s, 0, s, 0, 1);
      System.arraycopy(s, 0, out, outOff + done, rest);
    }
  }

  private void xorBlocks(
      int counter,
      int n0,
      int n1,
      int n2,
      byte[] in,
      int inOff,
      byte[] out,
      int outOff,
      int blocks) {
    final int j4 = k0;
    final int j5 = k1;
    final int j6 = k2;
    final int j7 = k3;
    final int j8 = k4;
    final int j9 = k5;
    final int j10 = k6;
    final int j11 = k7;
    for (int b = 0; b < blocks; b++) {
      final int j12 = counter + b;
      int x0 = C0;
      int x1 = C1;
      int x2 = C2;
      int x3 = C3;
      int x4 = j4;
      int x5 = j5;
      int x6 = j6;
      int x7 = j7;
      int x8 = j8;
      int x9 = j9;
      int x10 = j10;
      int x11 = j11;
      int x12 = j12;
      int x13 = n0;
      int x14 = n1;
      int x15 = n2;
      for (int round = 0; round < 10; round++) {
        // column round: QR(0,4,8,12) QR(1,5,9,13) QR(2,6,10,14) QR(3,7,11,15)
        x0 += x4;
        x12 = Integer.rotateLeft(x12 ^ x0, 16);
        x1 += x5;
        x13 = Integer.rotateLeft(x13 ^ x1, 16);
        x2 += x6;
        x14 = Integer.rotateLeft(x14 ^ x2, 16);
        x3 += x7;
        x15 = Integer.rotateLeft(x15 ^ x3, 16);
        x8 += x12;
        x4 = Integer.rotateLeft(x4 ^ x8, 12);
        x9 += x13;
        x5 = Integer.rotateLeft(x5 ^ x9, 12);
        x10 += x14;
        x6 = Integer.rotateLeft(x6 ^ x10, 12);
        x11 += x15;
        x7 = Integer.rotateLeft(x7 ^ x11, 12);
        x0 += x4;
        x12 = Integer.rotateLeft(x12 ^ x0, 8);
        x1 += x5;
        x13 = Integer.rotateLeft(x13 ^ x1, 8);
        x2 += x6;
        x14 = Integer.rotateLeft(x14 ^ x2, 8);
        x3 += x7;
        x15 = Integer.rotateLeft(x15 ^ x3, 8);
        x8 += x12;
        x4 = Integer.rotateLeft(x4 ^ x8, 7);
        x9 += x13;
        x5 = Integer.rotateLeft(x5 ^ x9, 7);
        x10 += x14;
        x6 = Integer.rotateLeft(x6 ^ x10, 7);
        x11 += x15;
        x7 = Integer.rotateLeft(x7 ^ x11, 7);
        // diagonal round: QR(0,5,10,15) QR(1,6,11,12) QR(2,7,8,13) QR(3,4,9,14)
        x0 += x5;
        x15 = Integer.rotateLeft(x15 ^ x0, 16);
        x1 += x6;
        x12 = Integer.rotateLeft(x12 ^ x1, 16);
        x2 += x7;
        x13 = Integer.rotateLeft(x13 ^ x2, 16);
        x3 += x4;
        x14 = Integer.rotateLeft(x14 ^ x3, 16);
        x10 += x15;
        x5 = Integer.rotateLeft(x5 ^ x10, 12);
        x11 += x12;
        x6 = Integer.rotateLeft(x6 ^ x11, 12);
        x8 += x13;
        x7 = Integer.rotateLeft(x7 ^ x8, 12);
        x9 += x14;
        x4 = Integer.rotateLeft(x4 ^ x9, 12);
        x0 += x5;
        x15 = Integer.rotateLeft(x15 ^ x0, 8);
        x1 += x6;
        x12 = Integer.rotateLeft(x12 ^ x1, 8);
        x2 += x7;
        x13 = Integer.rotateLeft(x13 ^ x2, 8);
        x3 += x4;
        x14 = Integer.rotateLeft(x14 ^ x3, 8);
        x10 += x15;
        x5 = Integer.rotateLeft(x5 ^ x10, 7);
        x11 += x12;
        x6 = Integer.rotateLeft(x6 ^ x11, 7);
        x8 += x13;
        x7 = Integer.rotateLeft(x7 ^ x8, 7);
        x9 += x14;
        x4 = Integer.rotateLeft(x4 ^ x9, 7);
      }
      int i = inOff + b * BLOCK_LEN;
      int o = outOff + b * BLOCK_LEN;
      LONGS.set(out, o, (long) LONGS.get(in, i) ^ pack(x0 + C0, x1 + C1));
      LONGS.set(out, o + 8, (long) LONGS.get(in, i + 8) ^ pack(x2 + C2, x3 + C3));
      LONGS.set(out, o + 16, (long) LONGS.get(in, i + 16) ^ pack(x4 + j4, x5 + j5));
      LONGS.set(out, o + 24, (long) LONGS.get(in, i + 24) ^ pack(x6 + j6, x7 + j7));
      LONGS.set(out, o + 32, (long) LONGS.get(in, i + 32) ^ pack(x8 + j8, x9 + j9));
      LONGS.set(out, o + 40, (long) LONGS.get(in, i + 40) ^ pack(x10 + j10, x11 + j11));
      LONGS.set(out, o + 48, (long) LONGS.get(in, i + 48) ^ pack(x12 + j12, x13 + n0));
      LONGS.set(out, o + 56, (long) LONGS.get(in, i + 56) ^ pack(x14 + n1, x15 + n2));
    }
  }

  /**
   * The same as {@link #xorBlocks} for many blocks: their states are laid out across {@link Lanes}
   * and each quarter round runs over all blocks at once, which C2's superword pass turns into SIMD
   * instructions (JDK 17 has no ChaCha20 intrinsic and no usable Vector API).
   */
  private void wideXorBlocks(
      int counter,
      int n0,
      int n1,
      int n2,
      byte[] in,
      int inOff,
      byte[] out,
      int outOff,
      int blocks) {
    Lanes s = lanes;
    if (s == null) {
      s = lanes = new Lanes();
    }
    while (blocks > 0) {
      int n = Math.min(blocks, LANES);
      initLanes(s, counter, n0, n1, n2, n);
      for (int round = 0; round < 10; round++) {
        quarterRounds(s.x0, s.x4, s.x8, s.x12, n);
        quarterRounds(s.x1, s.x5, s.x9, s.x13, n);
        quarterRounds(s.x2, s.x6, s.x10, s.x14, n);
        quarterRounds(s.x3, s.x7, s.x11, s.x15, n);
        quarterRounds(s.x0, s.x5, s.x10, s.x15, n);
        quarterRounds(s.x1, s.x6, s.x11, s.x12, n);
        quarterRounds(s.x2, s.x7, s.x8, s.x13, n);
        quarterRounds(s.x3, s.x4, s.x9, s.x14, n);
      }
      xorLanes(s, counter, n0, n1, n2, in, inOff, out, outOff, n);
      blocks -= n;
      counter += n;
      inOff += n * BLOCK_LEN;
      outOff += n * BLOCK_LEN;
    }
  }

  /** The initial states of blocks {@code counter .. counter+n-1}. */
  private void initLanes(Lanes s, int counter, int n0, int n1, int n2, int n) {
    Arrays.fill(s.x0, 0, n, C0);
    Arrays.fill(s.x1, 0, n, C1);
    Arrays.fill(s.x2, 0, n, C2);
    Arrays.fill(s.x3, 0, n, C3);
    Arrays.fill(s.x4, 0, n, k0);
    Arrays.fill(s.x5, 0, n, k1);
    Arrays.fill(s.x6, 0, n, k2);
    Arrays.fill(s.x7, 0, n, k3);
    Arrays.fill(s.x8, 0, n, k4);
    Arrays.fill(s.x9, 0, n, k5);
    Arrays.fill(s.x10, 0, n, k6);
    Arrays.fill(s.x11, 0, n, k7);
    int[] x12 = s.x12;
    for (int l = 0; l < n; l++) {
      x12[l] = counter + l;
    }
    Arrays.fill(s.x13, 0, n, n0);
    Arrays.fill(s.x14, 0, n, n1);
    Arrays.fill(s.x15, 0, n, n2);
  }

  /** XORs the input with the keystream of the n blocks whose final states are in {@code s}. */
  private void xorLanes(
      Lanes s,
      int counter,
      int n0,
      int n1,
      int n2,
      byte[] in,
      int inOff,
      byte[] out,
      int outOff,
      int n) {
    final int j4 = k0;
    final int j5 = k1;
    final int j6 = k2;
    final int j7 = k3;
    final int j8 = k4;
    final int j9 = k5;
    final int j10 = k6;
    final int j11 = k7;
    final int[] x0 = s.x0;
    final int[] x1 = s.x1;
    final int[] x2 = s.x2;
    final int[] x3 = s.x3;
    final int[] x4 = s.x4;
    final int[] x5 = s.x5;
    final int[] x6 = s.x6;
    final int[] x7 = s.x7;
    final int[] x8 = s.x8;
    final int[] x9 = s.x9;
    final int[] x10 = s.x10;
    final int[] x11 = s.x11;
    final int[] x12 = s.x12;
    final int[] x13 = s.x13;
    final int[] x14 = s.x14;
    final int[] x15 = s.x15;
    for (int l = 0; l < n; l++) {
      int i = inOff + l * BLOCK_LEN;
      int o = outOff + l * BLOCK_LEN;
      LONGS.set(out, o, (long) LONGS.get(in, i) ^ pack(x0[l] + C0, x1[l] + C1));
      LONGS.set(out, o + 8, (long) LONGS.get(in, i + 8) ^ pack(x2[l] + C2, x3[l] + C3));
      LONGS.set(out, o + 16, (long) LONGS.get(in, i + 16) ^ pack(x4[l] + j4, x5[l] + j5));
      LONGS.set(out, o + 24, (long) LONGS.get(in, i + 24) ^ pack(x6[l] + j6, x7[l] + j7));
      LONGS.set(out, o + 32, (long) LONGS.get(in, i + 32) ^ pack(x8[l] + j8, x9[l] + j9));
      LONGS.set(out, o + 40, (long) LONGS.get(in, i + 40) ^ pack(x10[l] + j10, x11[l] + j11));
      LONGS.set(
          out, o + 48, (long) LONGS.get(in, i + 48) ^ pack(x12[l] + counter + l, x13[l] + n0));
      LONGS.set(out, o + 56, (long) LONGS.get(in, i + 56) ^ pack(x14[l] + n1, x15[l] + n2));
    }
  }

  /** One quarter round on words (a, b, c, d) of blocks 0..n-1: a loop C2 vectorizes. */
  private static void quarterRounds(int[] a, int[] b, int[] c, int[] d, int n) {
    for (int l = 0; l < n; l++) {
      int va = a[l];
      int vb = b[l];
      int vc = c[l];
      int vd = d[l];
      va += vb;
      vd = Integer.rotateLeft(vd ^ va, 16);
      vc += vd;
      vb = Integer.rotateLeft(vb ^ vc, 12);
      va += vb;
      vd = Integer.rotateLeft(vd ^ va, 8);
      vc += vd;
      vb = Integer.rotateLeft(vb ^ vc, 7);
      a[l] = va;
      b[l] = vb;
      c[l] = vc;
      d[l] = vd;
    }
  }

  private static long pack(int lo, int hi) {
    return (lo & 0xFFFF_FFFFL) | ((long) hi << 32);
  }
}

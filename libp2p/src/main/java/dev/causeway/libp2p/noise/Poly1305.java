package dev.causeway.libp2p.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The Poly1305 one-time authenticator of RFC 8439 §2.5, for {@link ChaCha20Poly1305}: {@link #init}
 * with a fresh 32-byte one-time key, {@link #update} any number of times, then {@link #finish}.
 * Reusable after {@code finish} by calling {@code init} again; not thread-safe.
 */
final class Poly1305 {
  /*
   * Arithmetic modulo p = 2^130 - 5 with the accumulator h and the clamped key r in five 26-bit
   * limbs held in longs (the poly1305-donna-32 layout). A block costs 25 products of at most
   * 2^26 x 5*2^26 < 2^55, and a row of five of them stays below 2^58, so nothing overflows a
   * long and no 128-bit arithmetic is needed; reduction folds the part above 2^130 back as
   * x 5 (s_i = 5 r_i). This beat a 44-bit-limb version built on Math.multiplyHigh on JDK 17
   * (the 128-bit additions cost more than the extra multiplies save).
   *
   * A 16-byte block is read as two little-endian longs and sliced into limbs directly. The hot
   * loop works on locals and writes the limbs back once per call. Partial blocks are staged in
   * `buf`; `updatePadded` is the AEAD shortcut that zero-pads a message to a block boundary
   * without staging (RFC 8439 §2.8 pads every section to 16 bytes, so AEAD input never needs the
   * short-final-block rule). The final comparison against the received tag is done by the
   * caller in constant time.
   */
  static final int KEY_LEN = 32;
  static final int TAG_LEN = 16;
  private static final int BLOCK = 16;
  private static final long M26 = 0x3ffffff;
  private static final long HIBIT = 1L << 24; // 2^128 in limb 4

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private long r0;
  private long r1;
  private long r2;
  private long r3;
  private long r4;
  private long h0;
  private long h1;
  private long h2;
  private long h3;
  private long h4;
  private long pad0;
  private long pad1;
  private long pad2;
  private long pad3;
  private final byte[] buf = new byte[BLOCK];
  private int bufLen;

  /** Starts a new MAC with the one-time key {@code key[off, off+32)} (r ‖ s). */
  void init(byte[] key, int off) {
    Objects.checkFromIndexSize(off, KEY_LEN, key.length);
    long t0 = (long) LONGS.get(key, off);
    long t1 = (long) LONGS.get(key, off + 8);
    // r &= 0x0ffffffc0ffffffc0ffffffc0fffffff, then split into 26-bit limbs
    r0 = t0 & 0x3ffffff;
    r1 = (t0 >>> 26) & 0x3ffff03;
    r2 = ((t0 >>> 52) | (t1 << 12)) & 0x3ffc0ff;
    r3 = (t1 >>> 14) & 0x3f03fff;
    r4 = (t1 >>> 40) & 0x00fffff;
    pad0 = (int) INTS.get(key, off + 16) & 0xFFFF_FFFFL;
    pad1 = (int) INTS.get(key, off + 20) & 0xFFFF_FFFFL;
    pad2 = (int) INTS.get(key, off + 24) & 0xFFFF_FFFFL;
    pad3 = (int) INTS.get(key, off + 28) & 0xFFFF_FFFFL;
    h0 = 0;
    h1 = 0;
    h2 = 0;
    h3 = 0;
    h4 = 0;
    bufLen = 0;
  }

  /** Absorbs {@code m[off, off+len)}; message bytes may be split across calls anywhere. */
  void update(byte[] m, int off, int len) {
    Objects.checkFromIndexSize(off, len, m.length);
    if (bufLen > 0) {
      int take = Math.min(BLOCK - bufLen, len);
      System.arraycopy(m, off, buf, bufLen, take);
      bufLen += take;
      off += take;
      len -= take;
      if (bufLen < BLOCK) {
        return;
      }
      blocks(buf, 0, 1, HIBIT);
      bufLen = 0;
    }
    int full = len / BLOCK;
    blocks(m, off, full, HIBIT);
    int rest = len - full * BLOCK;
    if (rest > 0) {
      System.arraycopy(m, off + full * BLOCK, buf, 0, rest);
      bufLen = rest;
    }
  }

  /**
   * Absorbs {@code m[off, off+len)} followed by zero bytes up to a multiple of 16 (RFC 8439 §2.8
   * padding). Only valid on a block boundary, i.e. when every earlier update was a multiple of 16
   * bytes or padded.
   */
  void updatePadded(byte[] m, int off, int len) {
    Objects.checkFromIndexSize(off, len, m.length);
    if (bufLen != 0) {
      throw new IllegalStateException("padded update off a block boundary");
    }
    int full = len / BLOCK;
    blocks(m, off, full, HIBIT);
    int rest = len - full * BLOCK;
    if (rest > 0) {
      System.arraycopy(m, off + full * BLOCK, buf, 0, rest);
      java.util.Arrays.fill(buf, rest, BLOCK, (byte) 0);
      blocks(buf, 0, 1, HIBIT);
    }
  }

  /** Writes the 16-byte tag to {@code out} at {@code off}. */
  void finish(byte[] out, int off) {
    Objects.checkFromIndexSize(off, TAG_LEN, out.length);
    if (bufLen > 0) {
      // short final block: append 0x01, pad with zeros, no 2^128 bit
      buf[bufLen] = 1;
      java.util.Arrays.fill(buf, bufLen + 1, BLOCK, (byte) 0);
      blocks(buf, 0, 1, 0);
      bufLen = 0;
    }
    long a0 = h0;
    long a1 = h1;
    long a2 = h2;
    long a3 = h3;
    long a4 = h4;
    // full carry
    long c = a1 >>> 26;
    a1 &= M26;
    a2 += c;
    c = a2 >>> 26;
    a2 &= M26;
    a3 += c;
    c = a3 >>> 26;
    a3 &= M26;
    a4 += c;
    c = a4 >>> 26;
    a4 &= M26;
    a0 += c * 5;
    c = a0 >>> 26;
    a0 &= M26;
    a1 += c;
    // g = h + 5 - 2^130; use g if it is non-negative (h >= p), in constant time
    long g0 = a0 + 5;
    c = g0 >>> 26;
    g0 &= M26;
    long g1 = a1 + c;
    c = g1 >>> 26;
    g1 &= M26;
    long g2 = a2 + c;
    c = g2 >>> 26;
    g2 &= M26;
    long g3 = a3 + c;
    c = g3 >>> 26;
    g3 &= M26;
    long g4 = a4 + c - (1L << 26);
    long useG = ~(g4 >> 63); // all ones when g4 >= 0
    a0 = (a0 & ~useG) | (g0 & useG);
    a1 = (a1 & ~useG) | (g1 & useG);
    a2 = (a2 & ~useG) | (g2 & useG);
    a3 = (a3 & ~useG) | (g3 & useG);
    a4 = (a4 & ~useG) | (g4 & useG);
    // h mod 2^128 as four 32-bit words, plus the pad s
    long w0 = (a0 | (a1 << 26)) & 0xFFFF_FFFFL;
    long w1 = ((a1 >>> 6) | (a2 << 20)) & 0xFFFF_FFFFL;
    long w2 = ((a2 >>> 12) | (a3 << 14)) & 0xFFFF_FFFFL;
    long w3 = ((a3 >>> 18) | (a4 << 8)) & 0xFFFF_FFFFL;
    long f = w0 + pad0;
    INTS.set(out, off, (int) f);
    f = w1 + pad1 + (f >>> 32);
    INTS.set(out, off + 4, (int) f);
    f = w2 + pad2 + (f >>> 32);
    INTS.set(out, off + 8, (int) f);
    f = w3 + pad3 + (f >>> 32);
    INTS.set(out, off + 12, (int) f);
    h0 = 0;
    h1 = 0;
    h2 = 0;
    h3 = 0;
    h4 = 0;
  }

  private void blocks(byte[] m, int off, int count, long hibit) {
    final long r0 = this.r0;
    final long r1 = this.r1;
    final long r2 = this.r2;
    final long r3 = this.r3;
    final long r4 = this.r4;
    final long s1 = r1 * 5;
    final long s2 = r2 * 5;
    final long s3 = r3 * 5;
    final long s4 = r4 * 5;
    long h0 = this.h0;
    long h1 = this.h1;
    long h2 = this.h2;
    long h3 = this.h3;
    long h4 = this.h4;
    for (int i = 0; i < count; i++) {
      int p = off + i * BLOCK;
      long t0 = (long) LONGS.get(m, p);
      long t1 = (long) LONGS.get(m, p + 8);
      h0 += t0 & M26;
      h1 += (t0 >>> 26) & M26;
      h2 += ((t0 >>> 52) | (t1 << 12)) & M26;
      h3 += (t1 >>> 14) & M26;
      h4 += (t1 >>> 40) | hibit;

      long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
      long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
      long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
      long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
      long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

      long c = d0 >>> 26;
      h0 = d0 & M26;
      d1 += c;
      c = d1 >>> 26;
      h1 = d1 & M26;
      d2 += c;
      c = d2 >>> 26;
      h2 = d2 & M26;
      d3 += c;
      c = d3 >>> 26;
      h3 = d3 & M26;
      d4 += c;
      c = d4 >>> 26;
      h4 = d4 & M26;
      h0 += c * 5;
      c = h0 >>> 26;
      h0 &= M26;
      h1 += c;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
  }
}

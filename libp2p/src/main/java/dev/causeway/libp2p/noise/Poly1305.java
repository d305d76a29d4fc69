package dev.causeway.libp2p.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Poly1305 one-time authenticator of RFC 8439 §2.5, for {@link ChaCha20Poly1305}: {@link #init}
 * with a fresh 32-byte one-time key, {@link #update} any number of times, then {@link #finish}.
 * Reusable after {@code finish} by calling {@code init} again; not thread-safe.
 */
final class Poly1305 {
  /*
   * Arithmetic modulo p = 2^130 - 5 in radix 2^64, as OpenSSL's scalar x86-64 code does: the
   * accumulator is h2:h1:h0 (h2 a few bits), the clamped key r1:r0. Clamping clears the top four
   * bits of r0 and r1 and the low two of r1, so s1 = r1 + r1/4 = 5·r1/4 is exact and folds the
   * 2^128·r1 terms back (2^130 ≡ 5). A block then costs four 64x64→128-bit products (a multiply
   * and Math.multiplyHigh each, plus the correction that makes the high half unsigned: r0, r1 and
   * s1 are below 2^63, h0 and h1 are not) and two small ones, against 25 products for five
   * 26-bit limbs (poly1305-donna-32), which measured about 20% slower on JDK 17 and 25; a 44-bit
   * three-limb variant was slower still. Carries of unsigned 64-bit sums are taken from the sign
   * bits (`carry`), which is exact also when a carry-in was added.
   *
   * After each block h2 <= 4, so h < 2^130 + 2^128 < 2p, and the final reduction is one
   * conditional subtraction of p (h + 5 reaching 2^130), selected with a mask (constant time).
   * Partial blocks are staged in `buf`; `updatePadded` is the AEAD shortcut that zero-pads a
   * message to a block boundary without staging (RFC 8439 §2.8 pads every section to 16 bytes, so
   * AEAD input never needs the short-final-block rule). The comparison against a received tag is
   * the caller's, in constant time.
   */
  static final int KEY_LEN = 32;
  static final int TAG_LEN = 16;
  private static final int BLOCK = 16;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private long r0;
  private long r1;
  private long s1;
  private long h0;
  private long h1;
  private long h2;
  private long pad0;
  private long pad1;
  private final byte[] buf = new byte[BLOCK];
  private int bufLen;

  /** Starts a new MAC with the one-time key {@code key[off, off+32)} (r ‖ s). */
  void init(byte[] key, int off) {
    Objects.checkFromIndexSize(off, KEY_LEN, key.length);
    // r &= 0x0ffffffc0ffffffc0ffffffc0fffffff
    r0 = (long) LONGS.get(key, off) & 0x0ffffffc0fffffffL;
    r1 = (long) LONGS.get(key, off + 8) & 0x0ffffffc0ffffffcL;
    s1 = r1 + (r1 >>> 2);
    pad0 = (long) LONGS.get(key, off + 16);
    pad1 = (long) LONGS.get(key, off + 24);
    h0 = 0;
    h1 = 0;
    h2 = 0;
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
      blocks(buf, 0, 1, 1);
      bufLen = 0;
    }
    int full = len / BLOCK;
    blocks(m, off, full, 1);
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
    blocks(m, off, full, 1);
    int rest = len - full * BLOCK;
    if (rest > 0) {
      System.arraycopy(m, off + full * BLOCK, buf, 0, rest);
      Arrays.fill(buf, rest, BLOCK, (byte) 0);
      blocks(buf, 0, 1, 1);
    }
  }

  /** Writes the 16-byte tag to {@code out} at {@code off}. */
  void finish(byte[] out, int off) {
    Objects.checkFromIndexSize(off, TAG_LEN, out.length);
    if (bufLen > 0) {
      // short final block: append 0x01, pad with zeros, no 2^128 bit
      buf[bufLen] = 1;
      Arrays.fill(buf, bufLen + 1, BLOCK, (byte) 0);
      blocks(buf, 0, 1, 0);
      bufLen = 0;
    }
    // g = h + 5; h >= p exactly when g reaches 2^130, and then h mod p = g mod 2^128
    long g0 = h0 + 5;
    long c = carry(h0, 5, g0);
    long g1 = h1 + c;
    c = carry(h1, c, g1);
    long useG = -((h2 + c) >>> 2); // all ones when g >= 2^130
    long f0 = (h0 & ~useG) | (g0 & useG);
    long f1 = (h1 & ~useG) | (g1 & useG);
    long t0 = f0 + pad0;
    long t1 = f1 + pad1 + carry(f0, pad0, t0);
    LONGS.set(out, off, t0);
    LONGS.set(out, off + 8, t1);
    h0 = 0;
    h1 = 0;
    h2 = 0;
  }

  /** The carry out of the unsigned 64-bit sum {@code s = a + b (+ a carry-in)}. */
  private static long carry(long a, long b, long s) {
    return ((a & b) | ((a | b) & ~s)) >>> 63;
  }

  /** Absorbs {@code count} 16-byte blocks, each plus {@code padbit}·2^128. */
  private void blocks(byte[] m, int off, int count, long padbit) {
    final long r0 = this.r0;
    final long r1 = this.r1;
    final long s1 = this.s1;
    long h0 = this.h0;
    long h1 = this.h1;
    long h2 = this.h2;
    for (int i = 0; i < count; i++) {
      int p = off + i * BLOCK;
      long m0 = (long) LONGS.get(m, p);
      long m1 = (long) LONGS.get(m, p + 8);
      // h += block
      long t0 = h0 + m0;
      long c = carry(h0, m0, t0);
      long t1 = h1 + m1 + c;
      h2 += carry(h1, m1, t1) + padbit;
      h0 = t0;
      h1 = t1;
      // d0 = h0·r0 + h1·s1, d1 = h0·r1 + h1·r0 + h2·s1 (at 2^64), d2 = h2·r0 (at 2^128)
      long al = h0 * r0;
      long ah = Math.multiplyHigh(h0, r0) + ((h0 >> 63) & r0);
      long bl = h1 * s1;
      long bh = Math.multiplyHigh(h1, s1) + ((h1 >> 63) & s1);
      long d0l = al + bl;
      long d0h = ah + bh + carry(al, bl, d0l);
      al = h0 * r1;
      ah = Math.multiplyHigh(h0, r1) + ((h0 >> 63) & r1);
      bl = h1 * r0;
      bh = Math.multiplyHigh(h1, r0) + ((h1 >> 63) & r0);
      long d1l = al + bl;
      long d1h = ah + bh + carry(al, bl, d1l);
      long e = h2 * s1;
      long u = d1l + e;
      d1h += carry(d1l, e, u);
      d1l = u + d0h;
      d1h += carry(u, d0h, d1l);
      long d2 = h2 * r0 + d1h;
      // fold the bits from 2^130 up back in (x 5), leaving h2 <= 4
      c = (d2 & ~3L) + (d2 >>> 2);
      h2 = d2 & 3;
      h0 = d0l + c;
      c = carry(d0l, c, h0);
      h1 = d1l + c;
      h2 += carry(d1l, c, h1);
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
  }
}

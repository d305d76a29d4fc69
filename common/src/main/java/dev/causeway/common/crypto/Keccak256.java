package dev.causeway.common.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Keccak-256 as used by Ethereum (original Keccak padding {@code 0x01 .. 0x80}), not NIST SHA3-256.
 *
 * <p>A mutable, copyable sponge. {@link #digest(byte[], int)} finalizes a <em>copy</em> of the
 * state, so the running sponge can keep absorbing: this is what the RLPx MAC states need (spec
 * {@code v1-rlpx-devp2p.md} §4.6). {@link #copyFrom(Keccak256)} restores another sponge's state
 * without allocating, which the PoW miner uses to absorb a fixed envelope prefix once per envelope.
 *
 * <p>Not thread-safe. Reference: FIPS 202 §3 (Keccak-f[1600]) with the pre-standard padding.
 */
public final class Keccak256 {
  /*
   * Design: the 25 lanes live in a long[]; the permutation copies them into locals, runs the 24
   * rounds fully in registers, and writes them back. Input is absorbed lane-wise with a
   * little-endian VarHandle when a whole lane is available, byte-wise otherwise.
   */
  public static final int DIGEST_LENGTH = 32;
  private static final int RATE = 136;
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long[] RC = {
    0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
    0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
    0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
    0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
    0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
    0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L
  };

  private final long[] state = new long[25];

  /** Bytes absorbed into the current (partial) block, 0..RATE-1. */
  private int blockPos;

  public Keccak256() {}

  /** A new sponge with the same state as {@code other}. */
  public Keccak256(Keccak256 other) {
    copyFrom(other);
  }

  /** Makes this sponge's state equal to {@code other}'s without allocating. */
  public Keccak256 copyFrom(Keccak256 other) {
    System.arraycopy(other.state, 0, state, 0, 25);
    blockPos = other.blockPos;
    return this;
  }

  /** Resets to the empty state. */
  public Keccak256 reset() {
    java.util.Arrays.fill(state, 0L);
    blockPos = 0;
    return this;
  }

  public Keccak256 update(byte b) {
    xorByte(blockPos, b);
    if (++blockPos == RATE) {
      permute(state);
      blockPos = 0;
    }
    return this;
  }

  public Keccak256 update(byte[] in) {
    return update(in, 0, in.length);
  }

  public Keccak256 update(byte[] in, int off, int len) {
    // Finish a partial block byte by byte.
    while (len > 0 && (blockPos & 7) != 0) {
      update(in[off++]);
      len--;
    }
    long[] s = state;
    while (len >= 8) {
      s[blockPos >>> 3] ^= (long) LE_LONG.get(in, off);
      off += 8;
      len -= 8;
      blockPos += 8;
      if (blockPos == RATE) {
        permute(s);
        blockPos = 0;
      }
    }
    while (len > 0) {
      update(in[off++]);
      len--;
    }
    return this;
  }

  /** Absorbs the remaining bytes of {@code buf} (position advances to limit). */
  public Keccak256 update(ByteBuffer buf) {
    if (buf.hasArray()) {
      update(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
      buf.position(buf.limit());
    } else {
      while (buf.hasRemaining()) {
        update(buf.get());
      }
    }
    return this;
  }

  /** Absorbs a long as 8 big-endian bytes (the PoW nonce layout). */
  public Keccak256 updateLongBE(long v) {
    if ((blockPos & 7) == 0 && blockPos + 8 <= RATE) {
      state[blockPos >>> 3] ^= Long.reverseBytes(v);
      blockPos += 8;
      if (blockPos == RATE) {
        permute(state);
        blockPos = 0;
      }
      return this;
    }
    for (int i = 56; i >= 0; i -= 8) {
      update((byte) (v >>> i));
    }
    return this;
  }

  /** Writes the digest of everything absorbed so far; the running state is left unchanged. */
  public void digest(byte[] out, int off) {
    long[] s = state.clone();
    finish(s, blockPos);
    for (int i = 0; i < 4; i++) {
      LE_LONG.set(out, off + 8 * i, s[i]);
    }
  }

  /** The digest of everything absorbed so far; the running state is left unchanged. */
  public byte[] digest() {
    byte[] out = new byte[DIGEST_LENGTH];
    digest(out, 0);
    return out;
  }

  /**
   * Finalizes this sponge in place (destroying its state) and returns the first lane of the digest
   * as a big-endian long: its {@link Long#numberOfLeadingZeros} are the digest's leading zero bits
   * up to 64. Allocation-free; used by the PoW miner on a scratch copy.
   */
  public long finishFirstLongBE() {
    finish(state, blockPos);
    return Long.reverseBytes(state[0]);
  }

  /**
   * Finalizes in place and writes the full digest; destroys this sponge's state. Allocation-free.
   */
  public void finishInto(byte[] out, int off) {
    finish(state, blockPos);
    for (int i = 0; i < 4; i++) {
      LE_LONG.set(out, off + 8 * i, state[i]);
    }
  }

  /**
   * Number of leading zero bits of a 32-byte digest held as four big-endian longs from {@code
   * finishInto}.
   */
  public static int leadingZeroBits(byte[] digest, int off) {
    int zeros = 0;
    for (int i = 0; i < DIGEST_LENGTH; i++) {
      int b = digest[off + i] & 0xff;
      if (b == 0) {
        zeros += 8;
      } else {
        return zeros + Integer.numberOfLeadingZeros(b) - 24;
      }
    }
    return zeros;
  }

  /** One-shot Keccak-256. */
  public static byte[] hash(byte[] in) {
    return new Keccak256().update(in).digestAndReset();
  }

  /** One-shot Keccak-256 of a slice. */
  public static byte[] hash(byte[] in, int off, int len) {
    return new Keccak256().update(in, off, len).digestAndReset();
  }

  /** One-shot Keccak-256 of the concatenation of the parts. */
  public static byte[] hash(byte[]... parts) {
    Keccak256 k = new Keccak256();
    for (byte[] p : parts) {
      k.update(p);
    }
    return k.digestAndReset();
  }

  private byte[] digestAndReset() {
    byte[] out = new byte[DIGEST_LENGTH];
    finishInto(out, 0);
    reset();
    return out;
  }

  private void xorByte(int pos, byte b) {
    state[pos >>> 3] ^= (b & 0xffL) << ((pos & 7) << 3);
  }

  private static void finish(long[] s, int pos) {
    s[pos >>> 3] ^= 0x01L << ((pos & 7) << 3);
    s[(RATE - 1) >>> 3] ^= 0x80L << (((RATE - 1) & 7) << 3);
    permute(s);
  }

  private static void permute(long[] s) {
    long a00 = s[0], a01 = s[1], a02 = s[2], a03 = s[3], a04 = s[4];
    long a05 = s[5], a06 = s[6], a07 = s[7], a08 = s[8], a09 = s[9];
    long a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14];
    long a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19];
    long a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
    for (int round = 0; round < 24; round++) {
      // theta
      long c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
      long c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
      long c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
      long c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
      long c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
      long d0 = c4 ^ Long.rotateLeft(c1, 1);
      long d1 = c0 ^ Long.rotateLeft(c2, 1);
      long d2 = c1 ^ Long.rotateLeft(c3, 1);
      long d3 = c2 ^ Long.rotateLeft(c4, 1);
      long d4 = c3 ^ Long.rotateLeft(c0, 1);
      a00 ^= d0;
      a05 ^= d0;
      a10 ^= d0;
      a15 ^= d0;
      a20 ^= d0;
      a01 ^= d1;
      a06 ^= d1;
      a11 ^= d1;
      a16 ^= d1;
      a21 ^= d1;
      a02 ^= d2;
      a07 ^= d2;
      a12 ^= d2;
      a17 ^= d2;
      a22 ^= d2;
      a03 ^= d3;
      a08 ^= d3;
      a13 ^= d3;
      a18 ^= d3;
      a23 ^= d3;
      a04 ^= d4;
      a09 ^= d4;
      a14 ^= d4;
      a19 ^= d4;
      a24 ^= d4;
      // rho + pi: b[y][2x+3y] = rot(a[x][y], r[x][y]); lane index = x + 5y
      long b00 = a00;
      long b10 = Long.rotateLeft(a01, 1);
      long b20 = Long.rotateLeft(a02, 62);
      long b05 = Long.rotateLeft(a03, 28);
      long b15 = Long.rotateLeft(a04, 27);
      long b16 = Long.rotateLeft(a05, 36);
      long b01 = Long.rotateLeft(a06, 44);
      long b11 = Long.rotateLeft(a07, 6);
      long b21 = Long.rotateLeft(a08, 55);
      long b06 = Long.rotateLeft(a09, 20);
      long b07 = Long.rotateLeft(a10, 3);
      long b17 = Long.rotateLeft(a11, 10);
      long b02 = Long.rotateLeft(a12, 43);
      long b12 = Long.rotateLeft(a13, 25);
      long b22 = Long.rotateLeft(a14, 39);
      long b23 = Long.rotateLeft(a15, 41);
      long b08 = Long.rotateLeft(a16, 45);
      long b18 = Long.rotateLeft(a17, 15);
      long b03 = Long.rotateLeft(a18, 21);
      long b13 = Long.rotateLeft(a19, 8);
      long b14 = Long.rotateLeft(a20, 18);
      long b24 = Long.rotateLeft(a21, 2);
      long b09 = Long.rotateLeft(a22, 61);
      long b19 = Long.rotateLeft(a23, 56);
      long b04 = Long.rotateLeft(a24, 14);
      // chi
      a00 = b00 ^ (~b01 & b02);
      a01 = b01 ^ (~b02 & b03);
      a02 = b02 ^ (~b03 & b04);
      a03 = b03 ^ (~b04 & b00);
      a04 = b04 ^ (~b00 & b01);
      a05 = b05 ^ (~b06 & b07);
      a06 = b06 ^ (~b07 & b08);
      a07 = b07 ^ (~b08 & b09);
      a08 = b08 ^ (~b09 & b05);
      a09 = b09 ^ (~b05 & b06);
      a10 = b10 ^ (~b11 & b12);
      a11 = b11 ^ (~b12 & b13);
      a12 = b12 ^ (~b13 & b14);
      a13 = b13 ^ (~b14 & b10);
      a14 = b14 ^ (~b10 & b11);
      a15 = b15 ^ (~b16 & b17);
      a16 = b16 ^ (~b17 & b18);
      a17 = b17 ^ (~b18 & b19);
      a18 = b18 ^ (~b19 & b15);
      a19 = b19 ^ (~b15 & b16);
      a20 = b20 ^ (~b21 & b22);
      a21 = b21 ^ (~b22 & b23);
      a22 = b22 ^ (~b23 & b24);
      a23 = b23 ^ (~b24 & b20);
      a24 = b24 ^ (~b20 & b21);
      // iota
      a00 ^= RC[round];
    }
    s[0] = a00;
    s[1] = a01;
    s[2] = a02;
    s[3] = a03;
    s[4] = a04;
    s[5] = a05;
    s[6] = a06;
    s[7] = a07;
    s[8] = a08;
    s[9] = a09;
    s[10] = a10;
    s[11] = a11;
    s[12] = a12;
    s[13] = a13;
    s[14] = a14;
    s[15] = a15;
    s[16] = a16;
    s[17] = a17;
    s[18] = a18;
    s[19] = a19;
    s[20] = a20;
    s[21] = a21;
    s[22] = a22;
    s[23] = a23;
    s[24] = a24;
  }
}

package dev.causeway.v1.waku.envelope;

import dev.causeway.common.hex.Hex;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 32-byte Keccak-256 envelope hash ({@code v1-waku.md} §5.2), usable as a map key.
 *
 * <p>Held as four longs so that {@code equals}/{@code hashCode} are a few register compares; the
 * hash is uniformly distributed, so its first lane is a good {@code hashCode}.
 */
public final class EnvelopeHash implements Comparable<EnvelopeHash> {
  /** Hash length in bytes. */
  public static final int LENGTH = 32;

  private static final VarHandle BE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final long l0;
  private final long l1;
  private final long l2;
  private final long l3;

  private EnvelopeHash(long l0, long l1, long l2, long l3) {
    this.l0 = l0;
    this.l1 = l1;
    this.l2 = l2;
    this.l3 = l3;
  }

  /** The hash with these 32 bytes. */
  public static EnvelopeHash of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("hash must be 32 bytes, got " + bytes.length);
    }
    return of(bytes, 0);
  }

  /** The hash held in {@code bytes[off..off+32)}. */
  public static EnvelopeHash of(byte[] bytes, int off) {
    return new EnvelopeHash(
        (long) BE_LONG.get(bytes, off),
        (long) BE_LONG.get(bytes, off + 8),
        (long) BE_LONG.get(bytes, off + 16),
        (long) BE_LONG.get(bytes, off + 24));
  }

  /** Parses 64 hex digits (optional {@code 0x}). */
  public static EnvelopeHash fromHex(String hex) {
    return of(Hex.decode(hex));
  }

  /** A fresh copy of the 32 bytes. */
  public byte[] bytes() {
    byte[] out = new byte[LENGTH];
    writeTo(out, 0);
    return out;
  }

  /** Writes the 32 bytes at {@code off}. */
  public void writeTo(byte[] out, int off) {
    BE_LONG.set(out, off, l0);
    BE_LONG.set(out, off + 8, l1);
    BE_LONG.set(out, off + 16, l2);
    BE_LONG.set(out, off + 24, l3);
  }

  public String toHex() {
    return Hex.encode(bytes());
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EnvelopeHash)) {
      return false;
    }
    EnvelopeHash h = (EnvelopeHash) o;
    return l0 == h.l0 && l1 == h.l1 && l2 == h.l2 && l3 == h.l3;
  }

  @Override
  public int hashCode() {
    return (int) (l0 ^ (l0 >>> 32));
  }

  /** Unsigned byte-wise order. */
  @Override
  public int compareTo(EnvelopeHash o) {
    int c = Long.compareUnsigned(l0, o.l0);
    if (c == 0) {
      c = Long.compareUnsigned(l1, o.l1);
    }
    if (c == 0) {
      c = Long.compareUnsigned(l2, o.l2);
    }
    if (c == 0) {
      c = Long.compareUnsigned(l3, o.l3);
    }
    return c;
  }

  @Override
  public String toString() {
    return toHex();
  }
}

package dev.causeway.v1.waku.envelope;

import dev.causeway.common.hex.Hex;

/**
 * A 4-byte {@code waku/1} envelope topic ({@code v1-waku.md} §5.1) and its bloom-filter mappings
 * (§6).
 *
 * <p>Immutable; equality is by the four bytes. {@link #toBloom()} is the spec/nim bloom (bitwise OR
 * of the three bits), {@link #toGoBloom()} the go-ethereum/status-go bloom, which overwrites the
 * byte and may therefore hold fewer bits (§6.2).
 */
public final class Topic {
  /** Topic length in bytes. */
  public static final int LENGTH = 4;

  private final int value;

  private Topic(int value) {
    this.value = value;
  }

  /** The topic with these 4 bytes. */
  public static Topic of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("topic must be 4 bytes, got " + bytes.length);
    }
    return of(bytes, 0);
  }

  /** The topic held in {@code bytes[off..off+4)}. */
  public static Topic of(byte[] bytes, int off) {
    return new Topic(
        ((bytes[off] & 0xff) << 24)
            | ((bytes[off + 1] & 0xff) << 16)
            | ((bytes[off + 2] & 0xff) << 8)
            | (bytes[off + 3] & 0xff));
  }

  /** The topic whose big-endian bytes are {@code value}. */
  public static Topic ofInt(int value) {
    return new Topic(value);
  }

  /** Parses 8 hex digits, optionally prefixed with {@code 0x}. */
  public static Topic fromHex(String hex) {
    return of(Hex.decode(hex));
  }

  /** The topic as a big-endian int. */
  public int toInt() {
    return value;
  }

  /** A fresh copy of the four bytes. */
  public byte[] bytes() {
    byte[] out = new byte[LENGTH];
    writeTo(out, 0);
    return out;
  }

  /** Writes the four bytes at {@code off}. */
  public void writeTo(byte[] out, int off) {
    out[off] = (byte) (value >>> 24);
    out[off + 1] = (byte) (value >>> 16);
    out[off + 2] = (byte) (value >>> 8);
    out[off + 3] = (byte) value;
  }

  /** Lower-case hex, 8 digits, no prefix. */
  public String toHex() {
    return Hex.encode(bytes());
  }

  /**
   * Bloom bit index {@code j} (0..2) of this topic, 0..511: byte {@code j} plus 256 when bit {@code
   * j} of byte 3 is set (§6.1).
   */
  int bloomBit(int j) {
    int n = (value >>> (24 - 8 * j)) & 0xff;
    if ((value & (1 << j)) != 0) {
      n += 256;
    }
    return n;
  }

  /** The spec/nim-waku bloom of this topic: the three bits OR-ed together (§6.1). */
  public BloomFilter toBloom() {
    byte[] b = new byte[BloomFilter.LENGTH];
    for (int j = 0; j < 3; j++) {
      int n = bloomBit(j);
      b[n >>> 3] |= (byte) (1 << (n & 7));
    }
    return BloomFilter.wrap(b);
  }

  /**
   * The go-ethereum/status-go bloom of this topic: each bit assignment overwrites its byte, so bits
   * sharing a byte with a later one are lost (§6.2).
   */
  public BloomFilter toGoBloom() {
    byte[] b = new byte[BloomFilter.LENGTH];
    for (int j = 0; j < 3; j++) {
      int n = bloomBit(j);
      b[n >>> 3] = (byte) (1 << (n & 7));
    }
    return BloomFilter.wrap(b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Topic && ((Topic) o).value == value;
  }

  @Override
  public int hashCode() {
    return value;
  }

  @Override
  public String toString() {
    return "Topic[" + toHex() + "]";
  }
}

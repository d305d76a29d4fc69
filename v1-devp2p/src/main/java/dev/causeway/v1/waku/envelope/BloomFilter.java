package dev.causeway.v1.waku.envelope;

import dev.causeway.common.hex.Hex;
import java.util.Arrays;
import java.util.Collection;

/**
 * A 512-bit (64-byte) {@code waku/1} topic bloom filter ({@code v1-waku.md} §6).
 *
 * <p>Immutable. Bit {@code n} is bit {@code n % 8} (LSB = 0) of byte {@code n / 8}. Filters we
 * <em>advertise</em> are built with the spec-style OR ({@link #ofTopics}); envelopes are
 * <em>tested</em> with the Go-style topic bloom ({@link #matches}), which is a subset of the
 * spec-style one and therefore passes against filters built by either kind of peer (§6.2).
 */
public final class BloomFilter {
  /** Filter length in bytes. */
  public static final int LENGTH = 64;

  /** All bits set: accepts every topic ("full node"). */
  public static final BloomFilter FULL;

  /** No bits set: accepts nothing. */
  public static final BloomFilter EMPTY = new BloomFilter(new byte[LENGTH]);

  static {
    byte[] full = new byte[LENGTH];
    Arrays.fill(full, (byte) 0xff);
    FULL = new BloomFilter(full);
  }

  private final byte[] bits;

  private BloomFilter(byte[] bits) {
    this.bits = bits;
  }

  /** Takes ownership of a 64-byte array (package use only). */
  static BloomFilter wrap(byte[] bits) {
    return new BloomFilter(bits);
  }

  /**
   * A filter with a copy of these 64 bytes.
   *
   * @throws IllegalArgumentException unless {@code bytes.length == 64}
   */
  public static BloomFilter of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("bloom filter must be 64 bytes, got " + bytes.length);
    }
    return new BloomFilter(bytes.clone());
  }

  /** Parses 128 hex digits. */
  public static BloomFilter fromHex(String hex) {
    return of(Hex.decode(hex));
  }

  /** The spec-style (OR) bloom of a set of topics; empty collection gives {@link #EMPTY}. */
  public static BloomFilter ofTopics(Collection<Topic> topics) {
    byte[] b = new byte[LENGTH];
    for (Topic t : topics) {
      for (int j = 0; j < 3; j++) {
        int n = t.bloomBit(j);
        b[n >>> 3] |= (byte) (1 << (n & 7));
      }
    }
    return new BloomFilter(b);
  }

  /**
   * True if the Go-style bloom of {@code topic} is a subset of this filter — the test status-go
   * applies and the one to use before sending to a bloom-mode peer (§6.2).
   */
  public boolean matches(Topic topic) {
    int n0 = topic.bloomBit(0);
    int n1 = topic.bloomBit(1);
    int n2 = topic.bloomBit(2);
    int b0 = n0 >>> 3;
    int b1 = n1 >>> 3;
    int b2 = n2 >>> 3;
    // Go overwrites the byte, so a bit survives only if no later index falls into the same byte.
    if (b0 != b1 && b0 != b2 && !hasBit(n0)) {
      return false;
    }
    if (b1 != b2 && !hasBit(n1)) {
      return false;
    }
    return hasBit(n2);
  }

  /** True if the spec-style (OR) bloom of {@code topic} is a subset of this filter (§6.1). */
  public boolean matchesStrict(Topic topic) {
    return hasBit(topic.bloomBit(0)) && hasBit(topic.bloomBit(1)) && hasBit(topic.bloomBit(2));
  }

  /** True if every bit of {@code other} is set here: {@code (this | other) == this} (§6.1). */
  public boolean contains(BloomFilter other) {
    for (int i = 0; i < LENGTH; i++) {
      if ((bits[i] | other.bits[i]) != bits[i]) {
        return false;
      }
    }
    return true;
  }

  /** Bitwise OR of both filters. */
  public BloomFilter or(BloomFilter other) {
    byte[] b = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      b[i] = (byte) (bits[i] | other.bits[i]);
    }
    return new BloomFilter(b);
  }

  /** True if bit {@code n} (0..511) is set. */
  public boolean hasBit(int n) {
    return (bits[n >>> 3] & (1 << (n & 7))) != 0;
  }

  /** All 512 bits set. */
  public boolean isFull() {
    for (byte b : bits) {
      if (b != (byte) 0xff) {
        return false;
      }
    }
    return true;
  }

  /** No bit set. */
  public boolean isEmpty() {
    for (byte b : bits) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** A fresh copy of the 64 bytes. */
  public byte[] bytes() {
    return bits.clone();
  }

  /** The bytes without copying (package use only; never mutate). */
  byte[] array() {
    return bits;
  }

  public String toHex() {
    return Hex.encode(bits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BloomFilter && Arrays.equals(((BloomFilter) o).bits, bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    if (isFull()) {
      return "BloomFilter[full]";
    }
    if (isEmpty()) {
      return "BloomFilter[empty]";
    }
    return "BloomFilter[" + toHex() + "]";
  }
}

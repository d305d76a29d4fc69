package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.common.hex.Hex;
import java.util.Arrays;

/**
 * An opaque pubsub message id (spec libp2p-gossipsub.md §2 notes, §3.1): arbitrary bytes, compared
 * by value. Waku ids are raw 32-byte SHA-256 digests of the message data. Immutable.
 */
public final class MessageId {
  private final byte[] bytes;
  private final int hash;

  private MessageId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** An id holding a copy of {@code bytes}. */
  public static MessageId of(byte[] bytes) {
    return new MessageId(bytes.clone());
  }

  /** An id that takes ownership of {@code bytes} (the caller must not change them). */
  static MessageId wrap(byte[] bytes) {
    return new MessageId(bytes);
  }

  /** A copy of the id bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The id bytes themselves; callers in this package must not change them. */
  byte[] raw() {
    return bytes;
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageId m && hash == m.hash && Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Lower-case hex of the id. */
  @Override
  public String toString() {
    return Hex.encode(bytes);
  }
}

package dev.causeway.dedup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/** The 128-bit fingerprint of a key: its first 16 bytes as two big-endian longs. */
final class Keys {
  /** Shortest accepted key, in bytes. */
  static final int MIN_KEY_LENGTH = 16;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Keys() {}

  /** Checks the key and returns it. */
  static byte[] check(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "seen-set key must be at least " + MIN_KEY_LENGTH + " bytes, got " + key.length);
    }
    return key;
  }

  /** Bytes 0..7 of a checked key. */
  static long hi(byte[] key) {
    return (long) LONGS.get(key, 0);
  }

  /** Bytes 8..15 of a checked key. */
  static long lo(byte[] key) {
    return (long) LONGS.get(key, 8);
  }
}

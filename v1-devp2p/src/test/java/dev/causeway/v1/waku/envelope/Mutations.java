package dev.causeway.v1.waku.envelope;

import dev.causeway.testing.RandomInputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random-input helpers for the waku/1 codec tests, all driven by a caller's seeded {@link Random}
 * (see {@link RandomInputs#forEachCase}): structural mutations of valid encodings, envelope
 * generators, and value generators that favour the edge values (0, 1, one-byte values, extremes)
 * where RLP encodings change shape.
 */
public final class Mutations {
  private static final int[] INTERESTING = {
    0x00, 0x01, 0x7f, 0x80, 0x81, 0xb7, 0xb8, 0xb9, 0xbf, 0xc0, 0xc1, 0xf7, 0xf8, 0xf9, 0xff
  };
  private static final long[] EDGE_U32 = {
    0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff_fffeL, 0xffff_ffffL
  };
  private static final long[] EDGE_LONGS = {
    0, 1, -1, 0x7f, 0x80, 0xff, Long.MIN_VALUE, Long.MAX_VALUE
  };
  private static final int[] EDGE_INTS = {
    0, 1, -1, 0x7f, 0x80, Integer.MIN_VALUE, Integer.MAX_VALUE
  };

  private Mutations() {}

  /**
   * Applies one mutation chosen at random: flip a bit, set an interesting header byte, truncate,
   * delete a byte, insert a byte. An empty input becomes one random byte.
   */
  public static byte[] mutate(Random r, byte[] valid) {
    int value = r.nextInt(256);
    if (valid.length == 0) {
      return new byte[] {(byte) value};
    }
    int i = r.nextInt(valid.length);
    switch (r.nextInt(5)) {
      case 0:
        {
          byte[] b = valid.clone();
          b[i] ^= (byte) (1 << (value & 7));
          return b;
        }
      case 1:
        {
          byte[] b = valid.clone();
          b[i] = (byte) INTERESTING[value % INTERESTING.length];
          return b;
        }
      case 2:
        return Arrays.copyOf(valid, i);
      case 3:
        {
          byte[] b = new byte[valid.length - 1];
          System.arraycopy(valid, 0, b, 0, i);
          System.arraycopy(valid, i + 1, b, i, valid.length - i - 1);
          return b;
        }
      default:
        {
          byte[] b = new byte[valid.length + 1];
          System.arraycopy(valid, 0, b, 0, i);
          b[i] = (byte) value;
          System.arraycopy(valid, i, b, i + 1, valid.length - i);
          return b;
        }
    }
  }

  /** A random envelope: full uint32 ranges, data 0..300 bytes, any nonce. */
  public static Envelope envelope(Random r) {
    return envelope(r, 300);
  }

  /** A random envelope: full uint32 ranges, data 0..{@code maxData} bytes, any nonce. */
  public static Envelope envelope(Random r, int maxData) {
    long expiry = u32(r);
    long ttl = u32(r);
    Topic topic = Topic.ofInt(anyInt(r));
    byte[] data = RandomInputs.bytes(r, maxData);
    return Envelope.of(expiry, ttl, topic, data, anyLong(r));
  }

  /** A uint32 in [0, {@link Envelope#MAX_UINT32}], often an edge or a one-byte value. */
  public static long u32(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> EDGE_U32[r.nextInt(EDGE_U32.length)];
      case 1, 2 -> r.nextInt(256);
      default -> r.nextLong(Envelope.MAX_UINT32 + 1);
    };
  }

  /** Any long, often an edge or a small value. */
  public static long anyLong(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> EDGE_LONGS[r.nextInt(EDGE_LONGS.length)];
      case 1, 2 -> r.nextInt(511) - 255;
      default -> r.nextLong();
    };
  }

  /** Any int, often an edge or a small value. */
  public static int anyInt(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> EDGE_INTS[r.nextInt(EDGE_INTS.length)];
      case 1, 2 -> r.nextInt(511) - 255;
      default -> r.nextInt();
    };
  }

  /** A string of 0..{@code maxLength} chars, half printable ASCII, half any UTF-16 unit. */
  public static String anyString(Random r, int maxLength) {
    int len = r.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append(r.nextBoolean() ? (char) (0x20 + r.nextInt(0x5f)) : (char) r.nextInt(0x10000));
    }
    return sb.toString();
  }

  /** A list of 0..{@code maxSize} generated elements; short lists are favoured. */
  public static <T> List<T> listOf(Random r, int maxSize, Function<Random, T> element) {
    int size = r.nextInt(4) == 0 ? r.nextInt(Math.min(maxSize, 1) + 1) : r.nextInt(maxSize + 1);
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.apply(r));
    }
    return list;
  }

  /** {@code null} with probability {@code p}, otherwise a generated value. */
  public static <T> T orNull(Random r, double p, Function<Random, T> value) {
    return r.nextDouble() < p ? null : value.apply(r);
  }
}

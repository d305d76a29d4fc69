package dev.causeway.v1.waku.envelope;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik helpers: structural mutations of valid encodings, and envelope generators. */
public final class Mutations {
  private static final int[] INTERESTING = {
    0x00, 0x01, 0x7f, 0x80, 0x81, 0xb7, 0xb8, 0xb9, 0xbf, 0xc0, 0xc1, 0xf7, 0xf8, 0xf9, 0xff
  };

  private Mutations() {}

  /**
   * Applies one mutation chosen by {@code op} at position {@code pos} (both taken modulo the
   * possibilities): flip a bit, set an interesting header byte, truncate, delete a byte, insert a
   * byte.
   */
  public static byte[] mutate(byte[] valid, int op, int pos, int value) {
    if (valid.length == 0) {
      return new byte[] {(byte) value};
    }
    int i = Math.floorMod(pos, valid.length);
    switch (Math.floorMod(op, 5)) {
      case 0:
        {
          byte[] b = valid.clone();
          b[i] ^= (byte) (1 << Math.floorMod(value, 8));
          return b;
        }
      case 1:
        {
          byte[] b = valid.clone();
          b[i] = (byte) INTERESTING[Math.floorMod(value, INTERESTING.length)];
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

  /** Arbitrary envelopes: full uint32 ranges, data 0..300 bytes, any nonce. */
  public static Arbitrary<Envelope> envelopes() {
    return envelopes(300);
  }

  public static Arbitrary<Envelope> envelopes(int maxData) {
    Arbitrary<Long> u32 = Arbitraries.longs().between(0, Envelope.MAX_UINT32);
    return Combinators.combine(
            u32,
            u32,
            Arbitraries.integers(),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(maxData),
            Arbitraries.longs())
        .as(
            (expiry, ttl, topic, data, nonce) ->
                Envelope.of(expiry, ttl, Topic.ofInt(topic), data, nonce));
  }
}

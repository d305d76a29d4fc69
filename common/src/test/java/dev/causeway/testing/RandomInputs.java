package dev.causeway.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * Deterministic random-input ("property") testing for decoders: every case draws from a {@link
 * Random} seeded from a fixed base seed and the case number, so a failure names the seed that
 * reproduces it and every run checks the same inputs.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * RandomInputs.forEachCase(500, r -> {
 *   byte[] in = RandomInputs.bytes(r, 600);
 *   assertOnlyTypedFailure(() -> Decoder.decode(in), DecodeException.class);
 * });
 * }</pre>
 */
public final class RandomInputs {
  /** Base seed of every run; change it locally to explore other inputs. */
  public static final long BASE_SEED = 0x5eed_c0de_2026L;

  private RandomInputs() {}

  /** A case body that may throw. */
  @FunctionalInterface
  public interface Case {
    void run(Random random) throws Exception;
  }

  /** Runs {@code cases} cases, each with its own seeded {@link Random}. */
  public static void forEachCase(int cases, Case body) {
    for (int i = 0; i < cases; i++) {
      long seed = BASE_SEED + 0x9E3779B97F4A7C15L * (i + 1);
      try {
        body.run(new Random(seed));
      } catch (Exception | AssertionError e) {
        throw new AssertionError("random case " + i + " (seed " + seed + ") failed: " + e, e);
      }
    }
  }

  /** Random bytes of a random length in [0, maxLen]; short lengths are favoured. */
  public static byte[] bytes(Random r, int maxLen) {
    int len = r.nextInt(4) == 0 ? r.nextInt(Math.min(maxLen, 16) + 1) : r.nextInt(maxLen + 1);
    return bytes(r, len, len);
  }

  /** Random bytes with a length in [minLen, maxLen]. */
  public static byte[] bytes(Random r, int minLen, int maxLen) {
    int len = minLen + (maxLen > minLen ? r.nextInt(maxLen - minLen + 1) : 0);
    byte[] b = new byte[len];
    r.nextBytes(b);
    return b;
  }

  /**
   * A mutation of a valid encoding: a few flipped bytes, a truncation, an extension or a splice of
   * random bytes, chosen at random. Never returns the input array itself.
   */
  public static byte[] mutate(Random r, byte[] valid) {
    byte[] out = valid.clone();
    switch (r.nextInt(5)) {
      case 0 -> {
        int flips = 1 + r.nextInt(3);
        for (int i = 0; i < flips && out.length > 0; i++) {
          out[r.nextInt(out.length)] ^= (byte) (1 + r.nextInt(255));
        }
      }
      case 1 -> out = Arrays.copyOf(out, out.length == 0 ? 0 : r.nextInt(out.length));
      case 2 -> {
        byte[] extra = bytes(r, 1, 32);
        out = Arrays.copyOf(out, out.length + extra.length);
        System.arraycopy(extra, 0, out, valid.length, extra.length);
      }
      case 3 -> {
        if (out.length > 0) {
          int at = r.nextInt(out.length);
          out[at] = (byte) (r.nextBoolean() ? 0xff : 0xb9 + r.nextInt(7)); // long-length headers
        }
      }
      default -> {
        if (out.length > 1) {
          int from = r.nextInt(out.length);
          int len = 1 + r.nextInt(out.length - from);
          byte[] junk = bytes(r, len, len);
          System.arraycopy(junk, 0, out, from, len);
        }
      }
    }
    return out;
  }
}

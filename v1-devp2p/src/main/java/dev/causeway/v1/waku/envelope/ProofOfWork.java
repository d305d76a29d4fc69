package dev.causeway.v1.waku.envelope;

import dev.causeway.common.crypto.Keccak256;

/**
 * {@code waku/1} proof-of-work arithmetic ({@code v1-waku.md} §5.3).
 *
 * <pre>
 * shortRlp = RLP[expiry, ttl, topic, data]
 * powHash  = keccak256(shortRlp || nonce as 8 bytes big-endian)
 * PoW      = 2^leadingZeroBits(powHash) / size / ttl
 * </pre>
 *
 * <p>Three definitions of {@code size} exist (§5.3). {@link #pow(Envelope)} uses {@code
 * len(shortRlp)} like status-go; {@link #powStrict(Envelope)} uses {@code max(len(shortRlp), 20 +
 * len(data))}, the value an envelope we send must meet so that status-go and nim-waku both accept
 * it; {@link #powLenient} uses the minimum of the two, for accepting envelopes that either
 * implementation would accept. Divisions are done in the same order as status-go ({@code x /= size;
 * x /= ttl}) so values are bit-identical. A ttl of 0 gives {@code +Infinity}, as in Go.
 */
public final class ProofOfWork {
  private ProofOfWork() {}

  /** The 32-byte PoW hash of the envelope with its current nonce. */
  public static byte[] powHash(Envelope e) {
    Keccak256 k = new Keccak256();
    e.absorbShortRlp(k);
    k.updateLongBE(e.nonce());
    byte[] out = new byte[Keccak256.DIGEST_LENGTH];
    k.finishInto(out, 0);
    return out;
  }

  /** Leading zero bits (0..256) of {@link #powHash}. */
  public static int leadingZeroBits(Envelope e) {
    return Keccak256.leadingZeroBits(powHash(e), 0);
  }

  /** {@code len(shortRlp)}: the status-go / WAKU1 size. */
  public static int statusGoSize(Envelope e) {
    return e.shortRlpLength();
  }

  /** {@code 20 + len(data)}: the nim-waku size. */
  public static int nimSize(Envelope e) {
    return e.size();
  }

  /** {@code max(len(shortRlp), 20 + len(data))}: the size our own envelopes are mined for. */
  public static int strictSize(Envelope e) {
    return Math.max(e.shortRlpLength(), e.size());
  }

  /** PoW as status-go computes it ({@code size = len(shortRlp)}). */
  public static double pow(Envelope e) {
    return powFromBits(leadingZeroBits(e), statusGoSize(e), e.ttl());
  }

  /**
   * PoW as status-go computes it for an envelope from the future: the ttl is increased by {@code
   * extraTtl} ({@code sent - now + 1} in status-go {@code addAndBridge}).
   */
  public static double pow(Envelope e, long extraTtl) {
    return powFromBits(leadingZeroBits(e), statusGoSize(e), e.ttl() + extraTtl);
  }

  /** PoW under the strictest size rule, {@code max(len(shortRlp), 20 + len(data))}. */
  public static double powStrict(Envelope e) {
    return powFromBits(leadingZeroBits(e), strictSize(e), e.ttl());
  }

  /** PoW under the most lenient size rule, {@code min(len(shortRlp), 20 + len(data))}. */
  public static double powLenient(Envelope e, long extraTtl) {
    return powFromBits(
        leadingZeroBits(e), Math.min(e.shortRlpLength(), e.size()), e.ttl() + extraTtl);
  }

  /** {@code 2^bits / size / ttl}, divided in status-go's order. */
  public static double powFromBits(int bits, int size, long ttl) {
    double x = Math.scalb(1.0, bits);
    x /= size;
    x /= ttl;
    return x;
  }

  /**
   * The number of leading zero bits status-go's {@code Seal} aims for: {@code max(1,
   * ceil(log2(target * size * ttl)))}, raised if floating-point rounding would leave {@code
   * powFromBits(bits) < target}. Returns 0 for a target ≤ 0 (status-go: no PoW required) and 257
   * when no 256-bit hash can reach the target.
   */
  public static int requiredBits(double target, int size, long ttl) {
    if (!(target > 0)) {
      return 0;
    }
    double x = target;
    x *= size;
    x *= ttl;
    double l = Math.ceil(log2(x));
    int bits = l > 257 ? 257 : (int) Math.max(1, l);
    while (bits <= 256 && powFromBits(bits, size, ttl) < target) {
      bits++;
    }
    return bits;
  }

  /**
   * The smallest number of leading zero bits {@code b ≥ 0} with {@code powFromBits(b, size, ttl) ≥
   * target}; 257 if unreachable. Unlike {@link #requiredBits} this has no minimum of 1, so that
   * "the smallest nonce meeting the target" is exact.
   */
  public static int minimalBits(double target, int size, long ttl) {
    if (!(target > 0)) {
      return 0;
    }
    double x = target;
    x *= size;
    x *= ttl;
    double l = Math.ceil(log2(x));
    int bits = l > 257 ? 257 : l < 0 ? 0 : (int) l;
    while (bits > 0 && powFromBits(bits - 1, size, ttl) >= target) {
      bits--;
    }
    while (bits <= 256 && powFromBits(bits, size, ttl) < target) {
      bits++;
    }
    return bits;
  }

  /** log2 that is exact for powers of two, like Go's {@code math.Log2}. */
  static double log2(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      return x == 0 ? Double.NEGATIVE_INFINITY : x > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }
    int e = Math.getExponent(x);
    if (e < Double.MIN_EXPONENT) {
      return Math.log(x) / Math.log(2);
    }
    double frac = x / Math.scalb(1.0, e + 1); // in [0.5, 1), like Go's Frexp
    if (frac == 0.5) {
      return e;
    }
    return Math.log(frac) * (1 / Math.log(2)) + (e + 1);
  }
}

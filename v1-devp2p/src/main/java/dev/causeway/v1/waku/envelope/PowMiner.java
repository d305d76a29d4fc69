package dev.causeway.v1.waku.envelope;

import dev.causeway.common.crypto.Keccak256;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Deterministic PoW miner ({@code v1-waku.md} §5.3): finds the <em>smallest</em> nonce, counting
 * from 0 or from a given start nonce, whose PoW under the strict size rule ({@link
 * ProofOfWork#powStrict}) meets the target.
 *
 * <p>Determinism matters: paired bridges mining the same envelope must arrive at the same nonce,
 * hence the same envelope hash (ARCHITECTURE.md §4). Work is bounded by {@code maxAttempts} and by
 * a cancellation check polled every {@code checkInterval} nonces (use it for deadlines).
 *
 * <p>Not thread-safe: one instance per worker thread; instances are reusable.
 */
public final class PowMiner {
  /*
   * Design: shortRlp is absorbed into the `prefix` sponge once per envelope. Per nonce, the
   * 200-byte state is copied into `scratch`, the 8 nonce bytes absorbed and the sponge finalized
   * in place; only the first 64 bits of the digest are extracted, which decides any target up to
   * 64 bits. No allocation happens in the loop. Targets above 64 bits (never seen in practice)
   * fall back to the full digest.
   *
   * Start nonces: the nonce is an unsigned 64-bit value, and a start in the upper half (the
   * Causeway bridge's marker base 0xCA05E0A7_00000000 is one) is negative as a Java long, so the
   * loops count attempts (offsets 0, 1, 2, ... from the start, always non-negative) and hash
   * start + offset, which wraps exactly like uint64 addition. The offset limit is the smaller of
   * maxAttempts and the nonces left before 2^64 (2^64 - start, unsigned), so the search never
   * wraps around to nonce 0.
   */

  /** How the search ended. */
  public enum Outcome {
    /** A nonce meeting the target was found. */
    FOUND,
    /** The target is ≤ 0: no PoW required, the envelope is returned with nonce 0 (status-go). */
    NOT_REQUIRED,
    /** The cancellation check returned true. */
    CANCELLED,
    /** {@code maxAttempts} nonces were tried without success. */
    EXHAUSTED,
    /** The target needs more than 256 leading zero bits. */
    UNREACHABLE
  }

  /** Result of a {@link #mine} call. */
  public static final class Result {
    private final Outcome outcome;
    private final Envelope sealed;
    private final long attempts;
    private final int bits;

    Result(Outcome outcome, Envelope sealed, long attempts, int bits) {
      this.outcome = outcome;
      this.sealed = sealed;
      this.attempts = attempts;
      this.bits = bits;
    }

    public Outcome outcome() {
      return outcome;
    }

    /** The envelope with the found nonce, present for FOUND and NOT_REQUIRED. */
    public Optional<Envelope> sealed() {
      return Optional.ofNullable(sealed);
    }

    /** Nonces hashed. */
    public long attempts() {
      return attempts;
    }

    /** Leading zero bits that were required. */
    public int bits() {
      return bits;
    }

    @Override
    public String toString() {
      return "PowMiner.Result[" + outcome + ", attempts=" + attempts + ", bits=" + bits + "]";
    }
  }

  /** Default number of nonces between cancellation checks. */
  public static final int DEFAULT_CHECK_INTERVAL = 4096;

  private static final BooleanSupplier NEVER = () -> false;

  private final Keccak256 prefix = new Keccak256();
  private final Keccak256 scratch = new Keccak256();
  private final byte[] digest = new byte[Keccak256.DIGEST_LENGTH];
  private final int checkInterval;
  private final int fastPathMaxBits;

  public PowMiner() {
    this(DEFAULT_CHECK_INTERVAL);
  }

  /** A miner polling its cancellation check every {@code checkInterval} nonces. */
  public PowMiner(int checkInterval) {
    this(checkInterval, 64);
  }

  /** Test hook: {@code fastPathMaxBits} below 64 forces the full-digest path. */
  PowMiner(int checkInterval, int fastPathMaxBits) {
    if (checkInterval < 1) {
      throw new IllegalArgumentException("checkInterval must be positive");
    }
    this.checkInterval = checkInterval;
    this.fastPathMaxBits = fastPathMaxBits;
  }

  /** {@link #mine(Envelope, double, long, BooleanSupplier)} without cancellation. */
  public Result mine(Envelope unsealed, double target, long maxAttempts) {
    return mine(unsealed, target, maxAttempts, NEVER);
  }

  /**
   * Searches nonces {@code 0, 1, 2, …} (at most {@code maxAttempts} of them) for the first whose
   * strict-size PoW is ≥ {@code target}. The nonce of {@code unsealed} is ignored. The same as
   * {@link #mine(Envelope, double, long, long, BooleanSupplier)} with start nonce 0.
   *
   * @param cancelled polled before every batch of {@code checkInterval} nonces; true stops the
   *     search with {@link Outcome#CANCELLED}
   */
  public Result mine(
      Envelope unsealed, double target, long maxAttempts, BooleanSupplier cancelled) {
    return mine(unsealed, target, 0, maxAttempts, cancelled);
  }

  /**
   * Searches nonces {@code startNonce, startNonce + 1, …} for the first whose strict-size PoW is ≥
   * {@code target}: at most {@code maxAttempts} of them, and never past {@code 2^64 − 1} (the
   * search does not wrap around to 0; running out of nonces is {@link Outcome#EXHAUSTED}). The
   * nonce of {@code unsealed} is ignored. A target ≤ 0 gives {@link Outcome#NOT_REQUIRED} with
   * nonce {@code startNonce}, the smallest nonce of the searched range.
   *
   * <p>{@link Result#attempts()} counts nonces hashed from {@code startNonce}: for {@link
   * Outcome#FOUND} it is {@code nonce − startNonce + 1}.
   *
   * @param startNonce the first nonce tried, an unsigned 64-bit value (so values ≥ 2^63 are
   *     negative longs)
   * @param maxAttempts the most nonces tried (none if ≤ 0)
   * @param cancelled polled before every batch of {@code checkInterval} nonces; true stops the
   *     search with {@link Outcome#CANCELLED}
   */
  public Result mine(
      Envelope unsealed,
      double target,
      long startNonce,
      long maxAttempts,
      BooleanSupplier cancelled) {
    if (!(target > 0)) {
      return new Result(Outcome.NOT_REQUIRED, unsealed.withNonce(startNonce), 0, 0);
    }
    int bits = ProofOfWork.minimalBits(target, ProofOfWork.strictSize(unsealed), unsealed.ttl());
    if (bits > 256) {
      return new Result(Outcome.UNREACHABLE, null, 0, bits);
    }
    // Nonces left from startNonce to 2^64 - 1 inclusive: 2^64 - startNonce as an unsigned value
    // (-startNonce), or all of them for start 0.
    long limit = Math.max(0, maxAttempts);
    if (startNonce != 0 && Long.compareUnsigned(-startNonce, limit) < 0) {
      limit = -startNonce;
    }
    prefix.reset();
    unsealed.absorbShortRlp(prefix);
    long offset = 0;
    while (offset < limit) {
      if (cancelled.getAsBoolean()) {
        return new Result(Outcome.CANCELLED, null, offset, bits);
      }
      long end = limit - offset <= checkInterval ? limit : offset + checkInterval;
      long found =
          bits <= fastPathMaxBits
              ? scanFast(startNonce, offset, end, bits)
              : scanFull(startNonce, offset, end, bits);
      if (found >= 0) {
        return new Result(Outcome.FOUND, unsealed.withNonce(startNonce + found), found + 1, bits);
      }
      offset = end;
    }
    return new Result(Outcome.EXHAUSTED, null, offset, bits);
  }

  /**
   * First offset in [from, to) whose nonce {@code start + offset} has ≥ bits (≤ 64) leading zeros,
   * or -1.
   */
  private long scanFast(long start, long from, long to, int bits) {
    final Keccak256 p = prefix;
    final Keccak256 s = scratch;
    for (long i = from; i < to; i++) {
      long first = s.copyFrom(p).updateLongBE(start + i).finishFirstLongBE();
      if (Long.numberOfLeadingZeros(first) >= bits) {
        return i;
      }
    }
    return -1;
  }

  /** As {@link #scanFast} with the full digest, for any number of bits. */
  private long scanFull(long start, long from, long to, int bits) {
    for (long i = from; i < to; i++) {
      scratch.copyFrom(prefix).updateLongBE(start + i).finishInto(digest, 0);
      if (Keccak256.leadingZeroBits(digest, 0) >= bits) {
        return i;
      }
    }
    return -1;
  }
}

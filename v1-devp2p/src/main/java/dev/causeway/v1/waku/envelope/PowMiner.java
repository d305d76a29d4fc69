package dev.causeway.v1.waku.envelope;

import dev.causeway.common.crypto.Keccak256;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Deterministic PoW miner ({@code v1-waku.md} §5.3): finds the <em>smallest</em> nonce, counting
 * from 0, whose PoW under the strict size rule ({@link ProofOfWork#powStrict}) meets the target.
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
   * strict-size PoW is ≥ {@code target}. The nonce of {@code unsealed} is ignored.
   *
   * @param cancelled polled before every batch of {@code checkInterval} nonces; true stops the
   *     search with {@link Outcome#CANCELLED}
   */
  public Result mine(
      Envelope unsealed, double target, long maxAttempts, BooleanSupplier cancelled) {
    if (!(target > 0)) {
      return new Result(Outcome.NOT_REQUIRED, unsealed.withNonce(0), 0, 0);
    }
    int bits = ProofOfWork.minimalBits(target, ProofOfWork.strictSize(unsealed), unsealed.ttl());
    if (bits > 256) {
      return new Result(Outcome.UNREACHABLE, null, 0, bits);
    }
    prefix.reset();
    unsealed.absorbShortRlp(prefix);
    long nonce = 0;
    while (nonce < maxAttempts) {
      if (cancelled.getAsBoolean()) {
        return new Result(Outcome.CANCELLED, null, nonce, bits);
      }
      long end = Math.min(maxAttempts, nonce + checkInterval);
      long found =
          bits <= fastPathMaxBits ? scanFast(nonce, end, bits) : scanFull(nonce, end, bits);
      if (found >= 0) {
        return new Result(Outcome.FOUND, unsealed.withNonce(found), found + 1, bits);
      }
      nonce = end;
    }
    return new Result(Outcome.EXHAUSTED, null, nonce, bits);
  }

  /** First nonce in [from, to) with ≥ bits (≤ 64) leading zeros, or -1. */
  private long scanFast(long from, long to, int bits) {
    final Keccak256 p = prefix;
    final Keccak256 s = scratch;
    for (long n = from; n < to; n++) {
      long first = s.copyFrom(p).updateLongBE(n).finishFirstLongBE();
      if (Long.numberOfLeadingZeros(first) >= bits) {
        return n;
      }
    }
    return -1;
  }

  /** First nonce in [from, to) with ≥ bits leading zeros using the full digest, or -1. */
  private long scanFull(long from, long to, int bits) {
    for (long n = from; n < to; n++) {
      scratch.copyFrom(prefix).updateLongBE(n).finishInto(digest, 0);
      if (Keccak256.leadingZeroBits(digest, 0) >= bits) {
        return n;
      }
    }
    return -1;
  }
}

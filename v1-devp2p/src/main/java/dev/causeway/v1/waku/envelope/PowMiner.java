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
 * <p>{@link #prepare} exposes the search itself so that several threads, each with its own miner,
 * can share the nonce range of one envelope ({@code MiningPool} in bridge-core).
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
   *
   * Search (prepare + scan): the same loops, exposed by offset range, so that callers can split
   * one envelope's range between threads. A Search reads this miner's `prefix`, so it is tied to a
   * generation number: scanning after the miner was prepared again (by prepare or mine) fails
   * loudly instead of silently hashing another envelope's prefix. mine() is a loop of scans.
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
  private long generation;

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
    Search search = prepare(unsealed, bits, startNonce);
    // At most maxAttempts nonces, and never past 2^64 - 1 (Search#limit).
    long limit = Math.min(Math.max(0, maxAttempts), search.limit());
    long offset = 0;
    while (offset < limit) {
      if (cancelled.getAsBoolean()) {
        return new Result(Outcome.CANCELLED, null, offset, bits);
      }
      long end = limit - offset <= checkInterval ? limit : offset + checkInterval;
      long found = search.scan(offset, end - offset);
      if (found >= 0) {
        return new Result(Outcome.FOUND, unsealed.withNonce(startNonce + found), found + 1, bits);
      }
      offset = end;
    }
    return new Result(Outcome.EXHAUSTED, null, offset, bits);
  }

  /**
   * Prepares a search of the nonces {@code startNonce + offset} for {@code unsealed} (its nonce is
   * ignored) and {@code target}: absorbs the envelope's short RLP once, so that any range of
   * offsets can then be {@link Search#scan scanned} in any order at the per-nonce cost only. This
   * lets several threads share one search, each with its own miner, each scanning its own ranges
   * (the caller decides which offsets are tried; see {@code MiningPool}).
   *
   * <p>The returned search uses this miner's buffers: it stays valid until the next {@code prepare}
   * or {@code mine} call on this miner.
   *
   * @param target &gt; 0 and reachable (at most 256 leading zero bits), else {@link
   *     IllegalArgumentException}
   * @param startNonce the nonce of offset 0, an unsigned 64-bit value
   */
  public Search prepare(Envelope unsealed, double target, long startNonce) {
    if (!(target > 0)) {
      throw new IllegalArgumentException("no PoW required for target " + target);
    }
    int bits = ProofOfWork.minimalBits(target, ProofOfWork.strictSize(unsealed), unsealed.ttl());
    if (bits > 256) {
      throw new IllegalArgumentException("target " + target + " is unreachable");
    }
    return prepare(unsealed, bits, startNonce);
  }

  private Search prepare(Envelope unsealed, int bits, long startNonce) {
    prefix.reset();
    unsealed.absorbShortRlp(prefix);
    generation++;
    return new Search(startNonce, bits, generation);
  }

  /**
   * A prepared search (see {@link #prepare}): nonces are addressed by their offset from the start
   * nonce, a non-negative long, so a start in the upper half of the uint64 range (negative as a
   * Java long) needs no unsigned arithmetic from the caller. Not thread-safe, like its miner.
   */
  public final class Search {
    private final long startNonce;
    private final int bits;
    private final long limit;
    private final long generation;

    private Search(long startNonce, int bits, long generation) {
      this.startNonce = startNonce;
      this.bits = bits;
      this.generation = generation;
      // Nonces from startNonce to 2^64 - 1 inclusive: 2^64 - startNonce as an unsigned value
      // (-startNonce), capped at Long.MAX_VALUE (a start below 2^63, including 0).
      long left = -startNonce;
      this.limit = startNonce == 0 || left < 0 ? Long.MAX_VALUE : left;
    }

    /** The nonce of offset 0. */
    public long startNonce() {
      return startNonce;
    }

    /** Leading zero bits a nonce must give. */
    public int bits() {
      return bits;
    }

    /**
     * Offsets that exist: {@code 2^64 − startNonce} (the search never wraps around to nonce 0), at
     * most {@link Long#MAX_VALUE}.
     */
    public long limit() {
      return limit;
    }

    /**
     * Hashes the nonces of offsets {@code from, from + 1, …, from + count − 1} in increasing order
     * and returns the first offset whose nonce meets the target, or -1 if none does. Exactly {@code
     * found − from + 1} nonces are hashed when one is found, {@code count} otherwise.
     *
     * @throws IllegalArgumentException if {@code from} or {@code count} is negative or the range
     *     passes {@link #limit()}
     * @throws IllegalStateException if the miner has been prepared again since
     */
    public long scan(long from, long count) {
      if (generation != PowMiner.this.generation) {
        throw new IllegalStateException("the miner was prepared for another search");
      }
      if (from < 0 || count < 0 || count > limit - from) {
        throw new IllegalArgumentException("bad range " + from + " + " + count);
      }
      long to = from + count;
      return bits <= fastPathMaxBits
          ? scanFast(startNonce, from, to, bits)
          : scanFull(startNonce, from, to, bits);
    }
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

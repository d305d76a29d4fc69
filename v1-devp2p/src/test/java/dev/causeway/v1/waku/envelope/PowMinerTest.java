package dev.causeway.v1.waku.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class PowMinerTest {
  private static Envelope envelope(int dataLen, long ttl, int seed) {
    byte[] data = new byte[dataLen];
    for (int i = 0; i < dataLen; i++) {
      data[i] = (byte) (i * 31 + seed);
    }
    return Envelope.of(1_700_000_000L + ttl, ttl, Topic.ofInt(seed), data, 12345);
  }

  @Test
  void findsTheSmallestNonceMeetingTheStrictTarget() {
    PowMiner miner = new PowMiner();
    for (int seed = 0; seed < 6; seed++) {
      Envelope e = envelope(40 + seed * 50, 50, seed);
      double target = 0.01;
      PowMiner.Result r = miner.mine(e, target, 1_000_000);
      assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.FOUND);
      long nonce = r.sealed().orElseThrow().nonce();
      assertThat(ProofOfWork.powStrict(e.withNonce(nonce))).isGreaterThanOrEqualTo(target);
      for (long n = 0; n < nonce; n++) {
        assertThat(ProofOfWork.powStrict(e.withNonce(n))).isLessThan(target);
      }
    }
  }

  @Test
  void isDeterministicAndIgnoresTheInputNonce() {
    Envelope e = envelope(100, 50, 7);
    PowMiner.Result a = new PowMiner().mine(e, 0.05, 1_000_000);
    PowMiner.Result b = new PowMiner().mine(e.withNonce(999), 0.05, 1_000_000);
    assertThat(a.sealed().orElseThrow()).isEqualTo(b.sealed().orElseThrow());
  }

  @Test
  void reusedMinerGivesSameResultsAsFreshOnes() {
    PowMiner reused = new PowMiner();
    for (int seed = 0; seed < 4; seed++) {
      Envelope e = envelope(10 + seed * 97, 30 + seed, seed);
      assertThat(reused.mine(e, 0.02, 1_000_000).sealed())
          .isEqualTo(new PowMiner().mine(e, 0.02, 1_000_000).sealed());
    }
  }

  @Test
  void fullDigestPathAgreesWithFastPath() {
    PowMiner fast = new PowMiner();
    PowMiner full = new PowMiner(16, 0);
    for (int seed = 0; seed < 4; seed++) {
      Envelope e = envelope(64 + seed, 50, seed);
      PowMiner.Result a = fast.mine(e, 0.03, 1_000_000);
      PowMiner.Result b = full.mine(e, 0.03, 1_000_000);
      assertThat(b.sealed()).isEqualTo(a.sealed());
      assertThat(b.attempts()).isEqualTo(a.attempts());
    }
  }

  @Test
  void stopsAfterMaxAttempts() {
    PowMiner.Result r = new PowMiner(100).mine(envelope(50, 50, 1), 1e12, 1_234);
    assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.EXHAUSTED);
    assertThat(r.attempts()).isEqualTo(1_234);
    assertThat(r.sealed()).isEmpty();
  }

  @Test
  void pollsCancellationEveryCheckInterval() {
    AtomicInteger polls = new AtomicInteger();
    PowMiner.Result r =
        new PowMiner(256)
            .mine(envelope(50, 50, 1), 1e12, Long.MAX_VALUE, () -> polls.incrementAndGet() > 3);
    assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.CANCELLED);
    assertThat(r.attempts()).isEqualTo(3 * 256);
    assertThat(polls.get()).isEqualTo(4);
  }

  @Test
  void zeroTargetNeedsNoWork() {
    PowMiner.Result r = new PowMiner().mine(envelope(50, 50, 1), 0, 10);
    assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.NOT_REQUIRED);
    assertThat(r.sealed().orElseThrow().nonce()).isZero();
    assertThat(r.attempts()).isZero();
  }

  @Test
  void targetBeyond256BitsIsUnreachable() {
    PowMiner.Result r = new PowMiner().mine(envelope(50, 50, 1), 1e80, Long.MAX_VALUE);
    assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.UNREACHABLE);
    assertThat(r.attempts()).isZero();
  }

  @Test
  void tinyTargetIsMetByNonceZero() {
    Envelope e = envelope(50, 50, 1);
    PowMiner.Result r = new PowMiner().mine(e, 1e-9, 10);
    assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.FOUND);
    assertThat(r.sealed().orElseThrow().nonce()).isZero();
    assertThat(r.bits()).isZero();
  }

  // --- start nonce -------------------------------------------------------------------------------

  /** A start in the upper half of the uint64 range (negative as a Java long). */
  private static final long HIGH_START = 0xCA05_E0A7_0000_0000L;

  private static final BooleanSupplier NEVER = () -> false;

  @Test
  void startZeroIsTheClassicSearch() {
    PowMiner miner = new PowMiner();
    for (int seed = 0; seed < 4; seed++) {
      Envelope e = envelope(30 + seed * 41, 40, seed);
      PowMiner.Result classic = miner.mine(e, 0.02, 1_000_000);
      PowMiner.Result fromZero = miner.mine(e, 0.02, 0, 1_000_000, NEVER);
      assertThat(fromZero.sealed()).isEqualTo(classic.sealed());
      assertThat(fromZero.attempts()).isEqualTo(classic.attempts());
    }
  }

  @Test
  void findsTheSmallestNonceFromAHighStart() {
    PowMiner miner = new PowMiner(64);
    for (int seed = 0; seed < 6; seed++) {
      Envelope e = envelope(40 + seed * 50, 50, seed);
      double target = 0.01;
      PowMiner.Result r = miner.mine(e, target, HIGH_START, 1_000_000, NEVER);
      assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.FOUND);
      long nonce = r.sealed().orElseThrow().nonce();
      assertThat(Long.compareUnsigned(nonce, HIGH_START)).isGreaterThanOrEqualTo(0);
      assertThat(r.attempts()).isEqualTo(nonce - HIGH_START + 1);
      assertThat(ProofOfWork.powStrict(e.withNonce(nonce))).isGreaterThanOrEqualTo(target);
      for (long n = HIGH_START; n != nonce; n++) {
        assertThat(ProofOfWork.powStrict(e.withNonce(n))).isLessThan(target);
      }
      // Deterministic, whatever the input nonce, the miner instance and the check interval.
      assertThat(new PowMiner().mine(e.withNonce(5), target, HIGH_START, 1_000_000, NEVER).sealed())
          .isEqualTo(r.sealed());
    }
  }

  @Test
  void fullDigestPathAgreesFromAHighStart() {
    for (int seed = 0; seed < 4; seed++) {
      Envelope e = envelope(64 + seed, 50, seed);
      PowMiner.Result a = new PowMiner().mine(e, 0.03, HIGH_START, 1_000_000, NEVER);
      PowMiner.Result b = new PowMiner(16, 0).mine(e, 0.03, HIGH_START, 1_000_000, NEVER);
      assertThat(b.sealed()).isEqualTo(a.sealed());
      assertThat(b.attempts()).isEqualTo(a.attempts());
    }
  }

  @Test
  void neverWrapsPastTheLastNonce() {
    // 5 nonces left before 2^64: an unreachable-in-5 target exhausts after exactly those 5,
    // whatever maxAttempts says; it does not continue at nonce 0.
    long start = -5L; // 2^64 - 5
    PowMiner.Result r =
        new PowMiner(2).mine(envelope(50, 50, 1), 1e12, start, Long.MAX_VALUE, NEVER);
    assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.EXHAUSTED);
    assertThat(r.attempts()).isEqualTo(5);

    // The last nonce itself is tried: an input (found by scanning seeds) where 2^64 - 1 has more
    // leading zero bits than the four nonces before it, and the target it alone meets.
    for (int seed = 0; ; seed++) {
      assertThat(seed).as("an input whose last nonce is the best of the five").isLessThan(200);
      Envelope e = envelope(50, 50, seed);
      int lastBits = ProofOfWork.leadingZeroBits(e.withNonce(-1L));
      int maxBefore = 0;
      for (long n = -5L; n != -1L; n++) {
        maxBefore = Math.max(maxBefore, ProofOfWork.leadingZeroBits(e.withNonce(n)));
      }
      if (lastBits > maxBefore) {
        double target = ProofOfWork.powFromBits(lastBits, ProofOfWork.strictSize(e), e.ttl());
        PowMiner.Result last = new PowMiner(3).mine(e, target, -5L, 100, NEVER);
        assertThat(last.sealed().orElseThrow().nonce()).isEqualTo(-1L);
        assertThat(last.attempts()).isEqualTo(5);
        return;
      }
    }
  }

  @Test
  void maxAttemptsBoundsAHighStart() {
    PowMiner.Result r = new PowMiner(100).mine(envelope(50, 50, 1), 1e12, HIGH_START, 1_234, NEVER);
    assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.EXHAUSTED);
    assertThat(r.attempts()).isEqualTo(1_234);
    assertThat(new PowMiner().mine(envelope(50, 50, 1), 1e12, HIGH_START, -1, NEVER).attempts())
        .isZero();
  }

  @Test
  void zeroTargetGivesTheStartNonce() {
    PowMiner.Result r = new PowMiner().mine(envelope(50, 50, 1), 0, HIGH_START, 10, NEVER);
    assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.NOT_REQUIRED);
    assertThat(r.sealed().orElseThrow().nonce()).isEqualTo(HIGH_START);
  }

  // --- prepared search -------------------------------------------------------------------------

  @Test
  void scanningChunksInAnyOrderFindsWhatMineFinds() {
    // Split the range into chunks and scan them out of order: the smallest offset found over all
    // chunks is the nonce mine() finds, and a scan of a chunk finds its first match.
    PowMiner reference = new PowMiner();
    PowMiner miner = new PowMiner();
    for (int seed = 0; seed < 8; seed++) {
      Envelope e = envelope(30 + seed * 37, 20, seed);
      double target = ProofOfWork.powFromBits(8 + seed % 3, ProofOfWork.strictSize(e), e.ttl());
      long expected =
          reference.mine(e, target, HIGH_START, 1 << 20, NEVER).sealed().orElseThrow().nonce()
              - HIGH_START;
      PowMiner.Search s = miner.prepare(e.withNonce(42), target, HIGH_START);
      assertThat(s.startNonce()).isEqualTo(HIGH_START);
      assertThat(s.bits()).isEqualTo(8 + seed % 3);
      int chunk = 7 + seed;
      long chunks = expected / chunk + 2;
      long best = Long.MAX_VALUE;
      for (long k = chunks - 1; k >= 0; k--) {
        long found = s.scan(k * chunk, chunk);
        if (found >= 0) {
          assertThat(found).isBetween(k * chunk, k * chunk + chunk - 1);
          best = Math.min(best, found);
        }
      }
      assertThat(best).isEqualTo(expected);
      // Scanning from the found offset finds it at once; scanning past it does not find it.
      assertThat(s.scan(expected, 1)).isEqualTo(expected);
      assertThat(s.scan(expected - (expected % chunk), expected % chunk)).isEqualTo(-1);
    }
  }

  @Test
  void scanAgreesOnTheFullDigestPath() {
    for (int seed = 0; seed < 4; seed++) {
      Envelope e = envelope(64 + seed, 50, seed);
      PowMiner.Search fast = new PowMiner().prepare(e, 0.03, HIGH_START);
      PowMiner.Search full = new PowMiner(16, 0).prepare(e, 0.03, HIGH_START);
      assertThat(full.scan(0, 100_000)).isEqualTo(fast.scan(0, 100_000)).isNotNegative();
    }
  }

  @Test
  void scanStaysInsideTheNonceRange() {
    PowMiner miner = new PowMiner();
    assertThat(miner.prepare(envelope(50, 50, 1), 1e12, -5L).limit()).isEqualTo(5);
    assertThat(miner.prepare(envelope(50, 50, 1), 1e12, HIGH_START).limit()).isEqualTo(-HIGH_START);
    assertThat(miner.prepare(envelope(50, 50, 1), 1e12, 0).limit()).isEqualTo(Long.MAX_VALUE);
    assertThat(miner.prepare(envelope(50, 50, 1), 1e12, 7).limit()).isEqualTo(Long.MAX_VALUE);
    PowMiner.Search s = miner.prepare(envelope(50, 50, 1), 1e12, -5L);
    assertThat(s.scan(0, 5)).isEqualTo(-1);
    assertThat(s.scan(5, 0)).isEqualTo(-1);
    assertThatThrownBy(() -> s.scan(1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.scan(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.scan(0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSearchIsInvalidatedByTheNextPrepareOrMine() {
    PowMiner miner = new PowMiner();
    PowMiner.Search first = miner.prepare(envelope(50, 50, 1), 0.01, HIGH_START);
    PowMiner.Search second = miner.prepare(envelope(60, 50, 2), 0.01, HIGH_START);
    assertThatThrownBy(() -> first.scan(0, 1)).isInstanceOf(IllegalStateException.class);
    assertThat(second.scan(0, 1)).isIn(-1L, 0L);
    miner.mine(envelope(50, 50, 1), 0.01, 1000);
    assertThatThrownBy(() -> second.scan(0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void prepareRejectsTargetsWithoutASearch() {
    PowMiner miner = new PowMiner();
    assertThatThrownBy(() -> miner.prepare(envelope(50, 50, 1), 0, HIGH_START))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> miner.prepare(envelope(50, 50, 1), 1e80, HIGH_START))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.causeway.v1.waku.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
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
}

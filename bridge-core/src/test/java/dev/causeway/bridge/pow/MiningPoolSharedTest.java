package dev.causeway.bridge.pow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.bridge.translate.OriginNonce;
import dev.causeway.testing.RandomInputs;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import dev.causeway.v1.waku.envelope.Topic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cooperative mining of one job by several workers (issue #5): the nonce is exactly the one a
 * single thread finds, helpers really join, and budgets, deadline and close keep their outcomes.
 */
class MiningPoolSharedTest {
  private static final long BASE = OriginNonce.ORIGIN_NONCE_BASE;
  private static final long NOW = 1_800_000_000L;
  private final List<MiningPool> pools = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void closeAll() {
    pools.forEach(MiningPool::close);
  }

  /** A started pool with the default chunking, or another if {@code chunk > 0}. */
  private MiningPool pool(
      MiningPool.Settings s,
      DoubleSupplier peers,
      LongSupplier nanoTime,
      SimpleMeterRegistry reg,
      int chunk,
      long splitMinExpected) {
    MiningPool p =
        chunk > 0
            ? new MiningPool("test", s, peers, () -> NOW, nanoTime, reg, chunk, splitMinExpected)
            : new MiningPool("test", s, peers, () -> NOW, nanoTime, reg);
    pools.add(p);
    p.start();
    return p;
  }

  private static Envelope envelope(Random r, int maxData) {
    byte[] data = RandomInputs.bytes(r, 1, maxData);
    long ttl = 1 + r.nextInt(60);
    return Envelope.of(NOW + 10 + ttl, ttl, Topic.ofInt(r.nextInt()), data, r.nextLong());
  }

  private static Envelope envelope(int seed, int dataLen) {
    byte[] data = new byte[dataLen];
    for (int i = 0; i < dataLen; i++) {
      data[i] = (byte) (i * 17 + seed * 31);
    }
    return Envelope.of(NOW + 20, 10, Topic.ofInt(seed), data, 0);
  }

  /** The target whose minimal bits are exactly {@code bits} for {@code e}. */
  private static double targetForBits(Envelope e, int bits) {
    return ProofOfWork.powFromBits(bits, ProofOfWork.strictSize(e), e.ttl());
  }

  /** The smallest offset from the base meeting {@code target}, found by one thread. */
  private static long reference(Envelope e, double target) {
    PowMiner.Result r = new PowMiner().mine(e, target, BASE, OriginNonce.RANGE, () -> false);
    return r.sealed().orElseThrow().nonce() - BASE;
  }

  private static MiningOutcome failure(CompletableFuture<MinedEnvelope> f) throws Exception {
    try {
      f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(MiningException.class);
      return ((MiningException) e.getCause()).outcome();
    }
    throw new AssertionError("mining succeeded");
  }

  private double hashes(SimpleMeterRegistry reg) {
    return reg.get("causeway_bridge_pow_hashes_total").functionCounter().count();
  }

  @Test
  void everyThreadCountAndChunkingGivesTheSingleThreadedNonce() throws Exception {
    // One target for all pools, read at mining time; cases run one after another.
    AtomicReference<Double> target = new AtomicReference<>(0.0);
    DoubleSupplier peers = target::get;
    List<MiningPool> under = new ArrayList<>();
    List<SimpleMeterRegistry> regs = new ArrayList<>();
    int[][] configs = { // threads, chunk (0 = default), split threshold
      {1, 0, 0}, {2, 0, 0}, {4, 0, 0}, {2, 8, 1}, {4, 4, 1}, {3, 64, 128}
    };
    for (int[] c : configs) {
      SimpleMeterRegistry reg = new SimpleMeterRegistry();
      regs.add(reg);
      under.add(
          pool(MiningPool.Settings.of(c[0], 10, 0.0), peers, System::nanoTime, reg, c[1], c[2]));
    }
    long[] attemptsSum = new long[configs.length];
    RandomInputs.forEachCase(
        120,
        r -> {
          Envelope e = envelope(r, 1200);
          // 8-12 bits exactly, or a random target of up to ~12 bits.
          double t =
              r.nextBoolean()
                  ? targetForBits(e, 8 + r.nextInt(5))
                  : r.nextDouble() * targetForBits(e, 12);
          target.set(t);
          long expected = reference(e, t);
          List<CompletableFuture<MinedEnvelope>> fs = new ArrayList<>();
          for (MiningPool p : under) {
            fs.add(p.submit(e.withNonce(r.nextLong())));
          }
          for (int i = 0; i < fs.size(); i++) {
            MinedEnvelope m = fs.get(i).get(20, TimeUnit.SECONDS);
            assertThat(m.outcome()).isEqualTo(MiningOutcome.FOUND);
            assertThat(m.target()).isEqualTo(t);
            assertThat(m.sealed()).isEqualTo(e.withNonce(BASE + expected));
            // Every offset up to the match was hashed; overshoot only with helpers.
            assertThat(m.attempts()).isGreaterThanOrEqualTo(expected + 1);
            if (configs[i][0] == 1) {
              assertThat(m.attempts()).isEqualTo(expected + 1);
            }
            attemptsSum[i] += m.attempts();
          }
        });
    for (int i = 0; i < configs.length; i++) {
      assertThat(under.get(i).count(MiningOutcome.FOUND)).isEqualTo(120);
      assertThat(hashes(regs.get(i))).isEqualTo((double) attemptsSum[i]);
    }
  }

  /**
   * An envelope of {@code dataLen} bytes whose smallest {@code bits}-bit offset is ≥ {@code min}.
   */
  private static Envelope envelopeWithOffsetAtLeast(int bits, long min, int dataLen) {
    for (int seed = 0; seed < 1000; seed++) {
      Envelope e = envelope(seed, dataLen);
      if (reference(e, targetForBits(e, bits)) >= min) {
        return e;
      }
    }
    throw new AssertionError("no input found");
  }

  @Test
  void helpersScanChunksOfTheOwnersJobAndTheSmallestNonceStillWins() throws Exception {
    // The owner's first ticker read sets the job's deadline; its second is its check before
    // claiming its first chunk: it waits there until another thread (the helper) has read the
    // ticker five times, i.e. has claimed and scanned four chunks. The match lies beyond them, so
    // both then search on together.
    Envelope e = envelopeWithOffsetAtLeast(10, 8 * 16, 100);
    double t = targetForBits(e, 10);
    long expected = reference(e, t);
    AtomicReference<Thread> owner = new AtomicReference<>();
    AtomicInteger ownerCalls = new AtomicInteger();
    AtomicInteger helperCalls = new AtomicInteger();
    CountDownLatch helped = new CountDownLatch(1);
    LongSupplier ticker =
        () -> {
          owner.compareAndSet(null, Thread.currentThread());
          if (Thread.currentThread() == owner.get()) {
            if (ownerCalls.incrementAndGet() == 2) {
              try {
                helped.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
              }
            }
          } else if (helperCalls.incrementAndGet() == 5) {
            helped.countDown();
          }
          return System.nanoTime();
        };
    MiningPool p = pool(MiningPool.Settings.of(2, 10, t), () -> 0.0, ticker, registry, 16, 1);
    MinedEnvelope m = p.submit(e).get(20, TimeUnit.SECONDS);
    assertThat(helped.getCount()).isZero();
    assertThat(m.sealed()).isEqualTo(e.withNonce(BASE + expected));
    assertThat(p.helpedChunks()).isGreaterThanOrEqualTo(4);
    assertThat(m.attempts()).isGreaterThanOrEqualTo(expected + 1);
    assertThat(hashes(registry)).isEqualTo((double) m.attempts());
  }

  @Test
  void helpersJoinAJobWithTheDefaultChunking() throws Exception {
    // The ticker passes the deadline only once helpers have scanned 3 chunks: with a target far
    // out of reach, the job ends with DEADLINE only if a helper joined (else it would exhaust its
    // 2^26 attempts, about 20 s, and the wait below would time out).
    AtomicReference<MiningPool> self = new AtomicReference<>();
    LongSupplier ticker = () -> self.get().helpedChunks() >= 3 ? Long.MAX_VALUE / 4 : 0L;
    MiningPool p =
        new MiningPool(
            "test",
            MiningPool.Settings.of(2, 10, 1e6).withMaxAttempts(1L << 26),
            () -> 0.0,
            () -> NOW,
            ticker,
            registry);
    self.set(p);
    pools.add(p);
    p.start();
    assertThat(failure(p.submit(envelope(1, 100)))).isEqualTo(MiningOutcome.DEADLINE);
    assertThat(p.helpedChunks()).isGreaterThanOrEqualTo(3);
    // Owner and helper hashed whole chunks, never the same one twice.
    double h = hashes(registry);
    assertThat(h % MiningPool.CHUNK).isZero();
    assertThat(h).isGreaterThanOrEqualTo(3.0 * MiningPool.CHUNK);
  }

  @Test
  void attemptBudgetDecidesFoundOrExhaustedAsWithOneThread() throws Exception {
    Envelope e = envelopeWithOffsetAtLeast(9, 100, 60);
    double t = targetForBits(e, 9);
    long expected = reference(e, t);
    for (int threads = 1; threads <= 3; threads++) {
      SimpleMeterRegistry reg = new SimpleMeterRegistry();
      // Budget = offset + 1: found, the last offset of the budget.
      MiningPool enough =
          pool(
              MiningPool.Settings.of(threads, 10, t).withMaxAttempts(expected + 1),
              () -> 0.0,
              System::nanoTime,
              reg,
              7,
              1);
      assertThat(enough.submit(e).get(20, TimeUnit.SECONDS).sealed().nonce())
          .isEqualTo(BASE + expected);
      // Budget = offset: exhausted, after hashing every offset of the budget exactly once (the
      // last chunk is partial: 7 does not divide it in general).
      SimpleMeterRegistry reg2 = new SimpleMeterRegistry();
      MiningPool tooFew =
          pool(
              MiningPool.Settings.of(threads, 10, t).withMaxAttempts(expected),
              () -> 0.0,
              System::nanoTime,
              reg2,
              7,
              1);
      assertThat(failure(tooFew.submit(e))).isEqualTo(MiningOutcome.EXHAUSTED);
      assertThat(hashes(reg2)).isEqualTo((double) expected);
      assertThat(tooFew.count(MiningOutcome.EXHAUSTED)).isEqualTo(1);
    }
  }

  @Test
  void deadlineEndsASplitJob() throws Exception {
    AtomicLong fakeNanos = new AtomicLong();
    // Every read moves the ticker one second: the first check of a chunk is past the 1 s deadline.
    MiningPool p =
        pool(
            MiningPool.Settings.of(2, 10, 1e6).withDeadline(Duration.ofSeconds(1)),
            () -> 0.0,
            () -> fakeNanos.getAndAdd(1_000_000_000L),
            registry,
            0,
            0);
    assertThat(failure(p.submit(envelope(2, 100)))).isEqualTo(MiningOutcome.DEADLINE);
    assertThat(p.count(MiningOutcome.DEADLINE)).isEqualTo(1);
  }

  @Test
  void closeCancelsARunningSplitJob() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    // ~29 bits: minutes of work, unless close() stops it.
    MiningPool p =
        pool(
            MiningPool.Settings.of(3, 10, 0.0),
            () -> {
              entered.countDown();
              return 1e6;
            },
            System::nanoTime,
            registry,
            0,
            0);
    CompletableFuture<MinedEnvelope> running = p.submit(envelope(3, 100));
    assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
    p.close();
    assertThat(failure(running)).isEqualTo(MiningOutcome.CANCELLED);
    assertThat(p.count(MiningOutcome.CANCELLED)).isEqualTo(1);
    assertThat(failure(p.submit(envelope(4, 100)))).isEqualTo(MiningOutcome.CANCELLED);
  }

  @Test
  void unreachableTargetWithSeveralThreads() throws Exception {
    MiningPool p =
        pool(MiningPool.Settings.of(2, 10, 1e80), () -> 0.0, System::nanoTime, registry, 0, 0);
    assertThat(failure(p.submit(envelope(5, 100)))).isEqualTo(MiningOutcome.UNREACHABLE);
  }

  @Test
  void manyJobsOnThreeThreadsCompleteOnceWithTheSingleThreadedNonces() throws Exception {
    int jobs = 2_000;
    Random r = new Random(RandomInputs.BASE_SEED);
    List<Envelope> envelopes = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      Envelope e = envelope(r, 300);
      envelopes.add(e);
      targets.add(targetForBits(e, 6 + r.nextInt(6)));
    }
    // The target is read when a worker starts a job, and each read takes the next target of the
    // list (which job gets which is up to the scheduling: the check uses the target the job
    // reports). Small chunks and threshold: nearly every job is split.
    AtomicInteger started = new AtomicInteger();
    AtomicInteger completions = new AtomicInteger();
    MiningPool p =
        pool(
            MiningPool.Settings.of(3, jobs, 0.0),
            () -> targets.get(started.getAndIncrement()),
            System::nanoTime,
            registry,
            16,
            64);
    List<CompletableFuture<MinedEnvelope>> fs = new ArrayList<>();
    for (Envelope e : envelopes) {
      CompletableFuture<MinedEnvelope> f = p.submit(e);
      f.whenComplete((m, x) -> completions.incrementAndGet());
      fs.add(f);
    }
    long attempts = 0;
    for (int i = 0; i < jobs; i++) {
      MinedEnvelope m = fs.get(i).get(20, TimeUnit.SECONDS);
      Envelope e = envelopes.get(i);
      assertThat(m.sealed()).isEqualTo(e.withNonce(BASE + reference(e, m.target())));
      attempts += m.attempts();
    }
    assertThat(started.get()).isEqualTo(jobs);
    assertThat(completions.get()).isEqualTo(jobs);
    assertThat(p.count(MiningOutcome.FOUND)).isEqualTo(jobs);
    long others = 0;
    for (MiningOutcome o : MiningOutcome.values()) {
      others += o == MiningOutcome.FOUND ? 0 : p.count(o);
    }
    assertThat(others).isZero();
    assertThat(p.queueDepth()).isZero();
    assertThat(hashes(registry)).isEqualTo((double) attempts);
  }
}

package dev.causeway.bridge.pow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.bridge.translate.OriginNonce;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import dev.causeway.v1.waku.envelope.Topic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mining pool: determinism, target choice, and that every submission gets an outcome. */
class MiningPoolTest {
  private static final Topic TOPIC = Topic.fromHex("1a2b3c4d");
  private final List<MiningPool> pools = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Wall clock of the pools, UNIX seconds; {@link #unsealed} envelopes expire at 1_800_000_010. */
  private final AtomicLong nowSeconds = new AtomicLong(1_800_000_000L);

  @AfterEach
  void closeAll() {
    pools.forEach(MiningPool::close);
  }

  private MiningPool pool(MiningPool.Settings s, DoubleSupplier peers) {
    MiningPool p = new MiningPool("test", s, peers, nowSeconds::get, System::nanoTime, registry);
    pools.add(p);
    p.start();
    return p;
  }

  private static Envelope unsealed(String text) {
    return Envelope.of(1_800_000_010L, 10, TOPIC, text.getBytes(StandardCharsets.UTF_8), 0);
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

  @Test
  void findsTheSmallestNonceOfTheMarkedRangeDeterministically() throws Exception {
    MiningPool p = pool(MiningPool.Settings.of(2, 100, 0.002), () -> 0.0);
    List<CompletableFuture<MinedEnvelope>> fs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      fs.add(p.submit(unsealed("message " + (i % 5)).withNonce(i)));
    }
    for (int i = 0; i < 20; i++) {
      MinedEnvelope m = fs.get(i).get(20, TimeUnit.SECONDS);
      assertThat(m.outcome()).isEqualTo(MiningOutcome.FOUND);
      long nonce = m.sealed().nonce();
      // Same input, same nonce, whichever worker mined it and whatever nonce it came with.
      assertThat(nonce).isEqualTo(fs.get(i % 5).get().sealed().nonce());
      // In the marked range: at or above the base (unsigned), upper 32 bits = the marker.
      assertThat(Long.compareUnsigned(nonce, OriginNonce.ORIGIN_NONCE_BASE))
          .isGreaterThanOrEqualTo(0);
      assertThat((int) (nonce >>> 32)).isEqualTo(0xCA05E0A7);
      assertThat(OriginNonce.isV2Origin(nonce)).isTrue();
      // The smallest nonce from the base meeting the target, checked with ProofOfWork itself.
      assertThat(ProofOfWork.powStrict(m.sealed())).isGreaterThanOrEqualTo(0.002);
      for (long n = OriginNonce.ORIGIN_NONCE_BASE; n != nonce; n++) {
        assertThat(ProofOfWork.powStrict(m.sealed().withNonce(n))).isLessThan(0.002);
      }
      assertThat(m.attempts()).isEqualTo(nonce - OriginNonce.ORIGIN_NONCE_BASE + 1);
    }
    assertThat(p.count(MiningOutcome.FOUND)).isEqualTo(20);
  }

  @Test
  void differentPoolsMineTheSameEnvelope() throws Exception {
    // Two bridges: separate pools (different thread counts) give byte-identical envelopes.
    MiningPool a = pool(MiningPool.Settings.of(1, 10, 0.01), () -> 0.0);
    MiningPool b = pool(MiningPool.Settings.of(3, 10, 0.0), () -> 0.01);
    for (int i = 0; i < 5; i++) {
      Envelope e = unsealed("shared " + i);
      MinedEnvelope x = a.submit(e).get(20, TimeUnit.SECONDS);
      MinedEnvelope y = b.submit(e.withNonce(99)).get(20, TimeUnit.SECONDS);
      assertThat(y.sealed().encode()).isEqualTo(x.sealed().encode());
      assertThat(OriginNonce.isV2Origin(x.sealed().nonce())).isTrue();
    }
  }

  @Test
  void targetIsTheHigherOfFloorAndPeerRequirement() throws Exception {
    AtomicLong peerMilli = new AtomicLong(0);
    MiningPool p = pool(MiningPool.Settings.of(1, 10, 0.002), () -> peerMilli.get() / 1000.0);
    MinedEnvelope low = p.submit(unsealed("x")).get(20, TimeUnit.SECONDS);
    assertThat(low.target()).isEqualTo(0.002);
    peerMilli.set(500); // a peer now requires 0.5
    MinedEnvelope high = p.submit(unsealed("x")).get(20, TimeUnit.SECONDS);
    assertThat(high.target()).isEqualTo(0.5);
    assertThat(ProofOfWork.powStrict(high.sealed())).isGreaterThanOrEqualTo(0.5);
    assertThat(high.sealed().nonce()).isGreaterThanOrEqualTo(low.sealed().nonce());
  }

  @Test
  void zeroTargetNeedsNoWork() throws Exception {
    MiningPool p = pool(MiningPool.Settings.of(1, 10, 0), () -> 0.0);
    MinedEnvelope m = p.submit(unsealed("x").withNonce(77)).get(20, TimeUnit.SECONDS);
    assertThat(m.outcome()).isEqualTo(MiningOutcome.NOT_REQUIRED);
    // Still marked: the smallest nonce of the marked range.
    assertThat(m.sealed().nonce()).isEqualTo(OriginNonce.ORIGIN_NONCE_BASE);
  }

  @Test
  void fullQueueIsARejectedOutcomeNotASilentDrop() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MiningPool p =
        pool(
            MiningPool.Settings.of(1, 1, 0.002),
            () -> {
              entered.countDown();
              try {
                release.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return 0.0;
            });
    CompletableFuture<MinedEnvelope> running = p.submit(unsealed("a"));
    assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<MinedEnvelope> queued = p.submit(unsealed("b"));
    CompletableFuture<MinedEnvelope> rejected = p.submit(unsealed("c"));
    assertThat(rejected).isCompletedExceptionally();
    assertThat(failure(rejected)).isEqualTo(MiningOutcome.REJECTED_QUEUE_FULL);
    assertThat(p.queueDepth()).isEqualTo(1);
    release.countDown();
    assertThat(running.get(20, TimeUnit.SECONDS).outcome()).isEqualTo(MiningOutcome.FOUND);
    assertThat(queued.get(20, TimeUnit.SECONDS).outcome()).isEqualTo(MiningOutcome.FOUND);
    assertThat(p.count(MiningOutcome.REJECTED_QUEUE_FULL)).isEqualTo(1);
    assertThat(
            registry
                .get("causeway_bridge_pow_total")
                .tag("outcome", "rejected-queue-full")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void attemptBudgetExhausts() throws Exception {
    // 0.5 on a 30-byte envelope with ttl 10 needs 8 bits; 3 nonces are not enough for this input.
    MiningPool p = pool(MiningPool.Settings.of(1, 10, 0.5).withMaxAttempts(3), () -> 0.0);
    Envelope e = unsealed("x");
    long smallest =
        new PowMiner()
            .mine(e, 0.5, OriginNonce.ORIGIN_NONCE_BASE, 1 << 20, () -> false)
            .sealed()
            .orElseThrow()
            .nonce();
    assertThat(smallest - OriginNonce.ORIGIN_NONCE_BASE)
        .as("precondition of this input")
        .isGreaterThanOrEqualTo(3);
    assertThat(failure(p.submit(e))).isEqualTo(MiningOutcome.EXHAUSTED);
  }

  @Test
  void deadlineFromTheInjectedTicker() throws Exception {
    AtomicLong fakeNanos = new AtomicLong();
    // Every read of the ticker moves it one second: the first poll is past the 1 s deadline.
    MiningPool p =
        new MiningPool(
            "test",
            MiningPool.Settings.of(1, 10, 1e6).withDeadline(Duration.ofSeconds(1)),
            () -> 0.0,
            nowSeconds::get,
            () -> fakeNanos.getAndAdd(1_000_000_000L),
            registry);
    pools.add(p);
    p.start();
    assertThat(failure(p.submit(unsealed("x")))).isEqualTo(MiningOutcome.DEADLINE);
  }

  @Test
  void unreachableTarget() throws Exception {
    MiningPool p = pool(MiningPool.Settings.of(1, 10, 1e80), () -> 0.0);
    assertThat(failure(p.submit(unsealed("x")))).isEqualTo(MiningOutcome.UNREACHABLE);
  }

  @Test
  void closeCancelsQueuedJobsAndLaterSubmissions() throws Exception {
    MiningPool p =
        new MiningPool(
            "test",
            MiningPool.Settings.of(1, 10, 0.002),
            () -> 0.0,
            nowSeconds::get,
            System::nanoTime,
            registry);
    pools.add(p);
    // Not started: jobs wait in the queue.
    CompletableFuture<MinedEnvelope> a = p.submit(unsealed("a"));
    CompletableFuture<MinedEnvelope> b = p.submit(unsealed("b"));
    p.close();
    assertThat(failure(a)).isEqualTo(MiningOutcome.CANCELLED);
    assertThat(failure(b)).isEqualTo(MiningOutcome.CANCELLED);
    assertThat(failure(p.submit(unsealed("c")))).isEqualTo(MiningOutcome.CANCELLED);
    assertThat(p.count(MiningOutcome.CANCELLED)).isEqualTo(3);
  }

  @Test
  void jobsThatExpiredWhileQueuedAreNotMined() throws Exception {
    // Issue #5: under overload a job waits in the queue longer than its ttl. Queued while the pool
    // is stopped (the backlog); the clock then moves on before the workers take the jobs.
    MiningPool p =
        new MiningPool(
            "test",
            MiningPool.Settings.of(1, 10, 0.002),
            () -> 0.0,
            nowSeconds::get,
            System::nanoTime,
            registry);
    pools.add(p);
    Envelope fresh = Envelope.of(1_800_000_030L, 10, TOPIC, "fresh".getBytes(), 0);
    CompletableFuture<MinedEnvelope> stale = p.submit(unsealed("stale")); // expires 1_800_000_010
    CompletableFuture<MinedEnvelope> ok = p.submit(fresh);
    nowSeconds.set(1_800_000_011L);
    p.start();
    assertThat(failure(stale)).isEqualTo(MiningOutcome.EXPIRED);
    assertThat(ok.get(20, TimeUnit.SECONDS).outcome()).isEqualTo(MiningOutcome.FOUND);
    assertThat(p.count(MiningOutcome.EXPIRED)).isEqualTo(1);
    assertThat(
            registry
                .get("causeway_bridge_pow_total")
                .tag("outcome", "expired")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    // Nothing was hashed for the expired job: all hashes are the fresh envelope's.
    assertThat(registry.get("causeway_bridge_pow_hashes_total").functionCounter().count())
        .isEqualTo(ok.get().sealed().nonce() - OriginNonce.ORIGIN_NONCE_BASE + 1.0);
  }

  @Test
  void jobsWithLessThanTheMarginLeftAreExpired() throws Exception {
    MiningPool p =
        pool(
            MiningPool.Settings.of(1, 10, 0.002).withExpiryMargin(Duration.ofSeconds(3)),
            () -> 0.0);
    // unsealed(...) expires at 1_800_000_010.
    nowSeconds.set(1_800_000_007L); // 3 s left: mined
    assertThat(p.submit(unsealed("x")).get(20, TimeUnit.SECONDS).outcome())
        .isEqualTo(MiningOutcome.FOUND);
    nowSeconds.set(1_800_000_008L); // 2 s left < 3 s: not mined
    assertThat(failure(p.submit(unsealed("y")))).isEqualTo(MiningOutcome.EXPIRED);

    MiningPool exact =
        pool(MiningPool.Settings.of(1, 10, 0.002).withExpiryMargin(Duration.ZERO), () -> 0.0);
    nowSeconds.set(1_800_000_010L); // margin 0 is the v1 rule: expiry == now is still valid
    assertThat(exact.submit(unsealed("z")).get(20, TimeUnit.SECONDS).outcome())
        .isEqualTo(MiningOutcome.FOUND);
    nowSeconds.set(1_800_000_011L);
    assertThat(failure(exact.submit(unsealed("w")))).isEqualTo(MiningOutcome.EXPIRED);
  }
}

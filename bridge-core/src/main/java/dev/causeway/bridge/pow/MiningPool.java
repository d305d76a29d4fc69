package dev.causeway.bridge.pow;

import dev.causeway.bridge.translate.OriginNonce;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Mines v2-born envelopes for the v1 side (spec v1-waku.md §5.3, ARCHITECTURE.md §2, §4): {@code
 * threads} worker threads, each with its own {@link PowMiner}, take jobs from one bounded queue.
 *
 * <p>When a worker takes a job it first checks the envelope's expiry against the injected wall
 * clock: an envelope with less than {@link Settings#expiryMargin()} left ({@code expiry − now <
 * margin}, whole seconds; a margin of 0 is exactly the v1 rule {@code expiry < now}) is not mined
 * and completes with {@link MiningOutcome#EXPIRED}.
 *
 * <p>The target is fixed when a worker starts the job: {@code max(powFloor,
 * peerRequirement.getAsDouble())}, i.e. the highest requirement of the connected v1 peers at mining
 * time, never below the configured floor. The nonce is the smallest one from {@link
 * OriginNonce#ORIGIN_NONCE_BASE} that meets the target under the strict size rule, so the same
 * unsealed envelope and target always give the same nonce, on any bridge, and every envelope the
 * pool seals carries the {@link OriginNonce} marker in its upper 32 bits (a target ≤ 0 gives the
 * base itself). At most {@link OriginNonce#RANGE} nonces are tried, so the marker always holds.
 *
 * <p>Every {@link #submit} completes its future: with a {@link MinedEnvelope} ({@link
 * MiningOutcome#FOUND}, {@link MiningOutcome#NOT_REQUIRED}) or exceptionally with a {@link
 * MiningException} naming the failure (queue full, attempt or time budget exhausted, unreachable,
 * expired before mining, cancelled by {@link #close()}). Each outcome is counted in {@code
 * causeway_bridge_pow_total{outcome}}. Futures complete on a worker thread (or the caller's for an
 * immediate rejection): dependent actions must be short.
 */
public final class MiningPool implements AutoCloseable {
  /*
   * Budgets: a job may hash at most attemptFactor times the expected number of nonces (2^bits;
   * 64 by default, so failing by bad luck has probability e^-64) and run for at most `deadline`,
   * measured with the injected nano ticker and polled by PowMiner every 4096 nonces. Both only
   * decide between "found" and "failed" — they never change which nonce is found — so determinism
   * holds for every job that succeeds.
   *
   * The marked nonce range: every envelope mined here is for a v2-born message, so the search
   * starts at OriginNonce.ORIGIN_NONCE_BASE. That makes the envelope recognisable when it comes
   * back to any Causeway bridge over v1 (Bridge skips it as v2-origin), which the payload
   * fingerprint alone cannot guarantee: the envelope may reach a second bridge over v1 before the
   * message reaches it over v2. Starting elsewhere than 0 costs nothing (the expected number of
   * attempts, 2^bits, does not depend on the start), and the result is still a function of the
   * unsealed envelope and the target. The attempt budget is capped at the 2^32 nonces of the
   * range; the deadline (10 s by default) ends a job long before that many hashes.
   *
   * Expiry at job start: under overload a job can wait in the queue longer than its ttl. Mining
   * it anyway burns CPU exactly when the pool is the bottleneck, and the v1 node then refuses the
   * stale envelope. The margin keeps us from mining envelopes that would expire on their first
   * hops (a v1 node floods every few hundred ms and drops envelopes whose expiry has passed).
   *
   * Threads are our own (not a ThreadPoolExecutor) so each worker owns one PowMiner and its
   * reusable sponges for its lifetime.
   */

  /**
   * Pool settings.
   *
   * @param threads worker threads, ≥ 1
   * @param queueCapacity jobs waiting at most; more are rejected (counted)
   * @param powFloor the lowest target used, ≥ 0
   * @param deadline time budget per job
   * @param attemptFactor attempt budget per job, as a multiple of the expected attempts
   * @param maxAttempts absolute cap on attempts per job (never more than {@link OriginNonce#RANGE},
   *     the size of the marked nonce range)
   * @param expiryMargin a job whose envelope has less lifetime left than this when a worker takes
   *     it is not mined ({@link MiningOutcome#EXPIRED}); whole seconds, ≥ 0
   */
  public record Settings(
      int threads,
      int queueCapacity,
      double powFloor,
      Duration deadline,
      long attemptFactor,
      long maxAttempts,
      Duration expiryMargin) {
    /** The default {@link #expiryMargin()}: 2 s. */
    public static final Duration DEFAULT_EXPIRY_MARGIN = Duration.ofSeconds(2);

    public Settings {
      if (expiryMargin.isNegative()) {
        throw new IllegalArgumentException("expiryMargin must be >= 0");
      }
      if (threads < 1 || queueCapacity < 1 || attemptFactor < 1 || maxAttempts < 1) {
        throw new IllegalArgumentException("threads, capacity and budgets must be positive");
      }
      if (!(powFloor >= 0) || Double.isInfinite(powFloor)) {
        throw new IllegalArgumentException("powFloor must be finite and >= 0");
      }
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive");
      }
    }

    /**
     * {@code threads} workers, the given queue and floor, 10 s and 64× budgets, {@link
     * #DEFAULT_EXPIRY_MARGIN}.
     */
    public static Settings of(int threads, int queueCapacity, double powFloor) {
      return new Settings(
          threads,
          queueCapacity,
          powFloor,
          Duration.ofSeconds(10),
          64,
          Long.MAX_VALUE,
          DEFAULT_EXPIRY_MARGIN);
    }

    public Settings withDeadline(Duration d) {
      return new Settings(
          threads, queueCapacity, powFloor, d, attemptFactor, maxAttempts, expiryMargin);
    }

    public Settings withMaxAttempts(long max) {
      return new Settings(
          threads, queueCapacity, powFloor, deadline, attemptFactor, max, expiryMargin);
    }

    public Settings withExpiryMargin(Duration margin) {
      return new Settings(
          threads, queueCapacity, powFloor, deadline, attemptFactor, maxAttempts, margin);
    }
  }

  private record Job(Envelope unsealed, CompletableFuture<MinedEnvelope> result) {}

  private final Settings settings;
  private final DoubleSupplier peerRequirement;
  private final LongSupplier epochSeconds;
  private final LongSupplier nanoTime;
  private final ArrayBlockingQueue<Job> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final Map<MiningOutcome, LongAdder> outcomes = new EnumMap<>(MiningOutcome.class);
  private final LongAdder hashes = new LongAdder();
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * @param peerRequirement read at mining time, e.g. {@code v1::highestPeerPowRequirement}
   * @param epochSeconds wall clock, UNIX seconds, for the expiry check at job start (the same clock
   *     the v1 node judges expiry by), e.g. {@code () -> clock.instant().getEpochSecond()}
   * @param nanoTime monotonic nanoseconds for the deadline, e.g. {@code System::nanoTime}
   */
  public MiningPool(
      String name,
      Settings settings,
      DoubleSupplier peerRequirement,
      LongSupplier epochSeconds,
      LongSupplier nanoTime,
      MeterRegistry registry) {
    this.settings = settings;
    this.peerRequirement = peerRequirement;
    this.epochSeconds = epochSeconds;
    this.nanoTime = nanoTime;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    for (MiningOutcome o : MiningOutcome.values()) {
      LongAdder a = new LongAdder();
      outcomes.put(o, a);
      FunctionCounter.builder("causeway_bridge_pow_total", a, LongAdder::doubleValue)
          .tag("pool", name)
          .tag("outcome", o.tag())
          .register(registry);
    }
    FunctionCounter.builder("causeway_bridge_pow_hashes_total", hashes, LongAdder::doubleValue)
        .tag("pool", name)
        .register(registry);
    Gauge.builder("causeway_bridge_pow_queue_depth", queue, ArrayBlockingQueue::size)
        .tag("pool", name)
        .register(registry);
    for (int i = 0; i < settings.threads(); i++) {
      Thread t = new Thread(this::work, name + "-pow-" + i);
      t.setDaemon(true);
      workers.add(t);
    }
  }

  /** Starts the workers (once). */
  public synchronized void start() {
    if (started || closed) {
      return;
    }
    started = true;
    for (Thread t : workers) {
      t.start();
    }
  }

  /**
   * Queues {@code unsealed} for mining (its nonce is ignored). Never blocks: a full queue completes
   * the future at once with {@link MiningOutcome#REJECTED_QUEUE_FULL}.
   */
  public CompletableFuture<MinedEnvelope> submit(Envelope unsealed) {
    CompletableFuture<MinedEnvelope> f = new CompletableFuture<>();
    if (closed) {
      fail(f, MiningOutcome.CANCELLED, Double.NaN, "mining pool closed");
      return f;
    }
    if (!queue.offer(new Job(unsealed, f))) {
      fail(f, MiningOutcome.REJECTED_QUEUE_FULL, Double.NaN, "mining queue full");
      return f;
    }
    if (closed) {
      cancelQueued(); // close() may have drained before our offer
    }
    return f;
  }

  /** Jobs waiting. */
  public int queueDepth() {
    return queue.size();
  }

  /** Submissions that ended with {@code o} so far. */
  public long count(MiningOutcome o) {
    return outcomes.get(o).sum();
  }

  private void work() {
    PowMiner miner = new PowMiner();
    while (!closed) {
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        break;
      }
      try {
        mine(miner, job);
      } catch (RuntimeException e) {
        // A bug, not an outcome: still complete the future so that nothing is lost silently.
        job.result().completeExceptionally(e);
      }
    }
    cancelQueued();
  }

  private void mine(PowMiner miner, Job job) {
    Envelope e = job.unsealed();
    long left = e.expiry() - epochSeconds.getAsLong();
    if (left < settings.expiryMargin().toSeconds()) {
      fail(
          job.result(),
          MiningOutcome.EXPIRED,
          Double.NaN,
          left < 0 ? "expired " + -left + " s ago" : "only " + left + " s left");
      return;
    }
    double target = Math.max(settings.powFloor(), peerRequirement.getAsDouble());
    if (!(target > 0)) {
      succeed(
          job,
          new MinedEnvelope(
              e.withNonce(OriginNonce.ORIGIN_NONCE_BASE), MiningOutcome.NOT_REQUIRED, 0, 0));
      return;
    }
    int bits = ProofOfWork.minimalBits(target, ProofOfWork.strictSize(e), e.ttl());
    long expected = bits >= 56 ? Long.MAX_VALUE : 1L << bits;
    long budget =
        expected > Long.MAX_VALUE / settings.attemptFactor()
            ? Long.MAX_VALUE
            : expected * settings.attemptFactor();
    budget = Math.min(Math.min(budget, settings.maxAttempts()), OriginNonce.RANGE);
    long deadlineAt = nanoTime.getAsLong() + settings.deadline().toNanos();
    boolean[] timedOut = new boolean[1];
    PowMiner.Result r =
        miner.mine(
            e,
            target,
            OriginNonce.ORIGIN_NONCE_BASE,
            budget,
            () -> {
              if (closed) {
                return true;
              }
              if (nanoTime.getAsLong() - deadlineAt >= 0) {
                timedOut[0] = true;
                return true;
              }
              return false;
            });
    hashes.add(r.attempts());
    switch (r.outcome()) {
      case FOUND ->
          succeed(
              job,
              new MinedEnvelope(
                  r.sealed().orElseThrow(), MiningOutcome.FOUND, target, r.attempts()));
      case NOT_REQUIRED ->
          succeed(
              job,
              new MinedEnvelope(r.sealed().orElseThrow(), MiningOutcome.NOT_REQUIRED, target, 0));
      case EXHAUSTED ->
          fail(
              job.result(),
              MiningOutcome.EXHAUSTED,
              target,
              r.attempts() + " attempts without success");
      case UNREACHABLE ->
          fail(job.result(), MiningOutcome.UNREACHABLE, target, "target needs " + bits + " bits");
      case CANCELLED -> {
        if (timedOut[0]) {
          fail(job.result(), MiningOutcome.DEADLINE, target, "deadline " + settings.deadline());
        } else {
          fail(job.result(), MiningOutcome.CANCELLED, target, "mining pool closed");
        }
      }
    }
  }

  private void succeed(Job job, MinedEnvelope m) {
    outcomes.get(m.outcome()).increment();
    job.result().complete(m);
  }

  private void fail(
      CompletableFuture<MinedEnvelope> f, MiningOutcome o, double target, String message) {
    if (f.completeExceptionally(new MiningException(o, target, message))) {
      outcomes.get(o).increment();
    }
  }

  private void cancelQueued() {
    Job j;
    while ((j = queue.poll()) != null) {
      fail(j.result(), MiningOutcome.CANCELLED, Double.NaN, "mining pool closed");
    }
  }

  /**
   * Stops the workers; every queued or running job completes with {@link MiningOutcome#CANCELLED}.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (Thread t : workers) {
      t.interrupt();
    }
    for (Thread t : workers) {
      if (t.isAlive()) {
        try {
          t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    cancelQueued();
  }
}

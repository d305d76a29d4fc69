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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Mines v2-born envelopes for the v1 side (spec v1-waku.md §5.3, ARCHITECTURE.md §2, §4): {@code
 * threads} worker threads, each with its own {@link PowMiner}, take jobs from one bounded queue. A
 * job whose target needs many hashes is mined by all idle workers together (see the design
 * comment), with exactly the nonce one thread would find.
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
   *
   * Cooperative mining of one job (issue #5: p99 added latency). The number of hashes to the
   * first match is geometric, so mining alone has a p99 of ~4.6x its mean (PoW 0.2 on 1 KiB with
   * ttl 5: 11 bits, mean 2,048 hashes ~0.8 ms, p99 ~3.7 ms). At the rates the bridge sees, most
   * workers are idle most of the time, so a job is split between all of them:
   *
   * - Tasks. Workers take tasks from one LinkedBlockingDeque: a Job (from submit, appended at the
   *   back) or a HelpTicket (pushed at the front). The job capacity is enforced by an AtomicInteger
   *   of queued jobs, not by the deque, so REJECTED_QUEUE_FULL and the queue-depth gauge mean what
   *   they meant with the old bounded queue; tickets are not counted. Tickets are bounded too: a
   *   job pushes threads-1 of them when it starts, and a ticket taken for a finished job is dropped
   *   at once, so at most threads x (threads-1) stale tickets exist.
   * - Chunks. The owner (the worker that took the job) publishes a SharedSearch: nextChunk,
   *   bestOffset (Long.MAX_VALUE until a match), an attempt adder and a helper count. Chunk k is
   *   offsets [k*C, (k+1)*C) from ORIGIN_NONCE_BASE (offsets, never raw nonces: the base is a
   *   negative long). Every participant, owner or helper, with its own PowMiner.Search, repeats:
   *   check closed and the deadline, claim k = nextChunk++, stop if k*C >= min(bestOffset, limit),
   *   else scan the whole chunk (stopping only at a match) and lower bestOffset to the match.
   * - Determinism. Chunks are claimed in increasing order and a claimed chunk is always scanned
   *   to its end or its first match, so once every participant has left, every offset below
   *   bestOffset has been hashed without a match: bestOffset is the smallest matching offset, the
   *   nonce one thread finds. The owner therefore completes the future only after all helpers
   *   that joined have left: it sets `finished` and parks until the helper count is 0 (the last
   *   helper to leave unparks it). A helper increments the count before reading `finished`, the
   *   owner writes `finished` before reading the count (both volatile), so a helper either is
   *   waited for or sees `finished` and leaves without hashing. Helpers leave within one chunk.
   * - Budgets. The attempt budget becomes the offset limit: offsets [0, budget) are searched, each
   *   hashed at most once, so the attempts summed over all participants never exceed it, and the
   *   job is found exactly when the smallest match is below it, as with one thread. The deadline
   *   and close() are checked before every chunk claim (instead of every 4,096 nonces) and only
   *   stop the claiming: like the budget, they decide found vs failed, never which nonce.
   *   MinedEnvelope.attempts() and the hash counter are the sum over all participants.
   * - C = 128. A chunk costs ~50 us of hashing (one Keccak-f permutation per nonce, whatever the
   *   envelope size, as the prefix is absorbed once per participant); the per-chunk overhead (one
   *   contended getAndIncrement, one read of bestOffset, one nanoTime) is well under 1% of that.
   *   The price of a chunk is the overshoot: when the match is found, the others finish their
   *   current chunk, so a job costs at most (threads-1) x C extra hashes (6% of 2,048 for 2
   *   threads) and the owner waits at most one chunk (~50 us) for the helpers. Smaller chunks would
   *   cut that but make the shared counter hotter; 64..256 are all reasonable.
   * - When to split: only with threads > 1 and an expected 2^bits >= 8 x C hashes (PoW 0.2 on
   *   1 KiB, 11 bits, qualifies). Below that a job takes well under a millisecond, helpers would
   *   cost more in wake-ups and overshoot than they save, and such jobs (e.g. PoW 0.002, a few
   *   bits) run the single-threaded PowMiner.mine path with no extra overhead.
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

  /** Offsets per chunk of a shared search (see the design comment). */
  static final int CHUNK = 128;

  /** A job is split when it expects at least this many hashes (2^bits). */
  static final long SPLIT_MIN_EXPECTED = 8L * CHUNK;

  private record Job(Envelope unsealed, CompletableFuture<MinedEnvelope> result) {}

  /** "Help mine this job", pushed at the front of the task deque when a split job starts. */
  private record HelpTicket(SharedSearch search) {}

  /** The shared state of one split job. */
  private static final class SharedSearch {
    final Envelope unsealed;
    final double target;
    final long limit;
    final long deadlineAt;
    final Thread owner;
    final AtomicLong nextChunk = new AtomicLong();
    final AtomicLong bestOffset = new AtomicLong(Long.MAX_VALUE);
    final LongAdder attempts = new LongAdder();
    final AtomicInteger helpers = new AtomicInteger();
    volatile boolean finished;
    volatile boolean timedOut;
    volatile boolean cancelled;
    volatile RuntimeException helperBug;

    SharedSearch(Envelope unsealed, double target, long limit, long deadlineAt, Thread owner) {
      this.unsealed = unsealed;
      this.target = target;
      this.limit = limit;
      this.deadlineAt = deadlineAt;
      this.owner = owner;
    }
  }

  private final Settings settings;
  private final DoubleSupplier peerRequirement;
  private final LongSupplier epochSeconds;
  private final LongSupplier nanoTime;
  private final int chunk;
  private final long splitMinExpected;
  private final LinkedBlockingDeque<Object> tasks = new LinkedBlockingDeque<>();
  private final AtomicInteger queuedJobs = new AtomicInteger();
  private final LongAdder helpedChunks = new LongAdder();
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
    this(
        name,
        settings,
        peerRequirement,
        epochSeconds,
        nanoTime,
        registry,
        CHUNK,
        SPLIT_MIN_EXPECTED);
  }

  /** Test hook: other chunk sizes and split thresholds (≥ 1). */
  MiningPool(
      String name,
      Settings settings,
      DoubleSupplier peerRequirement,
      LongSupplier epochSeconds,
      LongSupplier nanoTime,
      MeterRegistry registry,
      int chunk,
      long splitMinExpected) {
    if (chunk < 1 || splitMinExpected < 1) {
      throw new IllegalArgumentException("chunk and split threshold must be positive");
    }
    this.chunk = chunk;
    this.splitMinExpected = splitMinExpected;
    this.settings = settings;
    this.peerRequirement = peerRequirement;
    this.epochSeconds = epochSeconds;
    this.nanoTime = nanoTime;
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
    Gauge.builder("causeway_bridge_pow_queue_depth", queuedJobs, AtomicInteger::get)
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
    if (queuedJobs.incrementAndGet() > settings.queueCapacity()) {
      queuedJobs.decrementAndGet();
      fail(f, MiningOutcome.REJECTED_QUEUE_FULL, Double.NaN, "mining queue full");
      return f;
    }
    tasks.offerLast(new Job(unsealed, f));
    if (closed) {
      cancelQueued(); // close() may have drained before our offer
    }
    return f;
  }

  /** Jobs waiting. */
  public int queueDepth() {
    return queuedJobs.get();
  }

  /** Chunks scanned by helpers (not by the job's owner) so far: proof that jobs are shared. */
  long helpedChunks() {
    return helpedChunks.sum();
  }

  /** Submissions that ended with {@code o} so far. */
  public long count(MiningOutcome o) {
    return outcomes.get(o).sum();
  }

  private void work() {
    PowMiner miner = new PowMiner();
    while (!closed) {
      Object task;
      try {
        task = tasks.takeFirst();
      } catch (InterruptedException e) {
        break;
      }
      if (task instanceof HelpTicket t) {
        help(miner, t.search());
        continue;
      }
      Job job = (Job) task;
      queuedJobs.decrementAndGet();
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
    if (settings.threads() > 1 && expected >= splitMinExpected && bits <= 256) {
      mineShared(
          miner, job, new SharedSearch(e, target, budget, deadlineAt, Thread.currentThread()));
      return;
    }
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

  /** Mines {@code job} as the owner of a shared search, with whichever workers are idle. */
  private void mineShared(PowMiner miner, Job job, SharedSearch s) {
    for (int i = 1; i < settings.threads(); i++) {
      tasks.offerFirst(new HelpTicket(s));
    }
    try {
      participate(miner, s, false);
    } finally {
      s.finished = true;
      boolean interrupted = false;
      while (s.helpers.get() > 0) {
        LockSupport.park(s);
        interrupted |= Thread.interrupted(); // close(): helpers leave within a chunk anyway
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    long best = s.bestOffset.get();
    long attempts = s.attempts.sum();
    if (s.helperBug != null) {
      throw s.helperBug; // completes the future exceptionally, as for the owner's own bugs
    } else if (best != Long.MAX_VALUE) {
      succeed(
          job,
          new MinedEnvelope(
              s.unsealed.withNonce(OriginNonce.ORIGIN_NONCE_BASE + best),
              MiningOutcome.FOUND,
              s.target,
              attempts));
    } else if (s.cancelled) {
      fail(job.result(), MiningOutcome.CANCELLED, s.target, "mining pool closed");
    } else if (s.timedOut) {
      fail(job.result(), MiningOutcome.DEADLINE, s.target, "deadline " + settings.deadline());
    } else {
      fail(job.result(), MiningOutcome.EXHAUSTED, s.target, attempts + " attempts without success");
    }
  }

  /** A worker that took a ticket: helps while the job runs, or drops a finished job's ticket. */
  private void help(PowMiner miner, SharedSearch s) {
    s.helpers.incrementAndGet();
    try {
      if (!s.finished) {
        participate(miner, s, true);
      }
    } catch (RuntimeException e) {
      // A bug: a chunk may be left half-scanned, so the job must not report a nonce.
      s.helperBug = e;
    } finally {
      if (s.helpers.decrementAndGet() == 0 && s.finished) {
        LockSupport.unpark(s.owner);
      }
    }
  }

  /** Claims and scans chunks of {@code s} until the search is over for this participant. */
  private void participate(PowMiner miner, SharedSearch s, boolean helper) {
    PowMiner.Search search = miner.prepare(s.unsealed, s.target, OriginNonce.ORIGIN_NONCE_BASE);
    long hashed = 0;
    try {
      while (true) {
        if (closed) {
          s.cancelled = true;
          return;
        }
        if (nanoTime.getAsLong() - s.deadlineAt >= 0) {
          s.timedOut = true;
          return;
        }
        long from = s.nextChunk.getAndIncrement() * chunk;
        if (from >= s.limit || from >= s.bestOffset.get()) {
          return;
        }
        long count = Math.min(chunk, s.limit - from);
        long found = search.scan(from, count);
        if (helper) {
          helpedChunks.increment();
        }
        if (found >= 0) {
          hashed += found - from + 1;
          s.bestOffset.accumulateAndGet(found, Math::min);
          return; // every later chunk starts beyond this match
        }
        hashed += count;
      }
    } finally {
      s.attempts.add(hashed);
      hashes.add(hashed);
    }
  }

  private void succeed(Job job, MinedEnvelope m) {
    outcomes.get(m.outcome()).increment();
    job.result().complete(m);
  }

  private void fail(
      CompletableFuture<MinedEnvelope> f, MiningOutcome o, double target, String message) {
    // Counted before completing (as in succeed): whoever sees the future done sees the count. A
    // future is failed at most once (a job is taken from the deque once), so isDone is a guard
    // against bugs only.
    if (!f.isDone()) {
      outcomes.get(o).increment();
      f.completeExceptionally(new MiningException(o, target, message));
    }
  }

  private void cancelQueued() {
    Object t;
    while ((t = tasks.pollFirst()) != null) {
      if (t instanceof Job j) {
        queuedJobs.decrementAndGet();
        fail(j.result(), MiningOutcome.CANCELLED, Double.NaN, "mining pool closed");
      } // a HelpTicket: its owner completes the job
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

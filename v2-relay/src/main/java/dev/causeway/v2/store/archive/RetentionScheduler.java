package dev.causeway.v2.store.archive;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link RetentionPolicy} to an archive periodically on an injected scheduler (never a
 * relay or Netty thread), like nwaku's retention loop (spec v2-store.md §5.3): every {@code
 * interval} (nwaku: 30 min) after a successful run, {@code retryAfterError} (nwaku: 1 min) after a
 * failed one. Failures are logged and counted ({@code waku_archive_errors_total{type=
 * "retention_failure"}} by the archive); the loop keeps going until {@link #close()}.
 */
public final class RetentionScheduler implements AutoCloseable {
  /*
   * Each run schedules the next one (instead of scheduleWithFixedDelay) so that the delay can
   * depend on the outcome, and so that a test scheduler that only fakes schedule(Runnable, ...)
   * drives it.
   */
  private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);

  private final MessageArchive archive;
  private final RetentionPolicy policy;
  private final ScheduledExecutorService scheduler;
  private final Duration interval;
  private final Duration retryAfterError;
  private ScheduledFuture<?> next;
  private boolean closed;
  private long runs;
  private long failures;
  private long deleted;

  public RetentionScheduler(
      MessageArchive archive,
      RetentionPolicy policy,
      ScheduledExecutorService scheduler,
      Duration interval,
      Duration retryAfterError) {
    this.archive = Objects.requireNonNull(archive, "archive");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    if (interval.isNegative() || interval.isZero() || retryAfterError.isNegative()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.interval = interval;
    this.retryAfterError = retryAfterError;
  }

  /** Schedules the first run after {@code initialDelay}. A no-op for the {@code none} policy. */
  public synchronized void start(Duration initialDelay) {
    if (closed || policy.isNone() || next != null) {
      return;
    }
    next = scheduler.schedule(this::run, initialDelay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Applies the policy once now, on the calling thread; returns the number of entries deleted. */
  public long runOnce() throws ArchiveException {
    long n = archive.applyRetention(policy);
    synchronized (this) {
      runs++;
      deleted += n;
    }
    return n;
  }

  private void run() {
    Duration delay = interval;
    try {
      long n = runOnce();
      if (n > 0) {
        LOG.info("retention {} deleted {} messages", policy, n);
      }
    } catch (ArchiveException | RuntimeException e) {
      synchronized (this) {
        failures++;
      }
      LOG.warn("retention {} failed: {}", policy, e.toString());
      delay = retryAfterError;
    }
    synchronized (this) {
      if (!closed) {
        next = scheduler.schedule(this::run, delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
  }

  public synchronized long runs() {
    return runs;
  }

  public synchronized long failures() {
    return failures;
  }

  public synchronized long deleted() {
    return deleted;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel(false);
    }
  }
}

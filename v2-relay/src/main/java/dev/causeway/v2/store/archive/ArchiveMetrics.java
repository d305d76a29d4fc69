package dev.causeway.v2.store.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Archive series with nwaku-like names and closed tag sets (spec v2-store.md §3.1, §5.3): {@code
 * waku_archive_messages{type="stored"}} (gauge), {@code waku_archive_inserted_total{result}},
 * {@code waku_archive_errors_total{type}}, {@code waku_archive_insert_duration_seconds} (one sample
 * per committed batch), {@code waku_archive_query_duration_seconds}, {@code
 * waku_archive_queue_depth}, {@code waku_archive_retention_deleted_total{policy}} and {@code
 * waku_archive_retention_duration_seconds}. The ingest-side error types ({@link
 * ErrorType#INVALID_MESSAGE_TOO_OLD} etc.) are counted by {@link ArchiveService} on the same
 * series.
 */
public final class ArchiveMetrics {
  /** {@code type} tag of {@code waku_archive_errors_total}. */
  public enum ErrorType {
    /** Timestamp absent, 0 or older than the window (nwaku {@code invalid_message_too_old}). */
    INVALID_MESSAGE_TOO_OLD,
    /** Timestamp ahead of the window (nwaku {@code invalid_message_future_timestamp}). */
    INVALID_MESSAGE_FUTURE_TIMESTAMP,
    /** Insert queue full: message dropped. */
    QUEUE_FULL,
    /** Insert rejected after close. */
    CLOSED,
    /** A batch or single insert failed in the database. */
    INSERT_FAILURE,
    /** A query failed in the database (not: cursor not found, invalid query). */
    QUERY_FAILURE,
    /** A retention run failed. */
    RETENTION_FAILURE
  }

  /** {@code result} tag of {@code waku_archive_inserted_total}. */
  public enum InsertResult {
    STORED,
    DUPLICATE
  }

  /** {@code policy} tag of the retention series. */
  public enum Policy {
    TIME,
    CAPACITY,
    SIZE
  }

  private final Map<ErrorType, Counter> errors = new EnumMap<>(ErrorType.class);
  private final Map<InsertResult, Counter> inserted = new EnumMap<>(InsertResult.class);
  private final Map<Policy, Counter> retentionDeleted = new EnumMap<>(Policy.class);
  private final Timer insertDuration;
  private final Timer queryDuration;
  private final Timer retentionDuration;
  private final AtomicLong stored = new AtomicLong();

  ArchiveMetrics(MeterRegistry registry, IntSupplier queueDepth) {
    this(registry);
    Gauge.builder("waku_archive_messages", stored, AtomicLong::get)
        .tag("type", "stored")
        .description("entries in the archive (exact after open, count() and retention)")
        .register(registry);
    Gauge.builder("waku_archive_queue_depth", queueDepth::getAsInt)
        .description("inserts queued, not yet committed")
        .register(registry);
  }

  /** Counters and timers only (the service side registers no gauges). */
  ArchiveMetrics(MeterRegistry registry) {
    for (ErrorType t : ErrorType.values()) {
      errors.put(
          t,
          Counter.builder("waku_archive_errors_total")
              .tag("type", t.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    for (InsertResult r : InsertResult.values()) {
      inserted.put(
          r,
          Counter.builder("waku_archive_inserted_total")
              .tag("result", r.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    for (Policy p : Policy.values()) {
      retentionDeleted.put(
          p,
          Counter.builder("waku_archive_retention_deleted_total")
              .tag("policy", p.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    insertDuration =
        Timer.builder("waku_archive_insert_duration_seconds")
            .description("commit time of one insert batch")
            .register(registry);
    queryDuration = Timer.builder("waku_archive_query_duration_seconds").register(registry);
    retentionDuration = Timer.builder("waku_archive_retention_duration_seconds").register(registry);
  }

  void error(ErrorType t) {
    errors.get(t).increment();
  }

  void error(ErrorType t, int n) {
    errors.get(t).increment(n);
  }

  void inserted(InsertResult r) {
    inserted.get(r).increment();
    if (r == InsertResult.STORED) {
      stored.incrementAndGet();
    }
  }

  void retentionDeleted(Policy p, long n) {
    retentionDeleted.get(p).increment(n);
    stored.addAndGet(-n);
  }

  void storedCount(long n) {
    stored.set(n);
  }

  Timer insertDuration() {
    return insertDuration;
  }

  Timer queryDuration() {
    return queryDuration;
  }

  Timer retentionDuration() {
    return retentionDuration;
  }

  public double errorCount(ErrorType t) {
    return errors.get(t).count();
  }

  public double insertedCount(InsertResult r) {
    return inserted.get(r).count();
  }

  public double retentionDeletedCount(Policy p) {
    return retentionDeleted.get(p).count();
  }

  public long storedGauge() {
    return stored.get();
  }
}

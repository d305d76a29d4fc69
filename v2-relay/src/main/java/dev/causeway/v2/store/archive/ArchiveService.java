package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.relay.RelayListener;
import dev.causeway.v2.relay.WakuRelay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Archives relayed messages (spec v2-store.md §3.1 eligibility, nwaku {@code archive.nim}): for
 * each message of a subscribed pubsub topic, drops ephemeral ones, drops those whose timestamp is
 * absent, 0 or more than {@code timestampWindow} (default ±20 s) away from the injected clock
 * ({@code waku_archive_errors_total{type="invalid_message_too_old"|
 * "invalid_message_future_timestamp"}}), and queues the rest into the archive, which de-duplicates
 * by hash ({@code waku_archive_inserted_total{result="duplicate"}}) and drops with a count when its
 * bounded queue is full.
 *
 * <p>The {@link RelayListener} runs on the gossipsub thread: it does only these checks and a
 * non-blocking queue offer. It does not wait for commits.
 */
public final class ArchiveService {
  /*
   * The hash comes from relay (already computed for dedup) so nothing is hashed twice. The
   * window is configurable because bridged Waku v1 traffic carries sender times that can be older
   * than 20 s by the time the bridge relays them (spec v2-store.md §7).
   */

  /** What became of one message offered to the archive. */
  public enum Admission {
    /** Queued for the next batch (the commit result is counted by the archive). */
    QUEUED,
    /** Ephemeral: never stored. */
    EPHEMERAL,
    /** Timestamp absent, 0 or older than the window. */
    TOO_OLD,
    /** Timestamp ahead of the window. */
    FUTURE_TIMESTAMP,
    /** The archive's queue was full or it is closed (counted by the archive). */
    DROPPED
  }

  /** Default ±window of nwaku's archive ({@code MaxMessageTimestampVariance}, 20 s). */
  public static final Duration DEFAULT_TIMESTAMP_WINDOW = Duration.ofSeconds(20);

  private final MessageArchive archive;
  private final Clock clock;
  private final long windowNanos;
  private final ArchiveMetrics metrics;
  private final Counter ephemeral;
  private final RelayListener listener = this::onMessage;

  public ArchiveService(
      MessageArchive archive, Duration timestampWindow, Clock clock, MeterRegistry registry) {
    this.archive = Objects.requireNonNull(archive, "archive");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (timestampWindow.isNegative()) {
      throw new IllegalArgumentException("timestamp window must not be negative");
    }
    this.windowNanos = timestampWindow.toNanos();
    this.metrics = new ArchiveMetrics(registry);
    this.ephemeral =
        Counter.builder("waku_archive_skipped_total").tag("reason", "ephemeral").register(registry);
  }

  /** The listener to register with {@link WakuRelay#subscribe(PubsubTopic, RelayListener)}. */
  public RelayListener listener() {
    return listener;
  }

  /** Subscribes to {@code topic} on {@code relay} and archives what it delivers. */
  public CompletableFuture<Void> attach(WakuRelay relay, PubsubTopic topic) {
    return relay.subscribe(topic, listener);
  }

  private void onMessage(PubsubTopic topic, WakuMessage message, MessageHash hash) {
    offer(topic, message, hash);
  }

  /**
   * Applies the eligibility checks and queues {@code message}; never blocks. Usable directly by
   * sources other than relay (e.g. the bridge or light push).
   */
  public Admission offer(PubsubTopic topic, WakuMessage message, MessageHash hash) {
    if (message.ephemeral()) {
      ephemeral.increment();
      return Admission.EPHEMERAL;
    }
    long ts = message.timestampOrZero();
    Instant now = clock.instant();
    long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    if (ts <= 0 || ts < nowNanos - windowNanos) {
      metrics.error(ArchiveMetrics.ErrorType.INVALID_MESSAGE_TOO_OLD);
      return Admission.TOO_OLD;
    }
    if (ts > nowNanos + windowNanos) {
      metrics.error(ArchiveMetrics.ErrorType.INVALID_MESSAGE_FUTURE_TIMESTAMP);
      return Admission.FUTURE_TIMESTAMP;
    }
    CompletableFuture<InsertOutcome> f = archive.insert(new ArchivedMessage(hash, topic, message));
    // A future that failed at once was refused by the bounded queue (or closed); the archive
    // counted it. Commit failures later are counted by the archive too.
    if (f.isCompletedExceptionally()) {
      return Admission.DROPPED;
    }
    return Admission.QUEUED;
  }
}

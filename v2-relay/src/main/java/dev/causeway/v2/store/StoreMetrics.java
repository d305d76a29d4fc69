package dev.causeway.v2.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Metrics of one store protocol (tag {@code protocol}: {@code v3} or {@code legacy}):
 *
 * <ul>
 *   <li>{@code causeway_store_requests_total{protocol,status}}: answered requests by status (200,
 *       300, 400, 429, 503; legacy errors counted as their v3 equivalent);
 *   <li>{@code causeway_store_decode_errors_total{protocol,reason}}: undecodable requests;
 *   <li>{@code causeway_store_dropped_total{protocol,reason}}: requests refused or lost (rate
 *       limited, queue full, request timeout, bad length prefix, stream reset before the answer);
 *   <li>{@code causeway_store_query_seconds{protocol}}: archive query time.
 * </ul>
 */
public final class StoreMetrics {
  /** Which protocol the series describe. */
  public enum Protocol {
    V3,
    LEGACY
  }

  /** Why a request was not served normally. */
  public enum Drop {
    RATE_LIMITED,
    QUEUE_FULL,
    REQUEST_TIMEOUT,
    BAD_FRAME,
    STREAM_RESET
  }

  private static final int[] STATUSES = {
    StoreStatus.OK,
    StoreStatus.BAD_RESPONSE,
    StoreStatus.BAD_REQUEST,
    StoreStatus.TOO_MANY_REQUESTS,
    StoreStatus.SERVICE_UNAVAILABLE
  };

  private final Map<Integer, Counter> requests = new java.util.HashMap<>();
  private final Map<StoreCodecException.Reason, Counter> decodeErrors =
      new EnumMap<>(StoreCodecException.Reason.class);
  private final Map<Drop, Counter> drops = new EnumMap<>(Drop.class);
  private final Timer queryTime;

  public StoreMetrics(MeterRegistry registry, Protocol protocol) {
    String p = protocol.name().toLowerCase(Locale.ROOT);
    for (int s : STATUSES) {
      requests.put(
          s,
          Counter.builder("causeway_store_requests_total")
              .description("store requests answered, by status")
              .tag("protocol", p)
              .tag("status", Integer.toString(s))
              .register(registry));
    }
    for (StoreCodecException.Reason r : StoreCodecException.Reason.values()) {
      decodeErrors.put(
          r,
          Counter.builder("causeway_store_decode_errors_total")
              .description("undecodable store requests")
              .tag("protocol", p)
              .tag("reason", r.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    for (Drop d : Drop.values()) {
      drops.put(
          d,
          Counter.builder("causeway_store_dropped_total")
              .description("store requests refused or lost")
              .tag("protocol", p)
              .tag("reason", d.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    queryTime =
        Timer.builder("causeway_store_query_seconds")
            .description("archive query time")
            .tag("protocol", p)
            .register(registry);
  }

  /** Counts an answer; unknown codes are counted as 300. */
  public void answered(int status) {
    Counter c = requests.get(status);
    (c != null ? c : requests.get(StoreStatus.BAD_RESPONSE)).increment();
  }

  public void decodeError(StoreCodecException.Reason reason) {
    decodeErrors.get(reason).increment();
  }

  public void dropped(Drop reason) {
    drops.get(reason).increment();
  }

  public void queryTime(Duration d) {
    queryTime.record(d);
  }

  /** Test and status-page access: answers with {@code status} so far. */
  public double answeredCount(int status) {
    Counter c = requests.get(status);
    return c == null ? 0 : c.count();
  }

  public double droppedCount(Drop reason) {
    return drops.get(reason).count();
  }

  public double decodeErrorCount(StoreCodecException.Reason reason) {
    return decodeErrors.get(reason).count();
  }
}

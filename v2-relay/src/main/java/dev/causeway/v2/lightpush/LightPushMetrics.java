package dev.causeway.v2.lightpush;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters of the light push service and client (spec v2-filter-lightpush.md §5 names
 * nwaku's {@code waku_service_requests}); every tag value comes from an enum:
 *
 * <ul>
 *   <li>{@code causeway_lightpush_requests_total{version,status}}: requests answered, by version
 *       ({@code v2}, {@code v3}) and {@link LightPushStatus} name (v2 answers are counted with the
 *       status the v3 protocol would have sent);
 *   <li>{@code causeway_lightpush_request_duration_seconds{version}}: time from the complete
 *       request to the response being queued, with a percentile histogram;
 *   <li>{@code causeway_lightpush_bad_requests_total{version,reason}}: undecodable requests by
 *       {@link LightPushCodecException.Reason};
 *   <li>{@code causeway_lightpush_streams_dropped_total{reason}}: streams ended without a response
 *       ({@link StreamDrop});
 *   <li>{@code causeway_lightpush_in_flight}: requests being published;
 *   <li>{@code causeway_lightpush_client_requests_total{version,result}}: client pushes by {@link
 *       ClientResult}.
 * </ul>
 */
public final class LightPushMetrics {
  /** Why a stream ended without a response. */
  public enum StreamDrop {
    /** The request did not arrive in time. */
    TIMEOUT,
    /** The client closed (or reset) before sending a whole request. */
    CLOSED_BEFORE_REQUEST
  }

  /** Outcome of a client push. */
  public enum ClientResult {
    SUCCESS,
    /** The service node answered with an error status. */
    REJECTED,
    /** No usable answer (stream, timeout, malformed response). */
    FAILED
  }

  private final Map<LightPushVersion, Map<LightPushStatus, Counter>> requests =
      new EnumMap<>(LightPushVersion.class);
  private final Map<LightPushVersion, Timer> latency = new EnumMap<>(LightPushVersion.class);
  private final Map<LightPushVersion, Map<LightPushCodecException.Reason, Counter>> bad =
      new EnumMap<>(LightPushVersion.class);
  private final Map<StreamDrop, Counter> dropped = new EnumMap<>(StreamDrop.class);
  private final Map<LightPushVersion, Map<ClientResult, Counter>> client =
      new EnumMap<>(LightPushVersion.class);
  private final AtomicInteger inFlight = new AtomicInteger();
  private boolean inFlightBound;
  private final MeterRegistry registry;

  public LightPushMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (LightPushVersion v : LightPushVersion.values()) {
      Map<LightPushStatus, Counter> byStatus = new EnumMap<>(LightPushStatus.class);
      for (LightPushStatus s : LightPushStatus.values()) {
        byStatus.put(
            s,
            Counter.builder("causeway_lightpush_requests_total")
                .description("Light push requests answered, by version and status")
                .tag("version", v.tag())
                .tag("status", s.name())
                .register(registry));
      }
      requests.put(v, byStatus);
      latency.put(
          v,
          Timer.builder("causeway_lightpush_request_duration_seconds")
              .description("Light push request handling time (request read to response queued)")
              .tag("version", v.tag())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofSeconds(10))
              .register(registry));
      Map<LightPushCodecException.Reason, Counter> byReason =
          new EnumMap<>(LightPushCodecException.Reason.class);
      for (LightPushCodecException.Reason r : LightPushCodecException.Reason.values()) {
        byReason.put(
            r,
            Counter.builder("causeway_lightpush_bad_requests_total")
                .description("Undecodable light push requests")
                .tag("version", v.tag())
                .tag("reason", r.name())
                .register(registry));
      }
      bad.put(v, byReason);
      Map<ClientResult, Counter> byResult = new EnumMap<>(ClientResult.class);
      for (ClientResult r : ClientResult.values()) {
        byResult.put(
            r,
            Counter.builder("causeway_lightpush_client_requests_total")
                .description("Light push requests sent by this node, by result")
                .tag("version", v.tag())
                .tag("result", r.name())
                .register(registry));
      }
      client.put(v, byResult);
    }
    for (StreamDrop d : StreamDrop.values()) {
      dropped.put(
          d,
          Counter.builder("causeway_lightpush_streams_dropped_total")
              .description("Light push streams ended without a response")
              .tag("reason", d.name())
              .register(registry));
    }
  }

  /**
   * Binds the rate limiter's eviction count (buckets forgotten for lack of room). Meters hold their
   * state object weakly: the limiter itself is bound, which the protocol keeps alive.
   */
  void bindRateLimiter(PeerRateLimiter<?> limiter) {
    io.micrometer.core.instrument.FunctionCounter.builder(
            "causeway_lightpush_rate_limiter_evictions_total", limiter, PeerRateLimiter::evictions)
        .description("Per-peer rate limit buckets forgotten because too many peers were tracked")
        .register(registry);
  }

  void answered(LightPushVersion v, LightPushStatus s, long nanos) {
    requests.get(v).get(s).increment();
    latency.get(v).record(nanos, TimeUnit.NANOSECONDS);
  }

  void badRequest(LightPushVersion v, LightPushCodecException.Reason r) {
    bad.get(v).get(r).increment();
  }

  void drop(StreamDrop d) {
    dropped.get(d).increment();
  }

  /**
   * The in-flight counter of the serving side; registers its gauge on first use, so that a client's
   * metrics object in the same registry does not claim the gauge first.
   */
  synchronized AtomicInteger inFlightCounter() {
    if (!inFlightBound) {
      inFlightBound = true;
      Gauge.builder("causeway_lightpush_in_flight", inFlight, AtomicInteger::get)
          .description("Light push requests being published")
          .register(registry);
    }
    return inFlight;
  }

  void client(LightPushVersion v, ClientResult r) {
    client.get(v).get(r).increment();
  }

  /** Requests answered with {@code status} on {@code version}. */
  public double requests(LightPushVersion version, LightPushStatus status) {
    return requests.get(version).get(status).count();
  }

  /** Undecodable requests of {@code version} for {@code reason}. */
  public double badRequests(LightPushVersion version, LightPushCodecException.Reason reason) {
    return bad.get(version).get(reason).count();
  }

  public double dropped(StreamDrop reason) {
    return dropped.get(reason).count();
  }

  public double clientRequests(LightPushVersion version, ClientResult result) {
    return client.get(version).get(result).count();
  }

  /** The latency timer of {@code version} (count, percentiles). */
  public Timer latency(LightPushVersion version) {
    return latency.get(version);
  }

  public int inFlight() {
    return inFlight.get();
  }
}

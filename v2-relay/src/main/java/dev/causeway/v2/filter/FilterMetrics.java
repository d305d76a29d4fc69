package dev.causeway.v2.filter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Micrometer metrics of the filter service (spec v2-filter-lightpush.md §1.2), nwaku-style names:
 *
 * <ul>
 *   <li>{@code waku_filter_subscriptions} (gauge: subscribed peers), {@code waku_filter_criteria}
 *       (gauge: criteria over all peers);
 *   <li>{@code waku_filter_requests_total{type,status}}: requests answered, by {@link RequestType}
 *       and status code (a closed set: 200, 400, 404, 429, 503);
 *   <li>{@code waku_filter_pushes_total}: pushes written to a subscriber's stream;
 *   <li>{@code waku_filter_push_failures_total{reason}}: pushes not delivered, by {@link
 *       PushFailure} (queue full, stream open failed, write failed, timeout, shut down);
 *   <li>{@code waku_filter_messages_total{result}}: relayed messages seen by the service (matched,
 *       unmatched, duplicate);
 *   <li>{@code waku_filter_subscribers_removed_total{reason}}: expired or unreachable peers.
 * </ul>
 */
public final class FilterMetrics {
  /** Request types as tag values; UNDECODABLE covers requests that could not be read. */
  public enum RequestType {
    SUBSCRIBER_PING,
    SUBSCRIBE,
    UNSUBSCRIBE,
    UNSUBSCRIBE_ALL,
    UNDECODABLE;

    static RequestType of(FilterRequest.Type t) {
      return switch (t) {
        case SUBSCRIBER_PING -> SUBSCRIBER_PING;
        case SUBSCRIBE -> SUBSCRIBE;
        case UNSUBSCRIBE -> UNSUBSCRIBE;
        case UNSUBSCRIBE_ALL -> UNSUBSCRIBE_ALL;
      };
    }
  }

  /** Why a push was not delivered. */
  public enum PushFailure {
    QUEUE_FULL,
    STREAM_OPEN_FAILED,
    WRITE_FAILED,
    TIMEOUT,
    SHUT_DOWN
  }

  /** Why a subscriber was removed by the service itself. */
  public enum Removal {
    EXPIRED,
    UNREACHABLE
  }

  private static final int[] STATUSES = {
    FilterStatus.OK,
    FilterStatus.BAD_REQUEST,
    FilterStatus.NOT_FOUND,
    FilterStatus.TOO_MANY_REQUESTS,
    FilterStatus.SERVICE_UNAVAILABLE
  };

  private final Map<RequestType, Map<Integer, Counter>> requests = new EnumMap<>(RequestType.class);
  private final Map<PushFailure, Counter> failures = new EnumMap<>(PushFailure.class);
  private final Map<Removal, Counter> removals = new EnumMap<>(Removal.class);
  private final Counter pushes;
  private final Counter matched;
  private final Counter unmatched;
  private final Counter duplicate;

  FilterMetrics(MeterRegistry registry, SubscriptionRegistry subscriptions) {
    for (RequestType t : RequestType.values()) {
      Map<Integer, Counter> byStatus = new HashMap<>();
      for (int s : STATUSES) {
        byStatus.put(
            s,
            Counter.builder("waku_filter_requests_total")
                .tag("type", t.name().toLowerCase(Locale.ROOT))
                .tag("status", Integer.toString(s))
                .register(registry));
      }
      requests.put(t, byStatus);
    }
    for (PushFailure f : PushFailure.values()) {
      failures.put(
          f,
          Counter.builder("waku_filter_push_failures_total")
              .tag("reason", f.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    for (Removal r : Removal.values()) {
      removals.put(
          r,
          Counter.builder("waku_filter_subscribers_removed_total")
              .tag("reason", r.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    pushes = Counter.builder("waku_filter_pushes_total").register(registry);
    matched = messages(registry, "matched");
    unmatched = messages(registry, "unmatched");
    duplicate = messages(registry, "duplicate");
    Gauge.builder("waku_filter_subscriptions", subscriptions, SubscriptionRegistry::peerCount)
        .register(registry);
    Gauge.builder("waku_filter_criteria", subscriptions, SubscriptionRegistry::criteriaCount)
        .register(registry);
  }

  private static Counter messages(MeterRegistry registry, String result) {
    return Counter.builder("waku_filter_messages_total").tag("result", result).register(registry);
  }

  void request(RequestType type, int status) {
    Counter c = requests.get(type).get(status);
    if (c != null) {
      c.increment();
    }
  }

  void pushed() {
    pushes.increment();
  }

  void pushFailed(PushFailure reason) {
    failures.get(reason).increment();
  }

  void removed(Removal reason, int n) {
    removals.get(reason).increment(n);
  }

  void message(boolean anyMatch) {
    (anyMatch ? matched : unmatched).increment();
  }

  void duplicate() {
    duplicate.increment();
  }

  /** Requests of {@code type} answered with {@code status}. */
  public double requests(RequestType type, int status) {
    Counter c = requests.get(type).get(status);
    return c == null ? 0 : c.count();
  }

  public double pushes() {
    return pushes.count();
  }

  public double pushFailures(PushFailure reason) {
    return failures.get(reason).count();
  }

  public double removed(Removal reason) {
    return removals.get(reason).count();
  }

  public double duplicates() {
    return duplicate.count();
  }
}

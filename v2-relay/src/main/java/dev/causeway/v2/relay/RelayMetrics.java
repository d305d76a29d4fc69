package dev.causeway.v2.relay;

import dev.causeway.v2.core.WakuMessageValidator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Relay counters with closed tag sets: {@code waku_relay_*} like nwaku's series. */
public final class RelayMetrics {
  /** Why a relayed message was not accepted. */
  public enum Rejected {
    UNDECODABLE,
    UNKNOWN_TOPIC
  }

  private final Map<WakuMessageValidator.Rejection, Counter> invalid =
      new EnumMap<>(WakuMessageValidator.Rejection.class);
  private final Map<Rejected, Counter> rejected = new EnumMap<>(Rejected.class);
  private final Counter accepted;
  private final Counter published;

  RelayMetrics(MeterRegistry registry) {
    for (WakuMessageValidator.Rejection r : WakuMessageValidator.Rejection.values()) {
      invalid.put(
          r,
          Counter.builder("waku_relay_messages_rejected_total")
              .tag("reason", r.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    for (Rejected r : Rejected.values()) {
      rejected.put(
          r,
          Counter.builder("waku_relay_messages_rejected_total")
              .tag("reason", r.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    accepted = Counter.builder("waku_relay_messages_accepted_total").register(registry);
    published = Counter.builder("waku_relay_messages_published_total").register(registry);
  }

  void invalid(WakuMessageValidator.Rejection r) {
    invalid.get(r).increment();
  }

  void rejected(Rejected r) {
    rejected.get(r).increment();
  }

  void accepted() {
    accepted.increment();
  }

  void published() {
    published.increment();
  }

  public double acceptedCount() {
    return accepted.count();
  }

  public double invalidCount(WakuMessageValidator.Rejection r) {
    return invalid.get(r).count();
  }

  public double rejectedCount(Rejected r) {
    return rejected.get(r).count();
  }
}

package dev.causeway.bridge;

import dev.causeway.bridge.translate.SkipReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The bridge's counters and their meters. Causeway series: {@code
 * causeway_bridge_transfers_total{direction}}, {@code
 * causeway_bridge_skipped_total{direction,reason}}, {@code
 * causeway_bridge_dropped_total{direction,reason}}, {@code causeway_bridge_queue_depth{direction}}.
 * nwaku-compatible series (spec bridge-mapping.md §6): {@code
 * waku_bridge_transfers{type="v1_to_v2"|"v2_to_v1"}} and {@code waku_bridge_dropped{type}}, summed
 * over directions, where {@code type} is nwaku's {@code duplicate} / {@code value_error} (our
 * {@code bad-content-topic}) or one of our other reason tags; content topics outside {@code
 * /waku/1/}, our own emissions and envelopes that a Causeway bridge built from v2 messages ({@code
 * v2-origin}: the message is on v2 already) are not drops there (nwaku ignored foreign topics and
 * its own emissions too). Tag values come from enums only.
 */
final class BridgeMetrics {
  private final Map<Direction, LongAdder> transfers = new EnumMap<>(Direction.class);
  private final Map<Direction, Map<SkipReason, LongAdder>> skipped = new EnumMap<>(Direction.class);
  private final Map<Direction, Map<DropReason, LongAdder>> dropped = new EnumMap<>(Direction.class);

  private final Map<Direction, io.micrometer.core.instrument.Timer> latency =
      new java.util.EnumMap<>(Direction.class);

  BridgeMetrics(MeterRegistry registry, Map<Direction, IntSupplier> queueDepths) {
    for (Direction d : Direction.values()) {
      latency.put(
          d,
          io.micrometer.core.instrument.Timer.builder("causeway_bridge_forward_latency")
              .description(
                  "time from a message's arrival at the bridge to its hand-off to the other"
                      + " network (v1->v2: relay publication written to the mesh peers;"
                      + " v2->v1: mined envelope accepted by the bridge's v1 node)")
              .tag("direction", d.tag())
              .publishPercentileHistogram()
              .minimumExpectedValue(java.time.Duration.ofNanos(10_000))
              .maximumExpectedValue(java.time.Duration.ofSeconds(30))
              .register(registry));
      LongAdder t = new LongAdder();
      transfers.put(d, t);
      FunctionCounter.builder("causeway_bridge_transfers_total", t, LongAdder::doubleValue)
          .tag("direction", d.tag())
          .register(registry);
      FunctionCounter.builder("waku_bridge_transfers", t, LongAdder::doubleValue)
          .tag("type", d.tag())
          .register(registry);
      Map<SkipReason, LongAdder> s = new EnumMap<>(SkipReason.class);
      for (SkipReason r : SkipReason.values()) {
        LongAdder a = new LongAdder();
        s.put(r, a);
        FunctionCounter.builder("causeway_bridge_skipped_total", a, LongAdder::doubleValue)
            .tag("direction", d.tag())
            .tag("reason", r.tag())
            .register(registry);
      }
      skipped.put(d, s);
      Map<DropReason, LongAdder> dr = new EnumMap<>(DropReason.class);
      for (DropReason r : DropReason.values()) {
        LongAdder a = new LongAdder();
        dr.put(r, a);
        FunctionCounter.builder("causeway_bridge_dropped_total", a, LongAdder::doubleValue)
            .tag("direction", d.tag())
            .tag("reason", r.tag())
            .register(registry);
      }
      dropped.put(d, dr);
      IntSupplier depth = queueDepths.get(d);
      Gauge.builder("causeway_bridge_queue_depth", depth, q -> q.getAsInt())
          .tag("direction", d.tag())
          .register(registry);
    }
    for (SkipReason r : SkipReason.values()) {
      if (r == SkipReason.OTHER_CONTENT_TOPIC
          || r == SkipReason.OWN_EMISSION
          || r == SkipReason.V2_ORIGIN) {
        continue;
      }
      String type =
          switch (r) {
            case DUPLICATE -> "duplicate";
            case BAD_CONTENT_TOPIC -> "value_error";
            default -> r.tag();
          };
      FunctionCounter.builder("waku_bridge_dropped", this, m -> m.skippedTotal(r))
          .tag("type", type)
          .register(registry);
    }
    for (DropReason r : DropReason.values()) {
      FunctionCounter.builder("waku_bridge_dropped", this, m -> m.droppedTotal(r))
          .tag("type", r.tag())
          .register(registry);
    }
  }

  private double skippedTotal(SkipReason r) {
    long n = 0;
    for (Direction d : Direction.values()) {
      n += skipped.get(d).get(r).sum();
    }
    return n;
  }

  private double droppedTotal(DropReason r) {
    long n = 0;
    for (Direction d : Direction.values()) {
      n += dropped.get(d).get(r).sum();
    }
    return n;
  }

  void transferred(Direction d) {
    transfers.get(d).increment();
  }

  /** A message left the bridge {@code nanos} after it arrived (see {@link Bridge}'s Javadoc). */
  void forwarded(Direction d, long nanos) {
    latency.get(d).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void skipped(Direction d, SkipReason r) {
    skipped.get(d).get(r).increment();
  }

  void dropped(Direction d, DropReason r) {
    dropped.get(d).get(r).increment();
  }

  BridgeStats.DirectionStats snapshot(Direction d, int queueDepth) {
    Map<String, Long> s = new java.util.HashMap<>();
    skipped.get(d).forEach((r, a) -> put(s, r.tag(), a.sum()));
    Map<String, Long> dr = new java.util.HashMap<>();
    dropped.get(d).forEach((r, a) -> put(dr, r.tag(), a.sum()));
    return new BridgeStats.DirectionStats(transfers.get(d).sum(), s, dr, queueDepth);
  }

  private static void put(Map<String, Long> m, String k, long v) {
    if (v != 0) {
      m.put(k, v);
    }
  }
}

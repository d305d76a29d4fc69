package dev.causeway.dedup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Per-set meters, all tagged {@code set=<name>}: {@code causeway_dedup_hits_total} (markIfNew found
 * the key), {@code causeway_dedup_inserts_total} (markIfNew recorded a new key), {@code
 * causeway_dedup_evictions_total{reason=expired|capacity}}, and the gauges {@code
 * causeway_dedup_entries} (live entries) and {@code causeway_dedup_memory_bytes} (the set's own
 * estimate of its footprint).
 *
 * <p>Without a registry the counters still count, in a private {@link SimpleMeterRegistry}, so that
 * tests and callers can read them the same way.
 */
final class SeenSetMetrics {
  static final String HITS = "causeway_dedup_hits_total";
  static final String INSERTS = "causeway_dedup_inserts_total";
  static final String EVICTIONS = "causeway_dedup_evictions_total";
  static final String ENTRIES = "causeway_dedup_entries";
  static final String MEMORY = "causeway_dedup_memory_bytes";

  private final Counter hits;
  private final Counter inserts;
  private final Counter expired;
  private final Counter capacity;

  <T extends SeenSet> SeenSetMetrics(
      MeterRegistry registry, T set, ToDoubleFunction<T> memoryBytes) {
    MeterRegistry r = registry == null ? new SimpleMeterRegistry() : registry;
    String name = set.name();
    hits =
        Counter.builder(HITS)
            .description("markIfNew calls that found the key already seen")
            .tag("set", name)
            .register(r);
    inserts =
        Counter.builder(INSERTS)
            .description("markIfNew calls that recorded a new key")
            .tag("set", name)
            .register(r);
    expired =
        Counter.builder(EVICTIONS)
            .description("entries removed from a seen-set")
            .tag("set", name)
            .tag("reason", "expired")
            .register(r);
    capacity =
        Counter.builder(EVICTIONS)
            .description("entries removed from a seen-set")
            .tag("set", name)
            .tag("reason", "capacity")
            .register(r);
    Gauge.builder(ENTRIES, set, s -> s.size())
        .description("live entries of a seen-set")
        .tag("set", name)
        .register(r);
    Gauge.builder(MEMORY, set, memoryBytes)
        .description("a seen-set's estimate of its own heap footprint")
        .baseUnit("bytes")
        .tag("set", name)
        .register(r);
  }

  void hit() {
    hits.increment();
  }

  void insert() {
    inserts.increment();
  }

  void expired(long n) {
    if (n > 0) {
      expired.increment(n);
    }
  }

  void capacity(long n) {
    if (n > 0) {
      capacity.increment(n);
    }
  }

  double hits() {
    return hits.count();
  }

  double inserts() {
    return inserts.count();
  }

  double expired() {
    return expired.count();
  }

  double capacity() {
    return capacity.count();
  }
}

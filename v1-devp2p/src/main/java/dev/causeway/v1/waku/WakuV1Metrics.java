package dev.causeway.v1.waku;

import dev.causeway.v1.waku.envelope.ValidationResult;
import dev.causeway.v1.waku.pool.EnvelopePool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counters of the {@code waku/1} node under {@code causeway_v1_*}: envelopes received by outcome,
 * envelopes and packets sent, posts by outcome, peer-level rejections and the pool. Tag values are
 * closed enums.
 */
public final class WakuV1Metrics {
  /** Outcome of an envelope received from a peer. */
  public enum Received {
    NEW,
    DUPLICATE,
    POOL_FULL,
    TTL_ZERO,
    FUTURE,
    TOO_OLD,
    EXPIRED,
    TOO_LARGE,
    LOW_POW,
    NOT_INTERESTED;

    static Received of(ValidationResult r) {
      return Received.valueOf(r.name());
    }
  }

  /** Outcome of a local post. */
  public enum Posted {
    ACCEPTED,
    DUPLICATE,
    INVALID,
    POOL_FULL,
    POW_NOT_REACHED,
    MINER_QUEUE_FULL
  }

  /** Why a peer's packet was not processed. */
  public enum PeerDrop {
    MALFORMED_PACKET,
    STATUS_TIMEOUT,
    RATE_LIMITED,
    UNTRUSTED_P2P,
    IGNORED_CODE
  }

  private final Map<Received, Counter> received = new EnumMap<>(Received.class);
  private final Map<Posted, Counter> posted = new EnumMap<>(Posted.class);
  private final Map<PeerDrop, Counter> peerDrops = new EnumMap<>(PeerDrop.class);
  private final Counter envelopesSent;
  private final Counter packetsSent;
  private final Counter packetsReceived;
  private final Counter oversizedSkipped;
  private final Counter notAcceptedByAnyPeer;

  WakuV1Metrics(MeterRegistry registry, EnvelopePool pool) {
    for (Received r : Received.values()) {
      received.put(
          r,
          Counter.builder("causeway_v1_envelopes_received_total")
              .tag("result", r.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    for (Posted p : Posted.values()) {
      posted.put(
          p,
          Counter.builder("causeway_v1_posts_total")
              .tag("result", p.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    for (PeerDrop d : PeerDrop.values()) {
      peerDrops.put(
          d,
          Counter.builder("causeway_v1_peer_packets_dropped_total")
              .tag("reason", d.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    envelopesSent = Counter.builder("causeway_v1_envelopes_sent_total").register(registry);
    packetsSent =
        Counter.builder("causeway_v1_waku_packets_total")
            .tag("direction", "out")
            .register(registry);
    packetsReceived =
        Counter.builder("causeway_v1_waku_packets_total").tag("direction", "in").register(registry);
    oversizedSkipped =
        Counter.builder("causeway_v1_envelopes_oversized_skipped_total").register(registry);
    notAcceptedByAnyPeer =
        Counter.builder("causeway_v1_envelopes_unroutable_total").register(registry);
    Gauge.builder("causeway_v1_pool_envelopes", pool, EnvelopePool::size).register(registry);
    for (dev.causeway.v1.waku.pool.DropReason r : dev.causeway.v1.waku.pool.DropReason.values()) {
      FunctionCounter.builder("causeway_v1_pool_dropped_total", pool, p -> p.dropped(r))
          .tag("reason", r.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  void received(Received r) {
    received.get(r).increment();
  }

  /** Count of envelopes received with outcome {@code r}. */
  public double receivedCount(Received r) {
    return received.get(r).count();
  }

  void posted(Posted p) {
    posted.get(p).increment();
  }

  public double postedCount(Posted p) {
    return posted.get(p).count();
  }

  void peerDrop(PeerDrop d) {
    peerDrops.get(d).increment();
  }

  public double peerDrops(PeerDrop d) {
    return peerDrops.get(d).count();
  }

  void sent(int packets, int envelopes) {
    packetsSent.increment(packets);
    envelopesSent.increment(envelopes);
  }

  public double envelopesSent() {
    return envelopesSent.count();
  }

  public double packetsSent() {
    return packetsSent.count();
  }

  void packetReceived() {
    packetsReceived.increment();
  }

  void oversizedSkipped(int n) {
    oversizedSkipped.increment(n);
  }

  void unroutable() {
    notAcceptedByAnyPeer.increment();
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one {@link GossipRouter}. Written only by the router's thread, readable from any
 * thread (tests read them directly; {@link #bindTo} exposes them to Micrometer as {@code
 * causeway_libp2p_gossipsub_*} with tag values from the enums below, never from peer data).
 */
public final class GossipMetrics {
  /** Plain event counters. */
  public enum Event {
    /** Messages we published. */
    PUBLISHED,
    /** Accepted messages handed to {@link Delivery}. */
    DELIVERED,
    /** Message copies queued to peers when forwarding a received message. */
    FORWARDED,
    /** Received messages whose id was already seen. */
    DUPLICATE,
    /** Messages sent in answer to IWANT. */
    IWANT_SERVED,
    /** IHAVE entries queued by gossip emission. */
    IHAVE_SENT,
    /** IWANT requests queued. */
    IWANT_SENT,
    /** GRAFTs queued. */
    GRAFT_SENT,
    /** PRUNEs queued. */
    PRUNE_SENT,
    /** IDONTWANT entries queued. */
    IDONTWANT_SENT,
    /** Forwards skipped because the peer sent IDONTWANT for the message. */
    IDONTWANT_HONOURED,
    /** RPCs received and processed. */
    RPC_RECEIVED,
    /** RPC frames the sink accepted. */
    RPC_SENT,
    /** Behaviour penalties reported to the score tracker (GRAFT in backoff, broken promises). */
    BEHAVIOUR_PENALTY,
    /** Seen-cache entries evicted for space before their TTL. */
    SEEN_EVICTED
  }

  /** Why a received message was rejected (penalised). */
  public enum RejectReason {
    /** from, seqno, signature or key present under StrictNoSign (§3.2). */
    SIGNATURE_POLICY,
    /** The validator said REJECT. */
    VALIDATOR
  }

  /** Why a received message was dropped without penalty. */
  public enum IgnoreReason {
    /** We are not subscribed to its topic. */
    NOT_SUBSCRIBED,
    /** The validator said IGNORE. */
    VALIDATOR,
    /** The validator threw. */
    VALIDATOR_ERROR,
    /** Too many validations pending. */
    VALIDATION_QUEUE_FULL,
    /** A pending validation was not completed in time. */
    VALIDATION_TIMEOUT
  }

  /** Why an RPC (inbound) or frame/item (outbound) was dropped. */
  public enum DropReason {
    /** Inbound RPC from a peer whose score is below the graylist threshold. */
    GRAYLISTED,
    /** Inbound RPC from a peer the router does not know (not added, or removed). */
    UNKNOWN_PEER,
    /** Inbound RPC that did not decode or broke a limit. */
    DECODE_ERROR,
    /** Outbound frame the sink refused (peer queue full / no stream). */
    QUEUE_FULL,
    /** Outbound item larger than the outbound RPC limit even alone. */
    OVERSIZE
  }

  private final AtomicLongArray events = new AtomicLongArray(Event.values().length);
  private final AtomicLongArray rejected = new AtomicLongArray(RejectReason.values().length);
  private final AtomicLongArray ignored = new AtomicLongArray(IgnoreReason.values().length);
  private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);

  public long get(Event e) {
    return events.get(e.ordinal());
  }

  public long rejected(RejectReason r) {
    return rejected.get(r.ordinal());
  }

  public long ignored(IgnoreReason r) {
    return ignored.get(r.ordinal());
  }

  public long dropped(DropReason r) {
    return dropped.get(r.ordinal());
  }

  void add(Event e, long n) {
    events.addAndGet(e.ordinal(), n);
  }

  void inc(Event e) {
    events.incrementAndGet(e.ordinal());
  }

  void inc(RejectReason r) {
    rejected.incrementAndGet(r.ordinal());
  }

  void inc(IgnoreReason r) {
    ignored.incrementAndGet(r.ordinal());
  }

  void add(DropReason r, long n) {
    dropped.addAndGet(r.ordinal(), n);
  }

  /** Registers every counter with {@code registry}. */
  public void bindTo(MeterRegistry registry) {
    for (Event e : Event.values()) {
      FunctionCounter.builder("causeway_libp2p_gossipsub_events_total", this, m -> m.get(e))
          .tag("event", tag(e))
          .register(registry);
    }
    for (RejectReason r : RejectReason.values()) {
      FunctionCounter.builder(
              "causeway_libp2p_gossipsub_messages_rejected_total", this, m -> m.rejected(r))
          .tag("reason", tag(r))
          .register(registry);
    }
    for (IgnoreReason r : IgnoreReason.values()) {
      FunctionCounter.builder(
              "causeway_libp2p_gossipsub_messages_ignored_total", this, m -> m.ignored(r))
          .tag("reason", tag(r))
          .register(registry);
    }
    for (DropReason r : DropReason.values()) {
      FunctionCounter.builder(
              "causeway_libp2p_gossipsub_rpcs_dropped_total", this, m -> m.dropped(r))
          .tag("reason", tag(r))
          .register(registry);
    }
  }

  private static String tag(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}

package dev.causeway.v1.waku.message;

import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.TopicFilter;

/**
 * What a remote {@code waku/1} peer has advertised, with defaults applied: its Status options
 * folded with every later Status Update ({@code v1-waku.md} §3.2, §3.4, §7, §9).
 *
 * <p>Absent keys take <b>status-go's</b> receiver defaults (§3.2): PoW requirement {@value
 * #DEFAULT_POW_REQUIREMENT} ({@code defaultMinPoW}; nim-waku would assume 0.2), full bloom, not
 * light, no confirmations, zero rate limits. status-go is the implementation the Status fleet runs,
 * and a lower assumed requirement only means we may send an envelope a silent peer does not want;
 * real peers always send key 0 anyway.
 *
 * <p>Immutable: {@link #withUpdate} returns a new state, so a node can swap states atomically and
 * the pool can detect changes by identity.
 */
public final class WakuPeerState implements PeerFilter {
  /** status-go's PoW requirement for a peer that did not send key 0. */
  public static final double DEFAULT_POW_REQUIREMENT = 0.001;

  private final StatusOptions options;
  private final double powRequirement;
  private final TopicFilter filter;

  private WakuPeerState(StatusOptions options) {
    this.options = options;
    this.powRequirement =
        options.powRequirement() != null ? options.powRequirement() : DEFAULT_POW_REQUIREMENT;
    if (options.topicInterest() != null) {
      this.filter = TopicFilter.topics(options.topicInterest());
    } else if (options.bloom() != null) {
      this.filter = TopicFilter.bloom(options.bloom());
    } else {
      this.filter = TopicFilter.ALL;
    }
  }

  /**
   * The state after the handshake Status. If both bloom and topic interest are present, topic
   * interest wins (status-go {@code setOptions}).
   */
  public static WakuPeerState fromStatus(StatusOptions status) {
    return new WakuPeerState(status);
  }

  /** The state after a Status Update ({@link StatusOptions#applyUpdate}). */
  public WakuPeerState withUpdate(StatusOptions update) {
    if (update.isEmpty()) {
      return this;
    }
    return new WakuPeerState(options.applyUpdate(update));
  }

  /**
   * PoW ≥ requirement, and the topic matches the topic interest if set, else the bloom (Go-style).
   */
  @Override
  public boolean accepts(Envelope envelope, double envelopePow) {
    return envelopePow >= powRequirement && filter.matches(envelope.topic());
  }

  /** The accumulated options as received (absent keys still absent). */
  public StatusOptions options() {
    return options;
  }

  public double powRequirement() {
    return powRequirement;
  }

  /** Topic interest if advertised, else the bloom filter (full if absent). */
  public TopicFilter topicFilter() {
    return filter;
  }

  /** The bloom in effect, or null in topic-interest mode. */
  public BloomFilter bloom() {
    return filter.bloomFilter().orElse(null);
  }

  public boolean usesTopicInterest() {
    return filter.isTopicInterest();
  }

  public boolean lightNode() {
    return Boolean.TRUE.equals(options.lightNode());
  }

  public boolean confirmationsEnabled() {
    return Boolean.TRUE.equals(options.confirmationsEnabled());
  }

  public RateLimits packetRateLimits() {
    return options.packetRateLimits() != null ? options.packetRateLimits() : RateLimits.NONE;
  }

  public RateLimits bytesRateLimits() {
    return options.bytesRateLimits() != null ? options.bytesRateLimits() : RateLimits.NONE;
  }

  @Override
  public String toString() {
    return "WakuPeerState[pow=" + powRequirement + ", " + filter + ", light=" + lightNode() + "]";
  }
}

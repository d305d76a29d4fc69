package dev.causeway.bridge;

import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessageValidator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link Bridge}; immutable. {@link #defaults()} follows the nwaku bridge where it
 * was sound and spec bridge-mapping.md's recommendations where it was not (see
 * bridge-core/README.md).
 *
 * @param pubsubTopics v2 topics bridged: v1 envelopes are published on each, and messages of each
 *     are carried to v1. Default {@code /waku/2/default-waku/proto}, nwaku's {@code
 *     --bridge-pubsub-topic} default (the topic Status' v2 clients used while the v1 fleets still
 *     ran; current deployments use static shards, so set it)
 * @param v2ToV1Ttl ttl in seconds of envelopes built for v2-born messages (default 10; nwaku 5,
 *     Status 15)
 * @param powFloor lowest PoW target for mined envelopes (default 0.002); the highest requirement of
 *     the connected v1 peers is used when larger
 * @param timestampTolerance how far a v2-born message's timestamp may be from our clock to be used
 *     as the envelope's creation time (default 20 s)
 * @param restampOutOfTolerance what happens to a v2-born message without a timestamp within the
 *     tolerance: false (default) skips it as {@code stale-timestamp}; true gives it expiry {@code
 *     now + ttl}, nwaku's behaviour, which makes two bridges emit two different envelopes for it
 *     (v1 receivers get it twice) — for single-bridge deployments only
 * @param dedupWindow how long seen envelope hashes, message hashes and fingerprints are kept
 *     (default 5 min; keep it above the largest ttl you expect plus the tolerance)
 * @param dedupMaxEntries size bound of each seen-set (default 1,000,000)
 * @param queueCapacity bound of each direction's queue and of the mining queue (default 10,000)
 * @param miningThreads PoW worker threads (default: available processors)
 * @param miningDeadline time budget for mining one envelope (default 10 s)
 * @param publishTimeout how long a v2 publication may take (default 10 s)
 * @param maxPublishesInFlight unfinished v2 publications at most (default 256); the v1 → v2 worker
 *     waits for a slot, so a slow network fills the queue (counted) instead of memory
 * @param v2Validation the relay rules bridged messages must meet; set it to the v2 node's own
 *     validation (default: The Waku Network's, 150 KiB and ±20 s, like {@code WakuV2Config})
 */
public record BridgeConfig(
    List<PubsubTopic> pubsubTopics,
    long v2ToV1Ttl,
    double powFloor,
    Duration timestampTolerance,
    boolean restampOutOfTolerance,
    Duration dedupWindow,
    int dedupMaxEntries,
    int queueCapacity,
    int miningThreads,
    Duration miningDeadline,
    Duration publishTimeout,
    int maxPublishesInFlight,
    WakuMessageValidator.Config v2Validation) {

  public BridgeConfig {
    pubsubTopics = List.copyOf(pubsubTopics);
    if (pubsubTopics.isEmpty()) {
      throw new IllegalArgumentException("at least one pubsub topic is needed");
    }
    if (v2ToV1Ttl < 1 || v2ToV1Ttl > 0xffff_ffffL) {
      throw new IllegalArgumentException("v2ToV1Ttl must be 1..2^32-1 seconds");
    }
    if (!(powFloor >= 0) || Double.isInfinite(powFloor)) {
      throw new IllegalArgumentException("powFloor must be finite and >= 0");
    }
    requirePositive("dedupWindow", dedupWindow);
    requirePositive("miningDeadline", miningDeadline);
    requirePositive("publishTimeout", publishTimeout);
    if (timestampTolerance.isNegative() || timestampTolerance.toDays() > 365) {
      throw new IllegalArgumentException("timestampTolerance must be 0..365 days");
    }
    if (dedupMaxEntries < 1 || queueCapacity < 1 || miningThreads < 1 || maxPublishesInFlight < 1) {
      throw new IllegalArgumentException("sizes and thread counts must be positive");
    }
    Objects.requireNonNull(v2Validation, "v2Validation");
  }

  private static void requirePositive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** The defaults listed on the record components. */
  public static BridgeConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.pubsubTopics = pubsubTopics;
    b.v2ToV1Ttl = v2ToV1Ttl;
    b.powFloor = powFloor;
    b.timestampTolerance = timestampTolerance;
    b.restampOutOfTolerance = restampOutOfTolerance;
    b.dedupWindow = dedupWindow;
    b.dedupMaxEntries = dedupMaxEntries;
    b.queueCapacity = queueCapacity;
    b.miningThreads = miningThreads;
    b.miningDeadline = miningDeadline;
    b.publishTimeout = publishTimeout;
    b.maxPublishesInFlight = maxPublishesInFlight;
    b.v2Validation = v2Validation;
    return b;
  }

  /** Mutable builder; starts from the defaults. */
  public static final class Builder {
    private List<PubsubTopic> pubsubTopics = List.of(PubsubTopic.DEFAULT);
    private long v2ToV1Ttl = 10;
    private double powFloor = 0.002;
    private Duration timestampTolerance = Duration.ofSeconds(20);
    private boolean restampOutOfTolerance = false;
    private Duration dedupWindow = Duration.ofMinutes(5);
    private int dedupMaxEntries = 1_000_000;
    private int queueCapacity = 10_000;
    private int miningThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Duration miningDeadline = Duration.ofSeconds(10);
    private Duration publishTimeout = Duration.ofSeconds(10);
    private int maxPublishesInFlight = 256;
    private WakuMessageValidator.Config v2Validation = WakuMessageValidator.Config.theWakuNetwork();

    private Builder() {}

    public Builder pubsubTopics(List<PubsubTopic> topics) {
      this.pubsubTopics = topics;
      return this;
    }

    public Builder v2ToV1Ttl(long seconds) {
      this.v2ToV1Ttl = seconds;
      return this;
    }

    public Builder powFloor(double pow) {
      this.powFloor = pow;
      return this;
    }

    public Builder timestampTolerance(Duration d) {
      this.timestampTolerance = d;
      return this;
    }

    /** See {@link BridgeConfig#restampOutOfTolerance()}; default false. */
    public Builder restampOutOfTolerance(boolean restamp) {
      this.restampOutOfTolerance = restamp;
      return this;
    }

    public Builder dedupWindow(Duration d) {
      this.dedupWindow = d;
      return this;
    }

    public Builder dedupMaxEntries(int n) {
      this.dedupMaxEntries = n;
      return this;
    }

    public Builder queueCapacity(int n) {
      this.queueCapacity = n;
      return this;
    }

    public Builder miningThreads(int n) {
      this.miningThreads = n;
      return this;
    }

    public Builder miningDeadline(Duration d) {
      this.miningDeadline = d;
      return this;
    }

    public Builder publishTimeout(Duration d) {
      this.publishTimeout = d;
      return this;
    }

    public Builder maxPublishesInFlight(int n) {
      this.maxPublishesInFlight = n;
      return this;
    }

    public Builder v2Validation(WakuMessageValidator.Config v) {
      this.v2Validation = v;
      return this;
    }

    public BridgeConfig build() {
      return new BridgeConfig(
          pubsubTopics,
          v2ToV1Ttl,
          powFloor,
          timestampTolerance,
          restampOutOfTolerance,
          dedupWindow,
          dedupMaxEntries,
          queueCapacity,
          miningThreads,
          miningDeadline,
          publishTimeout,
          maxPublishesInFlight,
          v2Validation);
    }
  }
}

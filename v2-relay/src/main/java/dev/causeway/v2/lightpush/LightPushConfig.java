package dev.causeway.v2.lightpush;

import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessageValidator;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the light push service (spec v2-filter-lightpush.md §3-§6).
 *
 * @param serveV2 mount {@code /vac/waku/lightpush/2.0.0-beta1}
 * @param serveV3 mount {@code /vac/waku/lightpush/3.0.0}
 * @param autosharding the network's autosharding, used to derive the pubsub topic of a v3 request
 *     that omits it; null = static sharding (such requests are refused with 420, as nwaku does)
 * @param pubsubTopics topics pushes are accepted for; empty = any well-formed Waku topic (nwaku
 *     does not check). Other topics get 421 UNSUPPORTED_PUBSUB_TOPIC
 * @param validation message rules checked before publishing (use the relay's, so that a message the
 *     relay would refuse is answered with 420 instead of failing at publish)
 * @param maxRequestSize largest request body read (default {@link LightPushCodec#MAX_REQUEST_SIZE})
 * @param rateLimit per-peer token bucket, or null for none (nwaku's default for light push)
 * @param maxTrackedPeers peers whose buckets are kept (least recently used ones are forgotten)
 * @param maxInFlight requests being published at once; more are answered 503 at once
 * @param requestTimeout time a client has to send its whole request before the stream is reset
 */
public record LightPushConfig(
    boolean serveV2,
    boolean serveV3,
    Autosharding autosharding,
    Set<PubsubTopic> pubsubTopics,
    WakuMessageValidator.Config validation,
    int maxRequestSize,
    RateLimit rateLimit,
    int maxTrackedPeers,
    int maxInFlight,
    Duration requestTimeout) {

  /**
   * A token bucket: at most {@code volume} requests per {@code period}, refilled continuously
   * (nwaku {@code --rate-limit=lightpush:<volume>/<period>}).
   */
  public record RateLimit(int volume, Duration period) {
    public RateLimit {
      if (volume < 1) {
        throw new IllegalArgumentException("volume must be positive");
      }
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive");
      }
    }
  }

  public LightPushConfig {
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    pubsubTopics = Set.copyOf(pubsubTopics);
    if (!serveV2 && !serveV3) {
      throw new IllegalArgumentException("serve at least one version");
    }
    if (maxRequestSize < 1 || maxTrackedPeers < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /**
   * Both versions; static sharding; any topic; The Waku Network's message rules; nwaku's request
   * size limit; no rate limit; 10,000 tracked peers; 1,024 requests in flight; 10 s to send a
   * request.
   */
  public static LightPushConfig defaults() {
    return builder().build();
  }

  /** A builder holding {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.serveV2 = serveV2;
    b.serveV3 = serveV3;
    b.autosharding = autosharding;
    b.pubsubTopics = pubsubTopics;
    b.validation = validation;
    b.maxRequestSize = maxRequestSize;
    b.rateLimit = rateLimit;
    b.maxTrackedPeers = maxTrackedPeers;
    b.maxInFlight = maxInFlight;
    b.requestTimeout = requestTimeout;
    return b;
  }

  /**
   * Mutable builder; starts from the defaults. It checks nothing itself: {@link #build()} runs the
   * record's constructor, the one place values are validated.
   */
  public static final class Builder {
    private boolean serveV2 = true;
    private boolean serveV3 = true;
    private Autosharding autosharding = null;
    private Set<PubsubTopic> pubsubTopics = Set.of();
    private WakuMessageValidator.Config validation = WakuMessageValidator.Config.theWakuNetwork();
    private int maxRequestSize = LightPushCodec.MAX_REQUEST_SIZE;
    private RateLimit rateLimit = null;
    private int maxTrackedPeers = 10_000;
    private int maxInFlight = 1024;
    private Duration requestTimeout = Duration.ofSeconds(10);

    private Builder() {}

    public Builder serveV2(boolean v2) {
      this.serveV2 = v2;
      return this;
    }

    public Builder serveV3(boolean v3) {
      this.serveV3 = v3;
      return this;
    }

    /** null = static sharding. */
    public Builder autosharding(Autosharding a) {
      this.autosharding = a;
      return this;
    }

    public Builder pubsubTopics(Set<PubsubTopic> topics) {
      this.pubsubTopics = topics;
      return this;
    }

    public Builder validation(WakuMessageValidator.Config v) {
      this.validation = v;
      return this;
    }

    public Builder maxRequestSize(int n) {
      this.maxRequestSize = n;
      return this;
    }

    /** null = none. */
    public Builder rateLimit(RateLimit limit) {
      this.rateLimit = limit;
      return this;
    }

    public Builder maxTrackedPeers(int n) {
      this.maxTrackedPeers = n;
      return this;
    }

    public Builder maxInFlight(int n) {
      this.maxInFlight = n;
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = d;
      return this;
    }

    /**
     * @throws IllegalArgumentException or NullPointerException as the record's constructor
     */
    public LightPushConfig build() {
      return new LightPushConfig(
          serveV2,
          serveV3,
          autosharding,
          pubsubTopics,
          validation,
          maxRequestSize,
          rateLimit,
          maxTrackedPeers,
          maxInFlight,
          requestTimeout);
    }
  }
}

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
    return new LightPushConfig(
        true,
        true,
        null,
        Set.of(),
        WakuMessageValidator.Config.theWakuNetwork(),
        LightPushCodec.MAX_REQUEST_SIZE,
        null,
        10_000,
        1024,
        Duration.ofSeconds(10));
  }

  public LightPushConfig withVersions(boolean v2, boolean v3) {
    return new LightPushConfig(
        v2,
        v3,
        autosharding,
        pubsubTopics,
        validation,
        maxRequestSize,
        rateLimit,
        maxTrackedPeers,
        maxInFlight,
        requestTimeout);
  }

  public LightPushConfig withAutosharding(Autosharding a) {
    return new LightPushConfig(
        serveV2,
        serveV3,
        a,
        pubsubTopics,
        validation,
        maxRequestSize,
        rateLimit,
        maxTrackedPeers,
        maxInFlight,
        requestTimeout);
  }

  public LightPushConfig withPubsubTopics(Set<PubsubTopic> topics) {
    return new LightPushConfig(
        serveV2,
        serveV3,
        autosharding,
        topics,
        validation,
        maxRequestSize,
        rateLimit,
        maxTrackedPeers,
        maxInFlight,
        requestTimeout);
  }

  public LightPushConfig withValidation(WakuMessageValidator.Config v) {
    return new LightPushConfig(
        serveV2,
        serveV3,
        autosharding,
        pubsubTopics,
        v,
        maxRequestSize,
        rateLimit,
        maxTrackedPeers,
        maxInFlight,
        requestTimeout);
  }

  /** Per-peer rate limit of {@code volume} requests per {@code period}; null removes it. */
  public LightPushConfig withRateLimit(RateLimit limit) {
    return new LightPushConfig(
        serveV2,
        serveV3,
        autosharding,
        pubsubTopics,
        validation,
        maxRequestSize,
        limit,
        maxTrackedPeers,
        maxInFlight,
        requestTimeout);
  }

  public LightPushConfig withLimits(
      int maxRequestSize, int maxTrackedPeers, int maxInFlight, Duration requestTimeout) {
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

package dev.causeway.v2.filter;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings of the filter service (spec v2-filter-lightpush.md §1.2); defaults are nwaku's
 * CLI defaults where nwaku has one.
 *
 * @param maxPeers subscribed peers ({@code --filter-max-peers-to-serve}, 1000)
 * @param maxCriteriaPerPeer criteria per peer ({@code --filter-max-criteria}, 1000)
 * @param maxContentTopicsPerRequest content topics in one SUBSCRIBE/UNSUBSCRIBE (100)
 * @param subscriptionTimeout a peer not heard from for this long is dropped ({@code
 *     --filter-subscription-timeout}, 5 min)
 * @param maintenanceInterval how often expired subscriptions are swept (1 min)
 * @param requestsPerPeriod requests one peer may make per {@code ratePeriod} (30)
 * @param ratePeriod the rate-limit period (1 min)
 * @param pushQueuePerPeer pending pushes per subscriber; more are dropped and counted (256)
 * @param pushesInFlightPerPeer push streams open at once to one subscriber (8)
 * @param pushTimeout opening the push stream and writing the push must finish within this (20 s)
 * @param unreachableTimeout a subscriber whose pushes all failed for this long is dropped (1 min)
 * @param requestTimeout an inbound subscribe stream without a complete request for this long is
 *     reset (2 min: js-waku opens its next request stream ahead of time and uses it with the next
 *     ping, which comes every minute)
 * @param dedupTtl a message already pushed is not pushed again within this time (2 min)
 * @param dedupMaxEntries bound of the dedup set (100,000 hashes)
 */
public record FilterConfig(
    int maxPeers,
    int maxCriteriaPerPeer,
    int maxContentTopicsPerRequest,
    Duration subscriptionTimeout,
    Duration maintenanceInterval,
    int requestsPerPeriod,
    Duration ratePeriod,
    int pushQueuePerPeer,
    int pushesInFlightPerPeer,
    Duration pushTimeout,
    Duration unreachableTimeout,
    Duration requestTimeout,
    Duration dedupTtl,
    int dedupMaxEntries) {

  public FilterConfig {
    Objects.requireNonNull(subscriptionTimeout);
    Objects.requireNonNull(maintenanceInterval);
    Objects.requireNonNull(ratePeriod);
    Objects.requireNonNull(pushTimeout);
    Objects.requireNonNull(unreachableTimeout);
    Objects.requireNonNull(requestTimeout);
    Objects.requireNonNull(dedupTtl);
    if (maxPeers < 1
        || maxCriteriaPerPeer < 1
        || maxContentTopicsPerRequest < 1
        || requestsPerPeriod < 1
        || pushQueuePerPeer < 1
        || pushesInFlightPerPeer < 1
        || dedupMaxEntries < 1) {
      throw new IllegalArgumentException("filter limits must be positive");
    }
  }

  public static FilterConfig defaults() {
    return new FilterConfig(
        1000,
        1000,
        FilterCodec.MAX_CONTENT_TOPICS_PER_REQUEST,
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        30,
        Duration.ofMinutes(1),
        256,
        8,
        Duration.ofSeconds(20),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofMinutes(2),
        100_000);
  }

  public FilterConfig withMaxPeers(int n) {
    return new FilterConfig(
        n,
        maxCriteriaPerPeer,
        maxContentTopicsPerRequest,
        subscriptionTimeout,
        maintenanceInterval,
        requestsPerPeriod,
        ratePeriod,
        pushQueuePerPeer,
        pushesInFlightPerPeer,
        pushTimeout,
        unreachableTimeout,
        requestTimeout,
        dedupTtl,
        dedupMaxEntries);
  }

  public FilterConfig withMaxCriteriaPerPeer(int n) {
    return new FilterConfig(
        maxPeers,
        n,
        maxContentTopicsPerRequest,
        subscriptionTimeout,
        maintenanceInterval,
        requestsPerPeriod,
        ratePeriod,
        pushQueuePerPeer,
        pushesInFlightPerPeer,
        pushTimeout,
        unreachableTimeout,
        requestTimeout,
        dedupTtl,
        dedupMaxEntries);
  }

  /** {@code n} requests per {@code period} per peer. */
  public FilterConfig withRateLimit(int n, Duration period) {
    return new FilterConfig(
        maxPeers,
        maxCriteriaPerPeer,
        maxContentTopicsPerRequest,
        subscriptionTimeout,
        maintenanceInterval,
        n,
        period,
        pushQueuePerPeer,
        pushesInFlightPerPeer,
        pushTimeout,
        unreachableTimeout,
        requestTimeout,
        dedupTtl,
        dedupMaxEntries);
  }

  public FilterConfig withPushQueue(int queuePerPeer, int inFlightPerPeer) {
    return new FilterConfig(
        maxPeers,
        maxCriteriaPerPeer,
        maxContentTopicsPerRequest,
        subscriptionTimeout,
        maintenanceInterval,
        requestsPerPeriod,
        ratePeriod,
        queuePerPeer,
        inFlightPerPeer,
        pushTimeout,
        unreachableTimeout,
        requestTimeout,
        dedupTtl,
        dedupMaxEntries);
  }
}

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

  /** The defaults listed on the record components. */
  public static FilterConfig defaults() {
    return builder().build();
  }

  /** A builder holding {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxPeers = maxPeers;
    b.maxCriteriaPerPeer = maxCriteriaPerPeer;
    b.maxContentTopicsPerRequest = maxContentTopicsPerRequest;
    b.subscriptionTimeout = subscriptionTimeout;
    b.maintenanceInterval = maintenanceInterval;
    b.requestsPerPeriod = requestsPerPeriod;
    b.ratePeriod = ratePeriod;
    b.pushQueuePerPeer = pushQueuePerPeer;
    b.pushesInFlightPerPeer = pushesInFlightPerPeer;
    b.pushTimeout = pushTimeout;
    b.unreachableTimeout = unreachableTimeout;
    b.requestTimeout = requestTimeout;
    b.dedupTtl = dedupTtl;
    b.dedupMaxEntries = dedupMaxEntries;
    return b;
  }

  /**
   * Mutable builder; starts from the defaults. It checks nothing itself: {@link #build()} runs the
   * record's constructor, the one place values are validated.
   */
  public static final class Builder {
    private int maxPeers = 1000;
    private int maxCriteriaPerPeer = 1000;
    private int maxContentTopicsPerRequest = FilterCodec.MAX_CONTENT_TOPICS_PER_REQUEST;
    private Duration subscriptionTimeout = Duration.ofMinutes(5);
    private Duration maintenanceInterval = Duration.ofMinutes(1);
    private int requestsPerPeriod = 30;
    private Duration ratePeriod = Duration.ofMinutes(1);
    private int pushQueuePerPeer = 256;
    private int pushesInFlightPerPeer = 8;
    private Duration pushTimeout = Duration.ofSeconds(20);
    private Duration unreachableTimeout = Duration.ofMinutes(1);
    private Duration requestTimeout = Duration.ofMinutes(2);
    private Duration dedupTtl = Duration.ofMinutes(2);
    private int dedupMaxEntries = 100_000;

    private Builder() {}

    public Builder maxPeers(int n) {
      this.maxPeers = n;
      return this;
    }

    public Builder maxCriteriaPerPeer(int n) {
      this.maxCriteriaPerPeer = n;
      return this;
    }

    public Builder maxContentTopicsPerRequest(int n) {
      this.maxContentTopicsPerRequest = n;
      return this;
    }

    public Builder subscriptionTimeout(Duration d) {
      this.subscriptionTimeout = d;
      return this;
    }

    public Builder maintenanceInterval(Duration d) {
      this.maintenanceInterval = d;
      return this;
    }

    public Builder requestsPerPeriod(int n) {
      this.requestsPerPeriod = n;
      return this;
    }

    public Builder ratePeriod(Duration d) {
      this.ratePeriod = d;
      return this;
    }

    public Builder pushQueuePerPeer(int n) {
      this.pushQueuePerPeer = n;
      return this;
    }

    public Builder pushesInFlightPerPeer(int n) {
      this.pushesInFlightPerPeer = n;
      return this;
    }

    public Builder pushTimeout(Duration d) {
      this.pushTimeout = d;
      return this;
    }

    public Builder unreachableTimeout(Duration d) {
      this.unreachableTimeout = d;
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = d;
      return this;
    }

    public Builder dedupTtl(Duration d) {
      this.dedupTtl = d;
      return this;
    }

    public Builder dedupMaxEntries(int n) {
      this.dedupMaxEntries = n;
      return this;
    }

    /**
     * @throws IllegalArgumentException or NullPointerException as the record's constructor
     */
    public FilterConfig build() {
      return new FilterConfig(
          maxPeers,
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
  }
}

package dev.causeway.v2.filter;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.relay.WakuRelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter v2 service of a node (spec v2-filter-lightpush.md §1): serves {@code
 * /vac/waku/filter-subscribe/2.0.0-beta1} ({@link FilterProtocol}), keeps the subscriptions ({@link
 * SubscriptionRegistry}), and pushes every message the node relays on the given pubsub topics to
 * the matching subscribers ({@link FilterPusher}); sweeps expired subscriptions and idle rate-limit
 * buckets every {@link FilterConfig#maintenanceInterval()}.
 *
 * <p>Lifecycle: {@link #mount} before the host starts (so identify lists the protocol from the
 * first connection on), {@link #close()} idempotently. Messages that reach the node on another path
 * than relay (e.g. light push) can be fed with {@link #onMessage}; a message already pushed within
 * two minutes is not pushed again.
 */
public final class FilterService implements AutoCloseable {
  /*
   * One thread ("waku-filter") runs the maintenance sweep and the push drains. A drain never
   * blocks: it opens streams asynchronously and returns, so one thread keeps up with many
   * subscribers; the stream completions run on the connections' event loops.
   */
  private static final Logger LOG = LoggerFactory.getLogger(FilterService.class);

  private final Libp2pHost host;
  private final SubscriptionRegistry registry;
  private final RateLimiter rateLimiter;
  private final FilterMetrics metrics;
  private final FilterProtocol protocol;
  private final FilterPusher pusher;
  private final ScheduledThreadPoolExecutor executor;
  private volatile boolean closed;

  private FilterService(Libp2pHost host, FilterConfig cfg, MeterRegistry reg, Clock clock) {
    this.host = host;
    this.registry =
        new SubscriptionRegistry(
            cfg.maxPeers(),
            cfg.maxCriteriaPerPeer(),
            cfg.subscriptionTimeout(),
            cfg.pushQueuePerPeer(),
            clock::millis);
    this.rateLimiter =
        new RateLimiter(
            cfg.requestsPerPeriod(),
            cfg.ratePeriod().toMillis(),
            Math.max(10_000, 10 * cfg.maxPeers()),
            clock::millis);
    this.metrics = new FilterMetrics(reg, registry);
    this.protocol =
        new FilterProtocol(
            registry, rateLimiter, metrics, cfg.maxContentTopicsPerRequest(), cfg.requestTimeout());
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "waku-filter");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.pusher = new FilterPusher(host, registry, metrics, executor, cfg);
  }

  /**
   * Mounts the filter service on {@code host}: registers the subscribe protocol and feeds it every
   * message {@code relay} delivers on {@code topics}. Call before {@code host.start()}.
   *
   * @param topics the pubsub topics the node relays (the relay joins them if it has not)
   * @param clock time of subscriptions, expiry, rate limits and dedup
   */
  public static FilterService mount(
      Libp2pHost host,
      WakuRelay relay,
      List<PubsubTopic> topics,
      FilterConfig cfg,
      MeterRegistry reg,
      Clock clock) {
    FilterService s = new FilterService(host, cfg, reg, clock);
    host.registerHandler(FilterProtocol.ID, s.protocol);
    for (PubsubTopic t : topics) {
      relay.subscribe(t, s.pusher);
    }
    long every = cfg.maintenanceInterval().toMillis();
    s.executor.scheduleWithFixedDelay(s::sweep, every, every, TimeUnit.MILLISECONDS);
    return s;
  }

  /** Pushes {@code message}, received on {@code topic}, to its subscribers (non-blocking). */
  public void onMessage(PubsubTopic topic, WakuMessage message, MessageHash hash) {
    pusher.onMessage(topic, message, hash);
  }

  /** Removes expired subscriptions and full rate-limit buckets now (also runs periodically). */
  public int sweep() {
    int n = registry.sweep();
    if (n > 0) {
      metrics.removed(FilterMetrics.Removal.EXPIRED, n);
      LOG.debug("filter: {} expired subscriber(s) removed", n);
    }
    rateLimiter.sweep();
    return n;
  }

  /** The subscriptions (read access and statistics). */
  public SubscriptionRegistry subscriptions() {
    return registry;
  }

  public FilterMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    host.unregisterHandler(FilterProtocol.ID);
    pusher.close();
    executor.shutdownNow();
  }
}

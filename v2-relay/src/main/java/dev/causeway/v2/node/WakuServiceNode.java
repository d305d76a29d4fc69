package dev.causeway.v2.node;

import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.filter.FilterConfig;
import dev.causeway.v2.filter.FilterService;
import dev.causeway.v2.lightpush.LightPushConfig;
import dev.causeway.v2.lightpush.LightPushService;
import dev.causeway.v2.lightpush.LightPushStatus;
import dev.causeway.v2.lightpush.PushHandler;
import dev.causeway.v2.lightpush.PushOutcome;
import dev.causeway.v2.lightpush.RelayPushHandler;
import dev.causeway.v2.store.StoreConfig;
import dev.causeway.v2.store.StoreProtocol;
import dev.causeway.v2.store.archive.ArchiveConfig;
import dev.causeway.v2.store.archive.ArchiveException;
import dev.causeway.v2.store.archive.ArchiveService;
import dev.causeway.v2.store.archive.MessageArchive;
import dev.causeway.v2.store.archive.MessageArchives;
import dev.causeway.v2.store.archive.RetentionPolicy;
import dev.causeway.v2.store.archive.RetentionScheduler;
import dev.causeway.v2.store.legacy.LegacyStoreProtocol;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Waku v2 service node: a {@link WakuV2Node} (relay + metadata) plus the services a light client
 * uses, as nwaku's {@code wakunode2} mounts them (ARCHITECTURE.md §7): the archive fed by relay
 * with its retention policy, store v3 and legacy store on it, filter v2, and light push v2/v3.
 *
 * <p>Protocol handlers are registered before the host starts, so identify lists every protocol from
 * the first connection (js-waku light clients choose service peers from identify). A message
 * accepted by light push is published through relay, which does not deliver our own publications
 * back to our listeners; this class therefore also hands it to the archive and to filter, as
 * nwaku's self-triggering relay does, so a light client sees its own pushes through filter and
 * store.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()} (services first, node, then archive).
 */
public final class WakuServiceNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WakuServiceNode.class);

  private final WakuV2Config config;
  private final ServiceConfig services;
  private final WakuV2Node node;
  private final MessageArchive archive;
  private final ArchiveService archiveService;
  private final StoreProtocol store;
  private final LegacyStoreProtocol legacyStore;
  private final FilterService filter;
  private final LightPushService lightpush;
  private final ScheduledExecutorService retentionTimer;
  private final RetentionScheduler retention;
  private volatile boolean closed;

  /**
   * @param autosharding the network's autosharding (light push v3 requests without a pubsub topic
   *     are routed by it), or null for static sharding only
   * @throws ArchiveException if the store database cannot be opened or migrated
   */
  public WakuServiceNode(
      WakuV2Config config,
      ServiceConfig services,
      Autosharding autosharding,
      MeterRegistry registry,
      Clock clock,
      SecureRandom random)
      throws ArchiveException {
    this.config = config;
    this.services = services;
    this.node = new WakuV2Node(config, registry, clock, random);
    MessageArchive a = null;
    ArchiveService as = null;
    StoreProtocol s = null;
    LegacyStoreProtocol ls = null;
    FilterService f = null;
    LightPushService lp = null;
    ScheduledExecutorService timer = null;
    RetentionScheduler rs = null;
    try {
      if (services.storeDbUrl().isPresent()) {
        a =
            MessageArchives.open(
                services.storeDbUrl().get(), ArchiveConfig.defaults(), registry, clock);
        as = new ArchiveService(a, services.archiveTimestampWindow(), clock, registry);
        StoreConfig sc =
            StoreConfig.defaults()
                .withPageSizes(
                    Math.min(20, services.storeMaxPageSize()), services.storeMaxPageSize());
        s = StoreProtocol.mount(node.host(), a, sc, registry, clock);
        ls = LegacyStoreProtocol.mount(node.host(), a, sc, registry, clock);
        RetentionPolicy policy = RetentionPolicy.parse(services.retentionPolicy());
        if (!policy.equals(RetentionPolicy.NONE)) {
          timer =
              Executors.newSingleThreadScheduledExecutor(
                  r -> {
                    Thread t = new Thread(r, "waku-archive-retention");
                    t.setDaemon(true);
                    return t;
                  });
          rs =
              new RetentionScheduler(
                  a, policy, timer, services.retentionInterval(), Duration.ofMinutes(1));
        }
      }
      if (services.filter()) {
        f =
            FilterService.mount(
                node.host(),
                node.relay(),
                config.pubsubTopics(),
                FilterConfig.defaults(),
                registry,
                clock);
      }
      if (services.lightpush()) {
        LightPushConfig lc =
            LightPushConfig.builder()
                .validation(config.validation())
                .autosharding(autosharding)
                .build();
        lp =
            LightPushService.mount(
                node.host(),
                new SelfDelivering(new RelayPushHandler(node.relay())),
                lc,
                registry,
                clock);
      }
    } catch (ArchiveException | RuntimeException e) {
      closeQuietly(lp, f, ls, s, rs, a);
      if (timer != null) {
        timer.shutdownNow();
      }
      node.close();
      throw e;
    }
    this.archive = a;
    this.archiveService = as;
    this.store = s;
    this.legacyStore = ls;
    this.filter = f;
    this.lightpush = lp;
    this.retentionTimer = timer;
    this.retention = rs;
  }

  /** Starts relay and the services; returns once the archive listens on every relayed topic. */
  public void start() throws InterruptedException {
    node.start();
    if (archiveService != null) {
      List<CompletableFuture<Void>> attached = new ArrayList<>();
      for (PubsubTopic t : config.pubsubTopics()) {
        attached.add(archiveService.attach(node.relay(), t));
      }
      try {
        CompletableFuture.allOf(attached.toArray(CompletableFuture[]::new))
            .get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("cannot attach the archive to relay", e);
      }
    }
    if (retention != null) {
      retention.start(Duration.ofSeconds(10));
    }
    LOG.info(
        "service node {} up: store={} filter={} lightpush={}",
        node.peerId(),
        services.storeDbUrl().isPresent(),
        services.filter(),
        services.lightpush());
  }

  public WakuV2Node node() {
    return node;
  }

  public Optional<MessageArchive> archive() {
    return Optional.ofNullable(archive);
  }

  public Optional<FilterService> filter() {
    return Optional.ofNullable(filter);
  }

  public Optional<LightPushService> lightpush() {
    return Optional.ofNullable(lightpush);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(lightpush, filter, legacyStore, store, retention);
    if (retentionTimer != null) {
      retentionTimer.shutdownNow();
    }
    node.close();
    closeQuietly(archive);
  }

  private static void closeQuietly(AutoCloseable... all) {
    for (AutoCloseable c : all) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Relays a light-pushed message and, once relayed, gives it to our own archive and filter. */
  private final class SelfDelivering implements PushHandler {
    private final PushHandler relay;

    SelfDelivering(PushHandler relay) {
      this.relay = relay;
    }

    @Override
    public CompletableFuture<PushOutcome> push(PubsubTopic topic, WakuMessage message) {
      return relay
          .push(topic, message)
          .thenApply(
              outcome -> {
                if (outcome.status() == LightPushStatus.SUCCESS) {
                  MessageHash h = MessageHash.of(topic, message);
                  if (archiveService != null) {
                    archiveService.offer(topic, message, h);
                  }
                  if (filter != null) {
                    filter.onMessage(topic, message, h);
                  }
                }
                return outcome;
              });
    }
  }
}

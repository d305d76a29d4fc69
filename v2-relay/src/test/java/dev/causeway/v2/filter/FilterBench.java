package dev.causeway.v2.filter;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.libp2p.pubsub.gossipsub.PeerScore;
import dev.causeway.libp2p.pubsub.gossipsub.WakuScoring;
import dev.causeway.testing.Await;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.core.WakuMessageValidator;
import dev.causeway.v2.metadata.MetadataConfig;
import dev.causeway.v2.metadata.MetadataService;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import dev.causeway.v2.relay.WakuRelay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue #7's filter fan-out benchmark, run on demand (not part of {@code verify}):
 *
 * <pre>
 * ./mvnw -B -o verify -pl v2-relay -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=FilterBench -Dfailsafe.failIfNoSpecifiedTests=false \
 *     [-Dfilterbench.subscribers=100] [-Dfilterbench.messages=2000] [-Dfilterbench.payload=256] \
 *     [-Dfilterbench.inFlight=8] [-Dfilterbench.queue=4096]
 * </pre>
 *
 * <p>On 127.0.0.1 over TCP + Noise + yamux, in one JVM: a service node (a {@link WakuV2Node} with
 * the filter service mounted), a relay peer that publishes {@code messages} messages as fast as it
 * can (at most 256 publications unfinished), and {@code subscribers} light clients (each its own
 * {@link Libp2pHost} with one event-loop thread, metadata and a {@link FilterClient}) subscribed to
 * the messages' content topic. Every message becomes one push per subscriber on a fresh stream.
 * Reported: pushes received per second over the whole run (first publish to last push received),
 * and the service's push counters (delivered, dropped per reason). A warm-up round of a tenth of
 * the messages comes first and is not reported.
 */
class FilterBench {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(0, 0);
  private static final String CT = "/causeway/1/filter-bench/proto";

  @Test
  void fanOut() throws Exception {
    main(new String[0]);
  }

  public static void main(String[] args) throws Exception {
    int subscribers = Integer.getInteger("filterbench.subscribers", 100);
    int messages = Integer.getInteger("filterbench.messages", 2000);
    int payload = Integer.getInteger("filterbench.payload", 256);
    int inFlight = Integer.getInteger("filterbench.inFlight", 8);
    int queue = Integer.getInteger("filterbench.queue", 4096);
    List<AutoCloseable> closeables = new ArrayList<>();
    try {
      GossipsubConfig fast =
          GossipsubConfig.defaults().toBuilder().heartbeatInterval(Duration.ofMillis(200)).build();
      // The service node is assembled by hand (host, metadata, relay) instead of being a WakuV2Node
      // because all subscribers connect from 127.0.0.1: the default limit is 20 per IP.
      Libp2pHost serviceHost =
          new Libp2pHost(
              HostConfig.defaults(
                      Keys.generateSecp256k1(RANDOM),
                      List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                  .withLimits(4 * subscribers + 100, 4 * subscribers + 100),
              new SimpleMeterRegistry(),
              RANDOM);
      closeables.add(serviceHost);
      MetadataService serviceMeta =
          new MetadataService(MetadataConfig.of(0, () -> List.of(0)), new SimpleMeterRegistry());
      closeables.add(serviceMeta);
      serviceMeta.start(serviceHost);
      PeerScore score = new PeerScore(WakuScoring.params(), Clock.systemUTC()::millis);
      score.setTopicParams(TOPIC.toString(), WakuScoring.topicParams());
      WakuRelay relay =
          new WakuRelay(
              serviceHost,
              fast,
              score,
              WakuMessageValidator.Config.theWakuNetwork(),
              Clock.systemUTC(),
              RANDOM,
              new SimpleMeterRegistry());
      closeables.add(relay);
      FilterService filter =
          FilterService.mount(
              serviceHost,
              relay,
              List.of(TOPIC),
              FilterConfig.builder()
                  .maxPeers(Math.max(1000, subscribers))
                  .pushQueuePerPeer(queue)
                  .pushesInFlightPerPeer(inFlight)
                  .build(),
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      closeables.add(filter);
      relay.start();
      serviceHost.start();
      relay.subscribe(TOPIC).get(10, TimeUnit.SECONDS);
      Multiaddr addr = serviceHost.listenAddresses().get(0).withPeerId(serviceHost.peerId());
      WakuV2Node publisher =
          new WakuV2Node(
              WakuV2Config.defaults(Keys.generateSecp256k1(RANDOM), List.of(), List.of(TOPIC))
                  .withGossipsub(fast)
                  .withStaticNodes(List.of(addr)),
              new SimpleMeterRegistry(),
              Clock.systemUTC(),
              RANDOM);
      closeables.add(publisher);
      publisher.start();
      Await.until(
          Duration.ofSeconds(30),
          "the publisher meshed",
          () ->
              publisher
                      .relay()
                      .gossipsub()
                      .call(
                          () ->
                              publisher
                                  .relay()
                                  .gossipsub()
                                  .router()
                                  .meshPeers(TOPIC.toString())
                                  .size())
                      .join()
                  > 0);

      AtomicLong received = new AtomicLong();
      AtomicLong lastNanos = new AtomicLong();
      List<CompletableFuture<FilterResponse>> subs = new ArrayList<>();
      for (int i = 0; i < subscribers; i++) {
        Libp2pHost h =
            new Libp2pHost(
                HostConfig.defaults(Keys.generateEd25519(RANDOM), List.of()).withIoThreads(1),
                new SimpleMeterRegistry(),
                RANDOM);
        closeables.add(h);
        FilterClient c =
            new FilterClient(
                h,
                (from, t, m) -> {
                  received.incrementAndGet();
                  lastNanos.set(System.nanoTime());
                },
                Duration.ofSeconds(30),
                new SimpleMeterRegistry());
        closeables.add(c);
        MetadataService meta =
            new MetadataService(MetadataConfig.of(0, () -> List.of(0)), new SimpleMeterRegistry());
        closeables.add(meta);
        meta.start(h);
        h.start();
        h.dial(addr).get(30, TimeUnit.SECONDS);
        subs.add(c.subscribe(serviceHost.peerId(), TOPIC, List.of(CT)));
      }
      for (CompletableFuture<FilterResponse> f : subs) {
        if (!f.get(60, TimeUnit.SECONDS).isSuccess()) {
          throw new AssertionError("subscribe failed: " + f.get());
        }
      }

      run(
          publisher,
          filter,
          received,
          lastNanos,
          subscribers,
          Math.max(1, messages / 10),
          payload,
          "warm-up");
      run(publisher, filter, received, lastNanos, subscribers, messages, payload, "measured");
    } finally {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        closeables.get(i).close();
      }
    }
  }

  private static void run(
      WakuV2Node publisher,
      FilterService filter,
      AtomicLong received,
      AtomicLong lastNanos,
      int subscribers,
      int messages,
      int payload,
      String label)
      throws Exception {
    long receivedBefore = received.get();
    double pushedBefore = filter.metrics().pushes();
    double droppedBefore = totalFailures(filter);
    long expected = (long) messages * subscribers;
    Semaphore window = new Semaphore(256);
    byte[] body = new byte[payload];
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      RANDOM.nextBytes(body);
      Instant now = Clock.systemUTC().instant();
      WakuMessage m =
          WakuMessage.of(body, CT, now.getEpochSecond() * 1_000_000_000L + now.getNano());
      window.acquire();
      publisher.publish(TOPIC, m).whenComplete((h, e) -> window.release());
    }
    long published = System.nanoTime();
    long deadline = published + TimeUnit.SECONDS.toNanos(120);
    while (received.get() - receivedBefore + (long) (totalFailures(filter) - droppedBefore)
            < expected
        && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    long got = received.get() - receivedBefore;
    double seconds = (lastNanos.get() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "FilterBench %s: %d subscribers x %d messages of %d B = %d pushes expected;"
            + " received %d in %.2f s = %.0f pushes/s (publishing took %.2f s);"
            + " service pushed %.0f, failed/dropped %.0f (queue_full %.0f, stream_open_failed %.0f,"
            + " write_failed %.0f, timeout %.0f)%n",
        label,
        subscribers,
        messages,
        payload,
        expected,
        got,
        seconds,
        got / seconds,
        (published - start) / 1e9,
        filter.metrics().pushes() - pushedBefore,
        totalFailures(filter) - droppedBefore,
        filter.metrics().pushFailures(FilterMetrics.PushFailure.QUEUE_FULL),
        filter.metrics().pushFailures(FilterMetrics.PushFailure.STREAM_OPEN_FAILED),
        filter.metrics().pushFailures(FilterMetrics.PushFailure.WRITE_FAILED),
        filter.metrics().pushFailures(FilterMetrics.PushFailure.TIMEOUT));
  }

  private static double totalFailures(FilterService f) {
    double n = 0;
    for (FilterMetrics.PushFailure r : FilterMetrics.PushFailure.values()) {
      n += f.metrics().pushFailures(r);
    }
    return n;
  }
}

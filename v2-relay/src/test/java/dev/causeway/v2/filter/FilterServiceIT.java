package dev.causeway.v2.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.testing.Await;
import dev.causeway.testing.MutableClock;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.metadata.MetadataConfig;
import dev.causeway.v2.metadata.MetadataService;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Filter v2 on loopback: a service node (a {@link WakuV2Node} with the filter service mounted), a
 * relay peer that publishes, and a light client host with a {@link FilterClient}. Pushes arrive on
 * a new stream each; every request type and error code goes over real streams; expiry runs on an
 * injected clock.
 */
class FilterServiceIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(0, 0);
  private static final String CT = "/causeway/1/filter-it/proto";
  private static final String OTHER_CT = "/causeway/1/other/proto";
  private static final Duration T = Duration.ofSeconds(30);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final MutableClock filterClock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
  private WakuV2Node service;
  private FilterService filter;
  private WakuV2Node publisher;
  private Libp2pHost clientHost;
  private FilterClient client;
  private final List<WakuMessage> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger pushStreams = new AtomicInteger();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private void start(FilterConfig cfg, boolean withPublisher) throws Exception {
    GossipsubConfig fast =
        GossipsubConfig.defaults().toBuilder().heartbeatInterval(Duration.ofMillis(200)).build();
    WakuV2Config sc =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                List.of(TOPIC))
            .withGossipsub(fast);
    service = new WakuV2Node(sc, new SimpleMeterRegistry(), Clock.systemUTC(), RANDOM);
    closeables.add(service);
    filter =
        FilterService.mount(
            service.host(),
            service.relay(),
            List.of(TOPIC),
            cfg,
            new SimpleMeterRegistry(),
            filterClock);
    closeables.add(filter);
    service.start();
    assertThat(service.host().protocols()).contains(ProtocolIds.FILTER_SUBSCRIBE);

    if (withPublisher) {
      WakuV2Config pc =
          WakuV2Config.defaults(
                  Keys.generateSecp256k1(RANDOM),
                  List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                  List.of(TOPIC))
              .withGossipsub(fast)
              .withStaticNodes(List.of(service.listenAddresses().get(0)));
      publisher = new WakuV2Node(pc, new SimpleMeterRegistry(), Clock.systemUTC(), RANDOM);
      closeables.add(publisher);
      publisher.start();
      Await.until(
          T,
          "the publisher and the service meshed",
          () -> meshSize(publisher) > 0 && meshSize(service) > 0);
    }

    clientHost =
        new Libp2pHost(
            HostConfig.defaults(
                Keys.generateEd25519(RANDOM), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))),
            new SimpleMeterRegistry(),
            RANDOM);
    closeables.add(clientHost);
    client =
        new FilterClient(
            clientHost, (from, topic, m) -> received.add(m), T, new SimpleMeterRegistry());
    closeables.add(client);
    FilterClient c = client;
    clientHost.registerHandler(
        ProtocolIds.FILTER_PUSH,
        s -> {
          pushStreams.incrementAndGet();
          c.onPushStream(s);
        });
    // The service node drops connections that do not answer the metadata protocol (as nwaku).
    MetadataService meta =
        new MetadataService(MetadataConfig.of(0, () -> List.of(0)), new SimpleMeterRegistry());
    closeables.add(meta);
    meta.start(clientHost);
    clientHost.start();
    clientHost.dial(service.listenAddresses().get(0)).get(T.toSeconds(), TimeUnit.SECONDS);
  }

  private PeerId servicePeer() {
    return service.peerId();
  }

  private static FilterResponse get(CompletableFuture<FilterResponse> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private static WakuMessage message(String contentTopic, String text) {
    Instant now = Clock.systemUTC().instant();
    return WakuMessage.of(
        text.getBytes(StandardCharsets.UTF_8),
        contentTopic,
        now.getEpochSecond() * 1_000_000_000L + now.getNano());
  }

  private static String text(WakuMessage m) {
    return new String(m.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void relayedMatchingMessagesArePushedOncePerMessageOnNewStreams() throws Exception {
    start(FilterConfig.defaults(), true);
    assertThat(get(client.subscribe(servicePeer(), TOPIC, List.of(CT))).statusCode())
        .isEqualTo(200);
    // Unmatched messages first: by the time the matching ones arrive, these went past the filter.
    for (int i = 0; i < 3; i++) {
      publisher.publish(TOPIC, message(OTHER_CT, "other-" + i)).get(30, TimeUnit.SECONDS);
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add("m-" + i);
      publisher.publish(TOPIC, message(CT, "m-" + i)).get(30, TimeUnit.SECONDS);
    }
    Await.until(T, "every matching message pushed", () -> received.size() >= expected.size());
    assertThat(received.stream().map(FilterServiceIT::text).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(received).allMatch(m -> m.contentTopic().equals(CT));
    assertThat(pushStreams.get()).isEqualTo(expected.size());
    Await.until(
        T, "the service counted every push", () -> filter.metrics().pushes() == expected.size());
    assertThat(client.acceptedPushes()).isEqualTo(expected.size());
  }

  @Test
  void everyRequestTypeAndErrorCodeOverTheWire() throws Exception {
    start(FilterConfig.builder().maxCriteriaPerPeer(3).build(), false);
    PeerId s = servicePeer();
    assertThat(get(client.ping(s)).statusCode()).isEqualTo(404);
    assertThat(get(client.unsubscribeAll(s)).statusCode()).isEqualTo(404);
    assertThat(get(client.unsubscribe(s, TOPIC, List.of(CT))).statusCode()).isEqualTo(404);

    FilterResponse garbage = get(client.exchange(s, new byte[] {(byte) 0x0a, (byte) 0x7f}));
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.requestId()).isEqualTo("N/A");

    List<String> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add("/a/1/t" + i + "/p");
    }
    FilterResponse tooMany = get(client.subscribe(s, TOPIC, many));
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.statusDesc()).contains("BAD_REQUEST: exceeds maximum content topics: 100");
    assertThat(
            get(
                client.request(
                    s,
                    new FilterRequest(
                        "no-topic",
                        FilterRequest.Type.SUBSCRIBE,
                        java.util.Optional.empty(),
                        List.of(CT)))))
        .isEqualTo(
            FilterResponse.error(
                "no-topic", 400, "BAD_REQUEST: pubsubTopic and contentTopics must be specified"));

    assertThat(get(client.subscribe(s, TOPIC, List.of(CT, OTHER_CT))).statusCode()).isEqualTo(200);
    assertThat(client.criteria(s)).hasSize(2);
    assertThat(get(client.ping(s)).statusCode()).isEqualTo(200);
    FilterResponse full = get(client.subscribe(s, TOPIC, List.of("/a/1/x/p", "/a/1/y/p")));
    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(get(client.unsubscribe(s, TOPIC, List.of(OTHER_CT))).statusCode()).isEqualTo(200);
    assertThat(filter.subscriptions().subscribersOf(TOPIC.toString(), OTHER_CT)).isEmpty();
    assertThat(filter.subscriptions().subscribersOf(TOPIC.toString(), CT))
        .containsExactly(clientHost.peerId());
    assertThat(get(client.unsubscribeAll(s)).statusCode()).isEqualTo(200);
    assertThat(filter.subscriptions().peerCount()).isZero();
    assertThat(filter.metrics().requests(FilterMetrics.RequestType.UNDECODABLE, 400)).isEqualTo(1);
    assertThat(filter.metrics().requests(FilterMetrics.RequestType.SUBSCRIBE, 503)).isEqualTo(1);
  }

  @Test
  void peerLimitAndRateLimitOverTheWire() throws Exception {
    start(
        FilterConfig.builder()
            .maxPeers(1)
            .requestsPerPeriod(4)
            .ratePeriod(Duration.ofMinutes(1))
            .build(),
        false);
    PeerId s = servicePeer();
    // Another peer takes the only slot.
    filter
        .subscriptions()
        .subscribe(
            PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey()),
            TOPIC.toString(),
            List.of(CT));
    FilterResponse busy = get(client.subscribe(s, TOPIC, List.of(CT)));
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.statusDesc())
        .hasValueSatisfying(d -> assertThat(d).contains("maximum number of subscriptions: 1"));
    for (int i = 0; i < 3; i++) {
      assertThat(get(client.ping(s)).statusCode()).isEqualTo(404);
    }
    FilterResponse limited = get(client.ping(s));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.requestId()).isEqualTo("N/A");
    filterClock.advance(Duration.ofSeconds(15));
    assertThat(get(client.ping(s)).statusCode()).isEqualTo(404);
  }

  @Test
  void silentSubscribersExpireOnTheInjectedClock() throws Exception {
    start(FilterConfig.defaults(), false);
    PeerId s = servicePeer();
    assertThat(get(client.subscribe(s, TOPIC, List.of(CT))).statusCode()).isEqualTo(200);
    filterClock.advance(Duration.ofMinutes(4));
    assertThat(get(client.ping(s)).statusCode()).isEqualTo(200);
    filterClock.advance(Duration.ofMinutes(4));
    assertThat(filter.sweep()).isZero();
    filterClock.advance(Duration.ofMinutes(1).plusMillis(1));
    assertThat(filter.sweep()).isEqualTo(1);
    assertThat(filter.metrics().removed(FilterMetrics.Removal.EXPIRED)).isEqualTo(1);
    assertThat(get(client.ping(s)).statusCode()).isEqualTo(404);
    assertThat(client.criteria(s)).isEmpty();
  }

  @Test
  void fullPushQueueDropsAndCountsAndDuplicatesArePushedOnce() throws Exception {
    start(FilterConfig.builder().pushQueuePerPeer(1).pushesInFlightPerPeer(1).build(), false);
    assertThat(get(client.subscribe(servicePeer(), TOPIC, List.of(CT))).statusCode())
        .isEqualTo(200);
    WakuMessage first = message(CT, "dup");
    filter.onMessage(TOPIC, first, MessageHash.of(TOPIC, first));
    filter.onMessage(TOPIC, first, MessageHash.of(TOPIC, first));
    Await.until(T, "the one message pushed", () -> received.size() == 1);
    assertThat(filter.metrics().duplicates()).isEqualTo(1);

    int n = 50;
    for (int i = 0; i < n; i++) {
      WakuMessage m = message(CT, "burst-" + i);
      filter.onMessage(TOPIC, m, MessageHash.of(TOPIC, m));
    }
    Await.until(
        T,
        "every message pushed or dropped for a full queue",
        () ->
            filter.metrics().pushes()
                    + filter.metrics().pushFailures(FilterMetrics.PushFailure.QUEUE_FULL)
                == n + 1);
    double dropped = filter.metrics().pushFailures(FilterMetrics.PushFailure.QUEUE_FULL);
    assertThat(dropped).isPositive();
    Await.until(
        T, "every message not dropped received", () -> received.size() == n + 1 - (int) dropped);
    assertThat(pushStreams.get()).isEqualTo(received.size());
  }

  private static int meshSize(WakuV2Node n) {
    return n.relay()
        .gossipsub()
        .call(() -> n.relay().gossipsub().router().meshPeers(TOPIC.toString()).size())
        .join();
  }
}

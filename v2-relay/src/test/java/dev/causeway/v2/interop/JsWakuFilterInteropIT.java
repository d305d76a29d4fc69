package dev.causeway.v2.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.testing.Await;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.filter.FilterConfig;
import dev.causeway.v2.filter.FilterMetrics;
import dev.causeway.v2.filter.FilterService;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Filter v2 against the current js-waku light client (spec v2-filter-lightpush.md §1.3): our
 * service node (a {@link WakuV2Node} listening on WebSocket with the filter service mounted) serves
 * a {@code @waku/sdk} 0.0.36 light node that subscribes by filter; a separate Java relay peer
 * publishes; js must receive every matching message exactly once with its payload, and its
 * SUBSCRIBER_PINGs (the sdk's keep-alive and an explicit one) must succeed.
 */
class JsWakuFilterInteropIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CLUSTER = 2;
  private static final int SHARD = 3;
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(CLUSTER, SHARD);
  private static final String CT = "/causeway/1/js-filter/proto";
  private static final String OTHER_CT = "/causeway/1/js-other/proto";
  private static final Duration T = Duration.ofSeconds(60);

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void fixture() {
    JsWakuFilterClient.assumeInteropEnabled();
    JsWakuFilterClient.ensureInstalled();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private WakuV2Node node(List<Multiaddr> listen, List<Multiaddr> staticNodes) {
    WakuV2Config cfg =
        WakuV2Config.defaults(Keys.generateSecp256k1(RANDOM), listen, List.of(TOPIC))
            .withClusterId(CLUSTER)
            .withStaticNodes(staticNodes)
            .withGossipsub(
                GossipsubConfig.defaults().toBuilder()
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build());
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), Clock.systemUTC(), RANDOM);
    closeables.add(n);
    return n;
  }

  @Test
  void jsLightClientReceivesEachMatchingMessageOnceAndItsPingsSucceed() throws Exception {
    WakuV2Node service =
        node(
            List.of(
                Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                Multiaddr.parse("/ip4/127.0.0.1/tcp/0/ws")),
            List.of());
    FilterService filter =
        FilterService.mount(
            service.host(),
            service.relay(),
            List.of(TOPIC),
            FilterConfig.defaults(),
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    closeables.add(filter);
    service.start();
    Multiaddr tcp =
        service.listenAddresses().stream().filter(a -> !a.isWebSocket()).findFirst().orElseThrow();
    String ws =
        service.listenAddresses().stream()
            .filter(Multiaddr::isWebSocket)
            .findFirst()
            .orElseThrow()
            .toString();

    WakuV2Node publisher = node(List.of(), List.of(tcp));
    publisher.start();
    Await.until(
        T,
        "the publisher and the service meshed",
        () -> meshSize(publisher) > 0 && meshSize(service) > 0);

    JsWakuFilterClient js =
        JsWakuFilterClient.subscribe(ws, CLUSTER, SHARD, List.of(CT), Duration.ofSeconds(1));
    closeables.add(js);
    js.awaitListening(T);
    assertThat(js.awaitSubscribed(T)).as("js filter subscribe succeeded").isTrue();
    Await.until(T, "js-waku subscribed", () -> filter.subscriptions().peerCount() == 1);

    publisher.publish(TOPIC, message(OTHER_CT, "not for js")).get(30, TimeUnit.SECONDS);
    int n = 20;
    Map<String, Long> sent = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String text = "filter-to-js-" + i;
      WakuMessage m = message(CT, text);
      sent.put(
          HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)), m.timestampOrZero());
      publisher.publish(TOPIC, m).get(30, TimeUnit.SECONDS);
    }
    Map<String, Integer> got = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> e = js.awaitMessage(T);
      assertThat(e)
          .containsEntry("pubsubTopic", TOPIC.toString())
          .containsEntry("contentTopic", CT);
      String payload = (String) e.get("payload");
      assertThat(sent).containsKey(payload);
      assertThat(Long.parseLong((String) e.get("rawTimestamp"))).isEqualTo(sent.get(payload));
      got.merge(payload, 1, Integer::sum);
    }
    assertThat(got).hasSize(n).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));

    // An explicit ping through the sdk's filter core, and the sdk's own keep-alive pings (1 s).
    assertThat(js.ping(T)).isTrue();
    Await.until(
        T,
        "two answered subscriber pings",
        () -> filter.metrics().requests(FilterMetrics.RequestType.SUBSCRIBER_PING, 200) >= 2);
    // A further message after the pings still arrives exactly once, and nothing else came.
    WakuMessage last = message(CT, "last");
    publisher.publish(TOPIC, last).get(30, TimeUnit.SECONDS);
    Map<String, Object> e = js.awaitMessage(T);
    assertThat(e.get("payload"))
        .isEqualTo(HexFormat.of().formatHex("last".getBytes(StandardCharsets.UTF_8)));
    assertThat(filter.metrics().pushes()).isEqualTo(n + 1);
    assertThat(filter.metrics().requests(FilterMetrics.RequestType.SUBSCRIBER_PING, 404)).isZero();
  }

  private static WakuMessage message(String contentTopic, String text) {
    Instant now = Clock.systemUTC().instant();
    return WakuMessage.of(
        text.getBytes(StandardCharsets.UTF_8),
        contentTopic,
        now.getEpochSecond() * 1_000_000_000L + now.getNano());
  }

  private static int meshSize(WakuV2Node n) {
    return n.relay()
        .gossipsub()
        .call(() -> n.relay().gossipsub().router().meshPeers(TOPIC.toString()).size())
        .join();
  }
}

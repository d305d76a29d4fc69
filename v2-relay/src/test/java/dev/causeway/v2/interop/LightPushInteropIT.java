package dev.causeway.v2.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.testing.Await;
import dev.causeway.testing.JsFixturePeer;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.lightpush.LightPushConfig;
import dev.causeway.v2.lightpush.LightPushService;
import dev.causeway.v2.lightpush.LightPushStatus;
import dev.causeway.v2.lightpush.LightPushVersion;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The current js-waku light client ({@link JsLightPushClientPeer}, {@code @waku/sdk} 0.0.36) pushes
 * messages by light push v3 and v2 to our service node (a {@link WakuV2Node} listening on
 * WebSocket, with {@link LightPushService} mounted), which relays them to another of our relay
 * nodes: each arrives there exactly once, with the hash js-waku computed (spec
 * v2-filter-lightpush.md §3, §4.3; v2-message-relay-sharding.md §3).
 */
class LightPushInteropIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Clock CLOCK = Clock.systemUTC();
  private static final int CLUSTER = 1;
  private static final int SHARD = 3;
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(CLUSTER, SHARD);
  private static final String CONTENT = "/causeway/1/lightpush-interop/proto";
  private static final int PER_VERSION = 8;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Map<MessageHash, AtomicInteger> received = new ConcurrentHashMap<>();
  private WakuV2Node service;
  private LightPushService lightPush;

  @BeforeEach
  void setUp() throws Exception {
    JsFixturePeer.assumeInteropEnabled();
    JsLightPushClientPeer.ensureInstalled();
    service = node(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0/ws")), List.of());
    lightPush =
        LightPushService.mount(
            service.host(), service.relay(), LightPushConfig.defaults(), registry, CLOCK);
    closeables.add(lightPush);
    service.start();
    WakuV2Node peer =
        node(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), service.listenAddresses());
    peer.start();
    peer.subscribe(
            TOPIC,
            (t, m, h) -> received.computeIfAbsent(h, k -> new AtomicInteger()).incrementAndGet())
        .get(10, TimeUnit.SECONDS);
    GossipsubService g = service.relay().gossipsub();
    Await.until(
        WAIT,
        "the service sees the relay peer on the topic",
        () -> g.call(() -> g.router().topicPeers(TOPIC.toString())).join().contains(peer.peerId()));
  }

  private WakuV2Node node(List<Multiaddr> listen, List<Multiaddr> statics) throws Exception {
    WakuV2Config cfg =
        WakuV2Config.defaults(Keys.generateSecp256k1(RANDOM), listen, List.of(TOPIC))
            .withClusterId(CLUSTER)
            .withStaticNodes(statics)
            .withGossipsub(
                GossipsubConfig.defaults().toBuilder()
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build());
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), CLOCK, RANDOM);
    closeables.add(n);
    return n;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void jsLightClientPushesByV3AndV2AndTheRelayPeerGetsEachOnceWithTheSameHash() throws Exception {
    String ws = service.listenAddresses().get(0).toString();
    assertThat(ws).contains("/ws/");
    try (JsLightPushClientPeer js =
        JsLightPushClientPeer.dial(ws, "--cluster-id", Integer.toString(CLUSTER))) {
      Map<String, Object> ready = js.awaitReady(WAIT);
      assertThat(strings(ready.get("remoteProtocols")))
          .contains(ProtocolIds.LIGHTPUSH_V3, ProtocolIds.LIGHTPUSH_V2, ProtocolIds.METADATA);
      List<String> jsHashes = new ArrayList<>();
      long baseMs = CLOCK.millis();
      for (int i = 0; i < 2 * PER_VERSION; i++) {
        boolean legacy = i >= PER_VERSION;
        byte[] payload = ("from js-waku #" + i).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> pushed = js.push(legacy, SHARD, CONTENT, payload, baseMs + i, WAIT);
        assertThat(pushed)
            .as("push %d: %s", i, pushed)
            .containsEntry("ok", true)
            .containsEntry("pubsubTopic", TOPIC.toString());
        assertThat(strings(pushed.get("successes"))).containsExactly(service.peerId().toBase58());
        jsHashes.add("0x" + pushed.get("hash"));
      }
      Await.until(
          WAIT,
          "the relay peer received every message pushed by js-waku",
          () -> received.size() >= jsHashes.size());
      assertThat(received.keySet().stream().map(MessageHash::to0xHex).toList())
          .containsExactlyInAnyOrderElementsOf(jsHashes);
      assertThat(received.values()).allMatch(c -> c.get() == 1);
      assertThat(lightPush.metrics().requests(LightPushVersion.V3, LightPushStatus.SUCCESS))
          .isEqualTo(PER_VERSION);
      assertThat(lightPush.metrics().requests(LightPushVersion.V2, LightPushStatus.SUCCESS))
          .isEqualTo(PER_VERSION);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object jsonArray) {
    return jsonArray instanceof List<?> l ? (List<String>) l : List.of();
  }
}

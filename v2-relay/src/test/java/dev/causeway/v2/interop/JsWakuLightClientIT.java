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
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.ServiceConfig;
import dev.causeway.v2.node.WakuServiceNode;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 interop (and #6 with the real SQLite archive): ONE js-waku light client (@waku/sdk
 * 0.0.36, Node 22) uses a Causeway {@link WakuServiceNode} as its only service node, over WebSocket
 * + Noise + mplex with the metadata protocol: it subscribes by filter, sends by light push,
 * receives its own messages and a Java relay peer's messages through filter exactly once, and then
 * finds all of them in our store (v3).
 */
class JsWakuLightClientIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Clock CLOCK = Clock.systemUTC();
  private static final int CLUSTER = 2;
  private static final int SHARD = 5;
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(CLUSTER, SHARD);
  private static final String CONTENT = "/causeway/1/light-client-interop/proto";
  private static final int FROM_JS = 6;
  private static final int FROM_RELAY = 6;

  @TempDir Path dir;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<MessageHash, AtomicInteger> relayPeerGot = new ConcurrentHashMap<>();
  private WakuServiceNode service;
  private WakuV2Node relayPeer;

  @BeforeEach
  void setUp() throws Exception {
    JsFixturePeer.assumeInteropEnabled();
    JsWakuLightClient.ensureInstalled();
    ServiceConfig services =
        ServiceConfig.none()
            .withStore("sqlite://" + dir.resolve("store.sqlite3").toAbsolutePath())
            .withFilter(true)
            .withLightpush(true);
    service =
        new WakuServiceNode(
            config(
                List.of(
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0/ws")),
                List.of()),
            services,
            null,
            new SimpleMeterRegistry(),
            CLOCK,
            RANDOM);
    closeables.add(service);
    service.start();
    Multiaddr tcp =
        service.node().listenAddresses().stream()
            .filter(a -> !a.toString().contains("/ws"))
            .findFirst()
            .orElseThrow();
    relayPeer =
        new WakuV2Node(
            config(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), List.of(tcp)),
            new SimpleMeterRegistry(),
            CLOCK,
            RANDOM);
    closeables.add(relayPeer);
    relayPeer.start();
    relayPeer
        .subscribe(
            TOPIC,
            (t, m, h) ->
                relayPeerGot.computeIfAbsent(h, k -> new AtomicInteger()).incrementAndGet())
        .get(10, TimeUnit.SECONDS);
    GossipsubService g = service.node().relay().gossipsub();
    Await.until(
        WAIT,
        "the service sees the relay peer on the topic",
        () ->
            g.call(() -> g.router().topicPeers(TOPIC.toString()))
                .join()
                .contains(relayPeer.peerId()));
  }

  private static WakuV2Config config(List<Multiaddr> listen, List<Multiaddr> statics) {
    return WakuV2Config.defaults(Keys.generateSecp256k1(RANDOM), listen, List.of(TOPIC))
        .withClusterId(CLUSTER)
        .withStaticNodes(statics)
        .withGossipsub(
            GossipsubConfig.defaults().toBuilder()
                .heartbeatInterval(Duration.ofMillis(200))
                .build());
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void lightClientPushesAndGetsItsOwnAndRelayMessagesByFilterOnceThenFindsThemInTheStore()
      throws Exception {
    String ws =
        service.node().listenAddresses().stream()
            .map(Multiaddr::toString)
            .filter(a -> a.contains("/ws/"))
            .findFirst()
            .orElseThrow();
    try (JsWakuLightClient js = JsWakuLightClient.dial(ws, CLUSTER, SHARD, CONTENT)) {
      Map<String, Object> listening = js.awaitEvent("listening", WAIT);
      assertThat(strings(listening.get("protocols")))
          .contains(
              ProtocolIds.METADATA,
              ProtocolIds.STORE_QUERY,
              ProtocolIds.LIGHTPUSH_V3,
              ProtocolIds.LIGHTPUSH_V2);
      assertThat(js.awaitEvent("subscribed", WAIT)).containsEntry("ok", true);

      Set<String> expected = new HashSet<>();
      long baseMs = CLOCK.millis();
      for (int i = 0; i < FROM_JS; i++) {
        byte[] payload = ("light push #" + i).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> pushed = js.push(payload, baseMs + i, WAIT);
        assertThat(pushed).as("push %d: %s", i, pushed).containsEntry("ok", true);
        expected.add(norm(pushed.get("hash")));
      }
      for (int i = 0; i < FROM_RELAY; i++) {
        WakuMessage m =
            WakuMessage.builder()
                .payload(("relay peer #" + i).getBytes(StandardCharsets.UTF_8))
                .contentTopic(CONTENT)
                .timestamp((CLOCK.millis() + i) * 1_000_000L)
                .build();
        expected.add(norm(relayPeer.publish(TOPIC, m).get(10, TimeUnit.SECONDS).to0xHex()));
      }
      assertThat(expected).hasSize(FROM_JS + FROM_RELAY);

      Set<String> viaFilter = new HashSet<>();
      for (int i = 0; i < FROM_JS + FROM_RELAY; i++) {
        viaFilter.add(norm(js.awaitEvent("message", WAIT).get("hash")));
      }
      assertThat(viaFilter).isEqualTo(expected);

      // The relay peer got every light-pushed message exactly once.
      Await.until(
          WAIT,
          "the relay peer received every message from js-waku",
          () -> relayPeerGot.size() >= FROM_JS);
      assertThat(relayPeerGot.values()).allMatch(c -> c.get() == 1);

      // Everything is archived (batched commits), then found by the js store client.
      Await.until(WAIT, "every message archived", () -> archived() == FROM_JS + FROM_RELAY);
      List<String> stored = strings(js.store(WAIT).get("hashes"));
      assertThat(stored.stream().map(JsWakuLightClientIT::norm).toList())
          .containsExactlyInAnyOrderElementsOf(expected);

      // Exactly once through filter: no extra push arrived while the store was queried.
      long filterMessages =
          js.events().stream().filter(e -> "message".equals(e.get("event"))).count();
      assertThat(filterMessages).isEqualTo(FROM_JS + FROM_RELAY);
    }
  }

  private long archived() {
    try {
      return service.archive().orElseThrow().count();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String norm(Object hash) {
    String s = String.valueOf(hash).toLowerCase(Locale.ROOT);
    return s.startsWith("0x") ? s.substring(2) : s;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object jsonArray) {
    return jsonArray instanceof List<?> l ? (List<String>) l : List.of();
  }
}

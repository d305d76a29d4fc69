package dev.causeway.v2.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our relay node and a js-waku 0.0.27 relay node (npm, {@code src/test/js/waku-relay-peer}) on
 * 127.0.0.1: over TCP and WebSocket, with either side dialling, messages published on either side
 * arrive on the other, on the default pubsub topic and on a static shard topic, with identical
 * deterministic hashes.
 */
class JsWakuRelayInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PubsubTopic SHARD = PubsubTopic.staticShard(1, 0);
  private static final PubsubTopic DEFAULT = PubsubTopic.DEFAULT;
  private static final String CONTENT_TOPIC = "/causeway/1/interop/proto";

  private WakuV2Node ours;

  @BeforeEach
  void nodeAvailable() {
    JsWakuRelayPeer.assumeInteropEnabled();
    JsWakuRelayPeer.ensureInstalled();
  }

  @AfterEach
  void stop() {
    if (ours != null) {
      ours.close();
    }
  }

  private WakuV2Node start(List<Multiaddr> staticNodes) throws Exception {
    WakuV2Config cfg =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM),
                List.of(
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0/ws")),
                List.of(DEFAULT, SHARD))
            .withClusterId(1)
            .withStaticNodes(staticNodes);
    ours = new WakuV2Node(cfg, new SimpleMeterRegistry(), Clock.systemUTC(), RANDOM);
    ours.start();
    return ours;
  }

  @ParameterizedTest(name = "{0}, we dial: {1}")
  @CsvSource({"tcp, true", "tcp, false", "ws, true", "ws, false"})
  void messagesCrossBothWays(String transport, boolean weDial) throws Exception {
    PrivKey jsKey = Keys.generateEd25519(RANDOM);
    String[] options = {
      "--cluster-id",
      "1",
      "--pubsub-topic",
      DEFAULT.toString(),
      "--pubsub-topic",
      SHARD.toString(),
      "--content-topic",
      CONTENT_TOPIC
    };
    JsWakuRelayPeer js;
    WakuV2Node node;
    if (weDial) {
      js = JsWakuRelayPeer.listen(JsWakuRelayPeer.keyHex(jsKey), options);
      js.awaitListening(WAIT);
      node = start(List.of(Multiaddr.parse(js.awaitAddr(transport, WAIT))));
    } else {
      node = start(List.of());
      Multiaddr target =
          node.listenAddresses().stream()
              .filter(a -> a.isWebSocket() == "ws".equals(transport))
              .findFirst()
              .orElseThrow();
      js = JsWakuRelayPeer.dial(JsWakuRelayPeer.keyHex(jsKey), target.toString(), options);
    }
    try (js) {
      BlockingQueue<Object[]> received = new LinkedBlockingQueue<>();
      for (PubsubTopic t : List.of(DEFAULT, SHARD)) {
        node.subscribe(t, (topic, m, h) -> received.add(new Object[] {topic, m, h}))
            .get(10, TimeUnit.SECONDS);
      }
      String ourId = node.peerId().toBase58();
      for (PubsubTopic t : List.of(DEFAULT, SHARD)) {
        js.awaitSubscribed(ourId, t.toString(), WAIT);
      }
      long now = System.currentTimeMillis() * 1_000_000L;
      for (PubsubTopic t : List.of(DEFAULT, SHARD)) {
        // ours -> js
        WakuMessage m =
            WakuMessage.of(
                ("from causeway on " + t).getBytes(StandardCharsets.UTF_8), CONTENT_TOPIC, now);
        MessageHash h = publishWhenMeshed(node, t, m);
        Map<String, Object> atJs = js.awaitMessage(t.toString(), WAIT);
        assertThat(atJs.get("payload")).isEqualTo(HexFormat.of().formatHex(m.payload()));
        assertThat(atJs.get("hash")).isEqualTo(HexFormat.of().formatHex(h.bytes()));

        // js -> ours
        byte[] payload = ("from js-waku on " + t).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> pub = js.publish(t.toString(), CONTENT_TOPIC, payload, now + 1, WAIT);
        assertThat(pub).containsEntry("ok", true);
        Object[] got = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(got).as("message from js on " + t).isNotNull();
        assertThat(got[0]).isEqualTo(t);
        assertThat(((WakuMessage) got[1]).payload()).isEqualTo(payload);
        assertThat(HexFormat.of().formatHex(((MessageHash) got[2]).bytes()))
            .isEqualTo(pub.get("hash"));
      }
    }
  }

  /** Publishes once the topic's mesh (or fanout) has the js peer; retries briefly otherwise. */
  private static MessageHash publishWhenMeshed(WakuV2Node node, PubsubTopic t, WakuMessage m)
      throws Exception {
    var g = node.relay().gossipsub();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline
        && g.call(() -> g.router().topicPeers(t.toString()).isEmpty()).get(5, TimeUnit.SECONDS)) {
      g.call(() -> null).get(5, TimeUnit.SECONDS);
    }
    return node.publish(t, m).get(10, TimeUnit.SECONDS);
  }
}

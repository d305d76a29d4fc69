package dev.causeway.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.bridge.BridgeConfig;
import dev.causeway.bridge.it.BridgeTestNetwork.BridgeNode;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.payload.DecodedPayload;
import dev.causeway.common.payload.PayloadCodec;
import dev.causeway.common.payload.SymmetricKeys;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.testing.Await;
import dev.causeway.testing.JsFixturePeer;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.interop.JsWakuRelayPeer;
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
import org.junit.jupiter.api.Test;

/**
 * Issue #5, "must show" 3: the bridge end to end with an independent v2 implementation. One of our
 * v1 nodes, one bridge, and a js-waku 0.0.27 relay node (npm fixture {@code
 * v2-relay/src/test/js/waku-relay-peer}, driven by {@link JsWakuRelayPeer}) on {@code
 * /waku/2/default-waku/proto}:
 *
 * <ul>
 *   <li>v1 → js-waku: an envelope posted at the v1 node reaches js-waku as a WakuMessage with the
 *       envelope data byte for byte, the canonical content topic, version 1 and timestamp (expiry −
 *       ttl) × 10^9 (bridge-mapping.md §3.2);
 *   <li>js-waku → v1: a version-1 message that js-waku publishes on {@code /waku/1/0x…/rfc26}
 *       reaches the v1 node on that topic, and its symmetric encryption opens with the key
 *       (bridge-mapping.md §4.2).
 * </ul>
 */
class JsWakuBridgeIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PubsubTopic BRIDGED = PubsubTopic.DEFAULT;

  /** js-waku mounts the metadata protocol only with a static-shard topic; our nodes expect it. */
  private static final PubsubTopic SHARD = PubsubTopic.staticShard(1, 0);

  private static final Topic TOPIC = Topic.fromHex("1a2b3c4d");
  private static final String CONTENT_TOPIC = "/waku/1/0x1a2b3c4d/rfc26";
  private static final byte[] SYM_KEY = SymmetricKeys.fromPassword("causeway bridge");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long TTL = 60;

  private JsWakuRelayPeer js;
  private BridgeTestNetwork net;

  @BeforeEach
  void nodeAvailable() {
    JsFixturePeer.assumeInteropEnabled();
    JsWakuRelayPeer.ensureInstalled();
  }

  @AfterEach
  void stop() throws Exception {
    if (net != null) {
      net.close();
    }
    if (js != null) {
      js.close();
    }
  }

  @Test
  void messagesCrossBetweenAV1NodeAndJsWakuThroughTheBridge() throws Exception {
    js =
        JsWakuRelayPeer.listen(
            JsWakuRelayPeer.keyHex(Keys.generateEd25519(RANDOM)),
            "--cluster-id",
            "1",
            "--pubsub-topic",
            BRIDGED.toString(),
            "--pubsub-topic",
            SHARD.toString(),
            "--deadline-ms",
            "240000");
    Multiaddr jsAddr = Multiaddr.parse(js.awaitAddr("tcp", WAIT));
    net =
        BridgeTestNetwork.builder()
            .v1Users(1)
            .v2Users(0)
            .bridges(1)
            .clusterId(1)
            .v2Topics(List.of(BRIDGED, SHARD))
            .bridgeV2StaticNodes(List.of(jsAddr))
            .bridgeConfig(
                () ->
                    BridgeConfig.builder()
                        .pubsubTopics(List.of(BRIDGED))
                        .v2ToV1Ttl(TTL)
                        .v2Validation(BridgeTestNetwork.V2_VALIDATION)
                        .powFloor(0.002)
                        .build())
            .start();
    BridgeNode bridge = net.bridge(0);
    WakuV1Node v1 = net.v1User(0);
    BlockingQueue<Envelope> atV1 = new LinkedBlockingQueue<>();
    v1.addListener(
        (e, pow, from) -> {
          if (from != null) {
            atV1.add(e);
          }
        });
    js.awaitSubscribed(bridge.v2().peerId().toBase58(), BRIDGED.toString(), WAIT);
    Await.until(
        WAIT,
        "the bridge's v2 node sees js-waku on " + BRIDGED,
        () -> BridgeTestNetwork.topicPeers(bridge.v2(), BRIDGED) >= 1);

    // v1 -> js-waku
    byte[] fromV1 =
        PayloadCodec.encryptSymmetric(
            "hello from v1".getBytes(StandardCharsets.UTF_8), SYM_KEY, null, RANDOM);
    Envelope posted = v1.post(TOPIC, fromV1, TTL, 0.002).get(30, TimeUnit.SECONDS);
    Map<String, Object> atJs = js.awaitMessage(BRIDGED.toString(), WAIT);
    assertThat(atJs.get("payload")).isEqualTo(HexFormat.of().formatHex(fromV1));
    assertThat(atJs.get("contentTopic")).isEqualTo(CONTENT_TOPIC);
    assertThat(atJs.get("version")).isEqualTo(1);
    assertThat(atJs.get("timestamp"))
        .isEqualTo(Long.toString((posted.expiry() - posted.ttl()) * 1_000_000_000L));

    // js-waku -> v1
    Secp256k1.KeyPair signer = Secp256k1.KeyPair.random(RANDOM);
    byte[] fromJs =
        PayloadCodec.encryptSymmetric(
            "hello from js-waku".getBytes(StandardCharsets.UTF_8), SYM_KEY, signer, RANDOM);
    long nowNs = Clock.systemUTC().millis() * 1_000_000L;
    String publish =
        String.join(
            " ",
            "publish",
            BRIDGED.toString(),
            CONTENT_TOPIC,
            HexFormat.of().formatHex(fromJs),
            Long.toString(nowNs),
            "-",
            "1");
    Map<String, Object> published = js.run(publish, "published", WAIT);
    assertThat(published).containsEntry("ok", true);
    Envelope got = atV1.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(got).as("bridged envelope at the v1 node").isNotNull();
    assertThat(got.topic()).isEqualTo(TOPIC);
    assertThat(got.data()).isEqualTo(fromJs);
    DecodedPayload opened = PayloadCodec.decryptSymmetric(got.data(), SYM_KEY);
    assertThat(new String(opened.payload(), StandardCharsets.UTF_8))
        .isEqualTo("hello from js-waku");
    assertThat(opened.signerPublicKey()).isEqualTo(signer.publicKey());
    assertThat(BridgeCounters.drops(bridge.bridge())).isEmpty();
    // Nothing else arrived on v1 (the v1-born envelope did not come back as a new one).
    assertThat(atV1).isEmpty();
  }
}

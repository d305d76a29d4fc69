package dev.causeway.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.bridge.translate.EnvelopeTranslator;
import dev.causeway.bridge.translate.MessageTranslator;
import dev.causeway.bridge.translate.OriginNonce;
import dev.causeway.bridge.translate.TopicMapping;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.payload.DecodedPayload;
import dev.causeway.common.payload.PayloadCodec;
import dev.causeway.common.payload.SymmetricKeys;
import dev.causeway.common.payload.Topics;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.testing.Await;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.waku.WakuV1Config;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on 127.0.0.1 with real sockets: a v1 node — the bridge (its own v1 node, its own v2
 * node, {@link Bridge}) — a v2 node. Status-style symmetric and asymmetric 26/WAKU-PAYLOAD payloads
 * cross both ways and decrypt at the far side; a tagged message rebuilds its original envelope;
 * non-bridgeable messages stay put and are counted; a payload sent twice from v2 gives one envelope
 * (spec bridge-mapping.md §7).
 */
class BridgeIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Clock CLOCK = Clock.systemUTC();
  private static final PubsubTopic PUBSUB = PubsubTopic.DEFAULT;
  private static final Topic TOPIC = Topic.of(Topics.toTopic("status"));
  private static final String CT = TopicMapping.toContentTopic(TOPIC);
  private static final byte[] SYM_KEY = SymmetricKeys.fromPassword("status");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private WakuV1Node v1;
  private final BlockingQueue<Envelope> atV1 = new LinkedBlockingQueue<>();
  private WakuV2Node v2;
  private final BlockingQueue<WakuMessage> atV2 = new LinkedBlockingQueue<>();
  private Bridge bridge;

  @BeforeEach
  void network() throws Exception {
    v1 = v1Node(List.of());
    v1.addListener(
        (e, pow, from) -> {
          if (from != null) {
            atV1.add(e);
          }
        });
    WakuV1Node bridgeV1 = v1Node(List.of(v1.enode()));
    v2 = v2Node(List.of());
    v2.subscribe(PUBSUB, (t, m, h) -> atV2.add(m)).get(10, TimeUnit.SECONDS);
    WakuV2Node bridgeV2 = v2Node(List.of(v2.listenAddresses().get(0)));
    bridge =
        new Bridge(
            bridgeV1,
            bridgeV2,
            BridgeConfig.builder().pubsubTopics(List.of(PUBSUB)).miningThreads(1).build(),
            new SimpleMeterRegistry(),
            CLOCK);
    closeables.add(bridge);
    bridge.start();
    bridgeV1.whenActivePeers(1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    v1.whenActivePeers(1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Await.until(
        WAIT,
        "the v2 node and the bridge meshed",
        () -> meshSize(v2) > 0 && meshSize(bridgeV2) > 0);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private WakuV1Node v1Node(List<Enode> peers) throws Exception {
    Devp2pConfig dev =
        Devp2pConfig.defaults(Secp256k1.KeyPair.random(RANDOM), "127.0.0.1", 0)
            .withStaticPeers(peers)
            .withReconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
            .withIoThreads(1);
    WakuV1Config cfg =
        WakuV1Config.defaults(dev).withMinPow(0.002).withFloodInterval(Duration.ofMillis(50));
    WakuV1Node n = new WakuV1Node(cfg, new SimpleMeterRegistry(), CLOCK, RANDOM);
    closeables.add(n);
    n.start();
    return n;
  }

  private WakuV2Node v2Node(List<Multiaddr> staticNodes) throws Exception {
    WakuV2Config cfg =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                List.of(PUBSUB))
            .withStaticNodes(staticNodes)
            .withGossipsub(
                GossipsubConfig.defaults().toBuilder()
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build());
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), CLOCK, RANDOM);
    closeables.add(n);
    n.start();
    return n;
  }

  private static long nowNanos() {
    return CLOCK.millis() * 1_000_000L;
  }

  private static <T> T poll(BlockingQueue<T> q, String what) throws InterruptedException {
    T t = q.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(t).as(what + " within " + WAIT).isNotNull();
    return t;
  }

  private WakuMessage v2Message(byte[] payload, String contentTopic, int version) {
    return WakuMessage.builder()
        .payload(payload)
        .contentTopic(contentTopic)
        .version(version)
        .timestamp(nowNanos())
        .build();
  }

  @Test
  void v1EnvelopesArriveOnV2AndDecrypt() throws Exception {
    Secp256k1.KeyPair recipient = Secp256k1.KeyPair.random(RANDOM);
    Secp256k1.KeyPair signer = Secp256k1.KeyPair.random(RANDOM);
    byte[] sym =
        PayloadCodec.encryptSymmetric(
            "hello from V1".getBytes(StandardCharsets.UTF_8), SYM_KEY, signer, RANDOM);
    byte[] asym =
        PayloadCodec.encryptAsymmetric(
            "secret from V1".getBytes(StandardCharsets.UTF_8), recipient.publicKey(), null, RANDOM);
    Envelope e1 = v1.post(TOPIC, sym, 50, 0.002).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Envelope e2 = v1.post(TOPIC, asym, 50, 0.002).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    List<WakuMessage> got = List.of(poll(atV2, "first message"), poll(atV2, "second message"));
    for (WakuMessage m : got) {
      assertThat(m.contentTopic()).isEqualTo("/waku/1/0xcd423760/rfc26");
      assertThat(m.version()).isEqualTo(1);
    }
    WakuMessage m1 = Arrays.equals(got.get(0).payload(), sym) ? got.get(0) : got.get(1);
    WakuMessage m2 = m1 == got.get(0) ? got.get(1) : got.get(0);
    // Exactly the deterministic translation of each envelope.
    assertThat(m1).isEqualTo(EnvelopeTranslator.toWakuMessage(e1));
    assertThat(m2).isEqualTo(EnvelopeTranslator.toWakuMessage(e2));

    DecodedPayload d1 = PayloadCodec.decryptSymmetric(m1.payload(), SYM_KEY);
    assertThat(new String(d1.payload(), StandardCharsets.UTF_8)).isEqualTo("hello from V1");
    assertThat(d1.signerPublicKey()).isEqualTo(signer.publicKey());
    DecodedPayload d2 = PayloadCodec.decryptAsymmetric(m2.payload(), recipient);
    assertThat(new String(d2.payload(), StandardCharsets.UTF_8)).isEqualTo("secret from V1");

    // The tag rebuilds the original envelope.
    MessageTranslator back = new MessageTranslator(10, Duration.ofSeconds(20));
    assertThat(back.toEnvelope(m1, CLOCK.instant()).envelope().hash()).isEqualTo(e1.hash());
    assertThat(bridge.stats().bridged(Direction.V1_TO_V2)).isEqualTo(2);
    assertThat(bridge.stats().dropped(Direction.V1_TO_V2)).isEmpty();
  }

  @Test
  void v2MessagesArriveOnV1AndDecrypt() throws Exception {
    Secp256k1.KeyPair recipient = Secp256k1.KeyPair.random(RANDOM);
    byte[] sym =
        PayloadCodec.encryptSymmetric(
            "hello from V2".getBytes(StandardCharsets.UTF_8), SYM_KEY, null, RANDOM);
    byte[] asym =
        PayloadCodec.encryptAsymmetric(
            "secret from V2".getBytes(StandardCharsets.UTF_8), recipient.publicKey(), null, RANDOM);
    v2.publish(PUBSUB, v2Message(sym, CT, 1)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    v2.publish(PUBSUB, v2Message(asym, CT, 1)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    List<Envelope> got = List.of(poll(atV1, "first envelope"), poll(atV1, "second envelope"));
    Envelope s = Arrays.equals(got.get(0).data(), sym) ? got.get(0) : got.get(1);
    Envelope a = s == got.get(0) ? got.get(1) : got.get(0);
    for (Envelope e : got) {
      assertThat(e.topic()).isEqualTo(TOPIC);
      assertThat(e.ttl()).isEqualTo(10);
      assertThat(ProofOfWork.powStrict(e)).isGreaterThanOrEqualTo(0.002);
      // The smallest nonce of the v2-origin range: no smaller one from the base meets the target.
      assertThat(OriginNonce.isV2Origin(e.nonce())).isTrue();
      assertThat(
              new PowMiner()
                  .mine(e.withNonce(0), 0.002, OriginNonce.ORIGIN_NONCE_BASE, 1 << 24, () -> false)
                  .sealed())
          .contains(e);
    }
    DecodedPayload d1 = PayloadCodec.decryptSymmetric(s.data(), SYM_KEY);
    assertThat(new String(d1.payload(), StandardCharsets.UTF_8)).isEqualTo("hello from V2");
    DecodedPayload d2 = PayloadCodec.decryptAsymmetric(a.data(), recipient);
    assertThat(new String(d2.payload(), StandardCharsets.UTF_8)).isEqualTo("secret from V2");
    assertThat(bridge.stats().bridged(Direction.V2_TO_V1)).isEqualTo(2);
  }

  @Test
  void taggedV2MessageRebuildsTheOriginalEnvelope() throws Exception {
    long now = CLOCK.instant().getEpochSecond();
    byte[] data =
        PayloadCodec.encryptSymmetric(
            "bridged elsewhere".getBytes(StandardCharsets.UTF_8), SYM_KEY, null, RANDOM);
    Envelope original =
        new PowMiner()
            .mine(Envelope.of(now + 50, 50, TOPIC, data, 0), 0.002, 1 << 24)
            .sealed()
            .orElseThrow();
    // As another bridge would have published it; our v1 side has never seen it.
    v2.publish(PUBSUB, EnvelopeTranslator.toWakuMessage(original))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Envelope got = poll(atV1, "rebuilt envelope");
    assertThat(got.hash()).isEqualTo(original.hash());
    assertThat(got.encode()).isEqualTo(original.encode());
  }

  @Test
  void nonBridgeableStaysAndDuplicatesCrossOnce() throws Exception {
    byte[] payload =
        PayloadCodec.encryptSymmetric(
            "only once".getBytes(StandardCharsets.UTF_8), SYM_KEY, null, RANDOM);
    WakuMessage once = v2Message(payload, CT, 1);
    v2.publish(PUBSUB, v2Message(payload, "/toychat/2/huilong/proto", 1))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    v2.publish(PUBSUB, v2Message(payload, "/waku/1/cd423760/rfc26", 1))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    v2.publish(PUBSUB, v2Message(new byte[] {1, 2, 3}, CT, 0))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    v2.publish(PUBSUB, once).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    // The same message again (gossipsub may refuse it as a duplicate itself) ...
    v2.publish(PUBSUB, once).exceptionally(ex -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    // ... and the same payload with another timestamp: a different v2 message, same fingerprint.
    WakuMessage again = once.toBuilder().timestamp(once.timestampOrZero() + 1_000_000).build();
    v2.publish(PUBSUB, again).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    byte[] marker =
        PayloadCodec.encryptSymmetric(
            "marker".getBytes(StandardCharsets.UTF_8), SYM_KEY, null, RANDOM);
    v2.publish(PUBSUB, v2Message(marker, CT, 1)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    List<Envelope> got = new ArrayList<>();
    while (got.stream().noneMatch(e -> Arrays.equals(e.data(), marker))
        || got.stream().noneMatch(e -> Arrays.equals(e.data(), payload))) {
      got.add(poll(atV1, "bridged envelopes"));
    }
    // Nothing else is in flight: the marker was enqueued after every other item and mined last.
    assertThat(got).hasSize(2);
    BridgeStats.DirectionStats s = bridge.stats().direction(Direction.V2_TO_V1);
    assertThat(s.bridged()).isEqualTo(2);
    assertThat(s.skipped("other-content-topic")).isEqualTo(1);
    assertThat(s.skipped("bad-content-topic")).isEqualTo(1);
    assertThat(s.skipped("unsupported-version")).isEqualTo(1);
    assertThat(s.skipped("duplicate")).isEqualTo(1);
    assertThat(s.dropped()).isEmpty();
    // Our own two emissions were seen by the v1 listener and not sent back.
    assertThat(bridge.stats().direction(Direction.V1_TO_V2).skipped("own-emission")).isEqualTo(2);
    assertThat(bridge.stats().bridged(Direction.V1_TO_V2)).isZero();
    assertThat(atV2).isEmpty();
  }

  private static int meshSize(WakuV2Node n) {
    return n.relay()
        .gossipsub()
        .call(() -> n.relay().gossipsub().router().meshPeers(PUBSUB.toString()).size())
        .join();
  }
}

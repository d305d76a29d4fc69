package dev.causeway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.testing.Await;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.waku.WakuV1Config;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code causeway bridge} in its own JVM between a Waku v1 node and a Waku v2 node of this test,
 * wired by the bridge's flags ({@code --staticnode-*} are not needed: the test's nodes dial the
 * addresses of the {@code started} line): an envelope crosses to v2 and a message crosses to v1
 * with their bytes unchanged (spec bridge-mapping.md §2–§4), and the status lines count them. Needs
 * the real bridge-core (the temporary stand-in bridges nothing, and then this test fails).
 */
class BridgeCrossingIT {
  private static final long TIMEOUT_S = 60;

  @TempDir Path tmp;

  @Test
  void anEnvelopeAndAMessageCrossTheBridgeProcess() throws Exception {
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    Topic topic = Topic.fromHex("1a2b3c4d");
    String contentTopic = "/waku/1/0x1a2b3c4d/rfc26";
    try (BridgeProcess bridge =
        BridgeProcess.start(
            tmp,
            Map.of(),
            "--listen-address=127.0.0.1",
            "--devp2p-tcp-port=0",
            "--libp2p-tcp-port=0",
            "--status-interval=PT0.2S")) {
      Map<String, Object> started = bridge.nextLine(TIMEOUT_S);
      assertThat(started).as("started; %s", bridge.stderr()).containsEntry("type", "started");
      Enode bridgeV1 = Enode.parse((String) started.get("enode"));
      @SuppressWarnings("unchecked")
      Multiaddr bridgeV2 = Multiaddr.parse(((List<String>) started.get("addrs")).get(0));

      LinkedBlockingQueue<Envelope> atV1 = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<WakuMessage> atV2 = new LinkedBlockingQueue<>();
      Devp2pConfig dev =
          Devp2pConfig.defaults(Secp256k1.KeyPair.random(random), "127.0.0.1", 0)
              .withStaticPeers(List.of(bridgeV1))
              .withIoThreads(1);
      try (WakuV1Node v1 =
              new WakuV1Node(WakuV1Config.defaults(dev), new SimpleMeterRegistry(), clock, random);
          WakuV2Node v2 =
              new WakuV2Node(
                  WakuV2Config.defaults(
                          Keys.generateSecp256k1(random),
                          List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                          List.of(PubsubTopic.DEFAULT))
                      .withStaticNodes(List.of(bridgeV2)),
                  new SimpleMeterRegistry(),
                  clock,
                  random)) {
        v1.addListener(
            (e, pow, from) -> {
              if (from != null) {
                atV1.add(e);
              }
            });
        v1.start();
        v2.start();
        v2.subscribe(PubsubTopic.DEFAULT, (t, m, h) -> atV2.add(m))
            .get(TIMEOUT_S, TimeUnit.SECONDS);
        v1.whenActivePeers(1).get(TIMEOUT_S, TimeUnit.SECONDS);
        awaitSubscribed(v2, bridgeV2.peerId().orElseThrow());

        // v1 -> v2: the envelope's data becomes the payload, its topic the content topic.
        byte[] data = new byte[100];
        random.nextBytes(data);
        v1.post(topic, data, 60, 0.002).get(TIMEOUT_S, TimeUnit.SECONDS);
        WakuMessage m = atV2.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(m).as("message at v2; %s", bridge.stderr()).isNotNull();
        assertThat(m.contentTopic()).isEqualTo(contentTopic);
        assertThat(m.payload()).isEqualTo(data);
        assertThat(m.version()).isEqualTo(1);

        // v2 -> v1.
        byte[] payload = new byte[80];
        random.nextBytes(payload);
        Instant now = clock.instant();
        v2.publish(
                PubsubTopic.DEFAULT,
                WakuMessage.builder()
                    .payload(payload)
                    .contentTopic(contentTopic)
                    .version(1)
                    .timestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano())
                    .build())
            .get(TIMEOUT_S, TimeUnit.SECONDS);
        Envelope e = atV1.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(e).as("envelope at v1; %s", bridge.stderr()).isNotNull();
        assertThat(e.topic()).isEqualTo(topic);
        assertThat(e.data()).isEqualTo(payload);

        // The status lines count both.
        Map<String, Object> status;
        do {
          status = bridge.nextLine(TIMEOUT_S);
          assertThat(status).as("status line").isNotNull();
        } while (bridged(status, "v1_to_v2") < 1 || bridged(status, "v2_to_v1") < 1);
        assertThat(status).containsEntry("v1Peers", 1).containsEntry("v2Peers", 1);
      }
      assertThat(bridge.sigterm()).isTrue();
      assertThat(bridge.process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
      assertThat(bridge.process.exitValue()).isZero();
    }
  }

  @SuppressWarnings("unchecked")
  private static long bridged(Map<String, Object> status, String direction) {
    return ((Number) ((Map<String, Object>) status.get(direction)).get("bridged")).longValue();
  }

  /** Waits (bounded) until the bridge's v2 node is subscribed to the topic on our router. */
  private static void awaitSubscribed(WakuV2Node n, PeerId peer) throws Exception {
    GossipsubService g = n.relay().gossipsub();
    Await.until(
        Duration.ofSeconds(TIMEOUT_S),
        "the bridge's v2 node subscribed on our router",
        () ->
            g.call(() -> g.router().topicPeers(PubsubTopic.DEFAULT.toString()))
                .join()
                .contains(peer));
  }
}

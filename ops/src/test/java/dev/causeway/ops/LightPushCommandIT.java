package dev.causeway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.testing.Await;
import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.lightpush.LightPushConfig;
import dev.causeway.v2.lightpush.LightPushService;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code causeway lightpush} against an in-process service node (a {@link WakuV2Node} on cluster 1
 * with {@link LightPushService} mounted) that relays to a second node, on loopback: v3 with and
 * without a pubsub topic, v2, a refusal and a usage error. The relay peer receives what was pushed
 * with the hash the command printed.
 */
class LightPushCommandIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CONTENT = "/causeway/1/lightpush-cli/proto";
  private static final PubsubTopic TOPIC =
      Autosharding.theWakuNetwork().pubsubTopic(parse(CONTENT));

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final LinkedBlockingQueue<MessageHash> received = new LinkedBlockingQueue<>();
  private WakuV2Node service;

  private static ContentTopic parse(String t) {
    try {
      return ContentTopic.parse(t);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private WakuV2Node node(List<Multiaddr> statics, String listen) throws Exception {
    WakuV2Config cfg =
        TestRelays.config(List.of(Multiaddr.parse(listen)), statics, TOPIC).withClusterId(1);
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), Clock.systemUTC(), RANDOM);
    closeables.add(n);
    return n;
  }

  @BeforeEach
  void startNodes() throws Exception {
    service = node(List.of(), "/ip4/127.0.0.1/tcp/0/ws");
    closeables.add(
        LightPushService.mount(
            service.host(),
            service.relay(),
            LightPushConfig.builder().autosharding(Autosharding.theWakuNetwork()).build(),
            new SimpleMeterRegistry(),
            Clock.systemUTC()));
    service.start();
    WakuV2Node peer = node(List.of(service.listenAddresses().get(0)), "/ip4/127.0.0.1/tcp/0");
    peer.start();
    peer.subscribe(TOPIC, (t, m, h) -> received.add(h)).get(10, TimeUnit.SECONDS);
    GossipsubService g = service.relay().gossipsub();
    Await.until(
        Duration.ofSeconds(20),
        "the service sees the relay peer on the topic",
        () -> g.call(() -> g.router().topicPeers(TOPIC.toString())).join().contains(peer.peerId()));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String line) throws Exception {
    return MAPPER.readValue(line, Map.class);
  }

  private String peerAddress() {
    return service.listenAddresses().get(0).toString();
  }

  @Test
  void v3PushIsRelayedWithThePrintedHash() throws Exception {
    CliRun.Result r =
        CliRun.run(
            "lightpush",
            "--peer=" + peerAddress(),
            "--pubsub-topic=" + TOPIC,
            "--content-topic=" + CONTENT,
            "--payload=hello over light push");
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> out = json(r.out());
    assertThat(out)
        .containsEntry("type", "lightpush")
        .containsEntry("version", "v3")
        .containsEntry("statusCode", 200)
        .containsEntry("success", true)
        .containsEntry("relayPeerCount", 1)
        .containsEntry("pubsubTopic", TOPIC.toString())
        .containsEntry("peer", service.peerId().toBase58());
    assertThat(received.poll(20, TimeUnit.SECONDS).to0xHex()).isEqualTo(out.get("hash"));
  }

  @Test
  void v2PushWithHexPayloadAndAutoshardedV3Push() throws Exception {
    CliRun.Result v2 =
        CliRun.run(
            "lightpush",
            "--peer=" + peerAddress(),
            "--pubsub-topic=" + TOPIC,
            "--content-topic=" + CONTENT,
            "--payload=0xdeadbeef",
            "--v2");
    assertThat(v2.code()).as(v2.err()).isZero();
    Map<String, Object> out = json(v2.out());
    assertThat(out).containsEntry("version", "v2").containsEntry("statusDesc", "OK");
    assertThat(received.poll(20, TimeUnit.SECONDS).to0xHex()).isEqualTo(out.get("hash"));

    CliRun.Result auto =
        CliRun.run(
            "lightpush",
            "--peer=" + peerAddress(),
            "--content-topic=" + CONTENT,
            "--payload=" + new String(new byte[] {'a', 'u', 't', 'o'}, StandardCharsets.UTF_8));
    assertThat(auto.code()).as(auto.err()).isZero();
    assertThat(json(auto.out())).containsEntry("statusCode", 200).containsEntry("hash", null);
    assertThat(received.poll(20, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void refusalIsPrintedWithExitCode4() throws Exception {
    CliRun.Result r =
        CliRun.run(
            "lightpush",
            "--peer=" + peerAddress(),
            "--pubsub-topic=/waku/2/rs/1/999",
            "--content-topic=" + CONTENT,
            "--payload=nobody relays this");
    assertThat(r.code()).isEqualTo(4);
    assertThat(json(r.out()))
        .containsEntry("statusCode", 505)
        .containsEntry("success", false)
        .containsEntry("statusDesc", "No peers for topic, skipping publish");
  }

  @Test
  void v2WithoutTopicIsAUsageError() {
    CliRun.Result r =
        CliRun.run(
            "lightpush",
            "--peer=" + peerAddress(),
            "--content-topic=" + CONTENT,
            "--payload=x",
            "--v2");
    assertThat(r.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(r.err()).contains("--v2 needs --pubsub-topic");
    assertThat(r.out()).isEmpty();
  }
}

package dev.causeway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.testing.Await;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.filter.FilterConfig;
import dev.causeway.v2.filter.FilterMetrics;
import dev.causeway.v2.filter.FilterService;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code filter-subscribe} against an in-process filter service node on loopback: prints a {@code
 * subscribed} line, then each message a relay peer publishes on its content topic with the right
 * hash, and keeps its subscription alive with pings.
 */
class FilterSubscribeCommandIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(0, 0);
  private static final String CT = "/causeway/1/filter-cli/proto";
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String line) throws IOException {
    assertThat(line).as("a JSON line").isNotNull();
    return MAPPER.readValue(line, Map.class);
  }

  private WakuV2Node node(List<Multiaddr> staticNodes, boolean listen) throws Exception {
    WakuV2Config cfg =
        TestRelays.config(
            listen ? List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")) : List.of(),
            staticNodes,
            TOPIC);
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), Clock.systemUTC(), RANDOM);
    closeables.add(n);
    return n;
  }

  @Test
  void printsPushedMessagesAndKeepsTheSubscriptionAlive() throws Exception {
    WakuV2Node service = node(List.of(), true);
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
    Multiaddr addr = service.listenAddresses().get(0);
    WakuV2Node publisher = node(List.of(addr), false);
    publisher.start();
    Await.until(
        Duration.ofSeconds(30),
        "the publisher meshed with the service",
        () -> meshSize(publisher) > 0);

    CliRun.Running cmd =
        CliRun.start(
            "filter-subscribe",
            "--peer=" + addr,
            "--pubsub-topic=" + TOPIC,
            "--content-topic=" + CT,
            "--keep-alive=PT0.5S",
            "--duration=PT8S");
    BufferedReader out = cmd.out();
    Map<String, Object> subscribed = json(out.readLine());
    assertThat(subscribed)
        .containsEntry("type", "subscribed")
        .containsEntry("peer", service.peerId().toBase58())
        .containsEntry("pubsubTopic", TOPIC.toString())
        .containsEntry("contentTopics", List.of(CT));

    Instant now = Clock.systemUTC().instant();
    WakuMessage m =
        WakuMessage.of(
            "hello filter".getBytes(StandardCharsets.UTF_8),
            CT,
            now.getEpochSecond() * 1_000_000_000L + now.getNano());
    MessageHash h = publisher.publish(TOPIC, m).get(30, TimeUnit.SECONDS);
    Map<String, Object> message = json(out.readLine());
    assertThat(message)
        .containsEntry("type", "message")
        .containsEntry("hash", h.to0xHex())
        .containsEntry("pubsubTopic", TOPIC.toString())
        .containsEntry("contentTopic", CT)
        .containsEntry("payload", "hello filter");
    Await.until(
        Duration.ofSeconds(30),
        "two answered subscriber pings",
        () -> filter.metrics().requests(FilterMetrics.RequestType.SUBSCRIBER_PING, 200) >= 2);
    assertThat(cmd.exit().get(60, TimeUnit.SECONDS)).as(cmd.err().toString()).isZero();
    out.close();
  }

  @Test
  void missingPeerOrContentTopicIsAUsageError() {
    CliRun.Result r = CliRun.run("filter-subscribe", "--content-topic=" + CT);
    assertThat(r.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(r.err()).contains("--peer");
  }

  private static int meshSize(WakuV2Node n) {
    return n.relay()
        .gossipsub()
        .call(() -> n.relay().gossipsub().router().meshPeers(TOPIC.toString()).size())
        .join();
  }
}

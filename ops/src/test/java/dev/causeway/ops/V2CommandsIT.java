package dev.causeway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.ContentTopic;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code v2-node} prints what {@code v2-publish} sends it, with the hash the publisher computed; on
 * loopback, in-process, over TCP and WebSocket, on the default topic and on an autosharded one.
 * nwaku flags we do not implement are warned about and ignored; malformed known flags fail.
 */
class V2CommandsIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String NODE_KEY =
      "1122334455667788990011223344556677889900112233445566778899001122";
  private static final String CONTENT_TOPIC = "/causeway/1/v2-cli/proto";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String line) throws IOException {
    assertThat(line).as("a JSON line").isNotNull();
    return MAPPER.readValue(line, Map.class);
  }

  /** A {@code v2-node} running on its own thread, its stdout readable line by line. */
  private static CliRun.Running startNode(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("v2-node"));
    all.addAll(List.of(args));
    return CliRun.start(all.toArray(String[]::new));
  }

  @SuppressWarnings("unchecked")
  private static String address(Map<String, Object> listening, boolean ws) {
    return ((List<String>) listening.get("addrs"))
        .stream().filter(a -> a.contains("/ws/") == ws).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "cluster {0} over {1}")
  @CsvSource({"0, tcp", "1, ws"})
  void publishedMessageIsPrintedByTheNodeWithTheSameHash(int cluster, String transport)
      throws Exception {
    CliRun.Running node =
        startNode(
            "--listen-address=127.0.0.1",
            "--tcp-port=0",
            "--websocket-support=true",
            "--websocket-port=0",
            "--cluster-id=" + cluster,
            "--nodekey=" + NODE_KEY,
            "--log-level=INFO",
            "--duration=PT15S");
    Map<String, Object> listening = json(node.out().readLine());
    assertThat(listening).containsEntry("type", "listening");
    String expectedId =
        PeerId.fromPublicKey(Keys.secp256k1(HexFormat.of().parseHex(NODE_KEY)).publicKey())
            .toBase58();
    assertThat(listening).containsEntry("peerId", expectedId);
    // Cluster 0 relays the default topic, cluster 1 the 8 shards of The Waku Network.
    String topic =
        cluster == 0
            ? "/waku/2/default-waku/proto"
            : Autosharding.theWakuNetwork()
                .pubsubTopic(ContentTopic.parse(CONTENT_TOPIC))
                .toString();
    assertThat((List<Object>) listening.get("pubsubTopics"))
        .hasSize(cluster == 0 ? 1 : 8)
        .contains(topic);

    String text = "hello v2 over " + transport;
    CliRun.Result published =
        CliRun.run(
            "v2-publish",
            "--staticnode=" + address(listening, "ws".equals(transport)),
            "--cluster-id=" + cluster,
            "--content-topic=" + CONTENT_TOPIC,
            "--message=" + text,
            "--timeout=PT30S");
    assertThat(published.code()).as(published.err()).isZero();
    Map<String, Object> pub = json(published.out());
    assertThat(pub).containsEntry("type", "published").containsEntry("pubsubTopic", topic);
    long sent = ((Number) pub.get("timestamp")).longValue();
    assertThat(sent).isPositive();

    Map<String, Object> message = json(node.out().readLine());
    assertThat(message)
        .containsEntry("type", "message")
        .containsEntry("hash", pub.get("hash"))
        .containsEntry("pubsubTopic", topic)
        .containsEntry("contentTopic", CONTENT_TOPIC)
        .containsEntry("payload", text)
        .containsEntry("version", 0)
        .doesNotContainKey("meta");
    assertThat(((Number) message.get("timestamp")).longValue()).isEqualTo(sent);
    // The node stops by itself at the end of its --duration and exits cleanly.
    assertThat(node.exit().get(60, TimeUnit.SECONDS)).isZero();
    node.out().close();
  }

  @SuppressWarnings("unchecked")
  @Test
  void serviceNodeArchivesWhatItRelaysAndAnswersStoreQueries(@TempDir Path dir) throws Exception {
    String db = "sqlite://" + dir.resolve("store.sqlite3").toAbsolutePath();
    CliRun.Running node =
        startNode(
            "--listen-address=127.0.0.1",
            "--tcp-port=0",
            "--websocket-port=0",
            "--cluster-id=2",
            "--shard=1",
            "--store",
            "--store-message-db-url=" + db,
            "--store-message-retention-policy=capacity:1000",
            "--filter",
            "--lightpush",
            "--duration=PT20S");
    Map<String, Object> listening = json(node.out().readLine());
    assertThat((List<Object>) listening.get("services"))
        .containsExactly("store", "filter", "lightpush");
    // Light clients come over WebSocket: on by default for a service node.
    assertThat(address(listening, true)).contains("/ws/");

    CliRun.Result published =
        CliRun.run(
            "v2-publish",
            "--staticnode=" + address(listening, false),
            "--cluster-id=2",
            "--shard=1",
            "--content-topic=" + CONTENT_TOPIC,
            "--message=archive me",
            "--timeout=PT30S");
    assertThat(published.code()).as(published.err()).isZero();
    String hash = (String) json(published.out()).get("hash");
    assertThat(json(node.out().readLine())).containsEntry("hash", hash);

    // The archive commits in batches: ask until the message is there (bounded by the timeout).
    CliRun.Result found = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      found =
          CliRun.run(
              "store-query",
              "--peer=" + address(listening, false),
              "--cluster-id=2",
              "--pubsub-topic=/waku/2/rs/2/1",
              "--content-topic=" + CONTENT_TOPIC,
              "--timeout=PT10S");
      if (found.code() == 0 && found.out().contains(hash)) {
        break;
      }
    }
    assertThat(found).isNotNull();
    assertThat(found.code()).as(found.err()).isZero();
    assertThat(found.out()).contains(hash).contains("\"type\":\"message\"");
    assertThat(node.exit().get(60, TimeUnit.SECONDS)).isZero();
    node.out().close();
  }

  @Test
  void publishGivesUpWhenThePeerDoesNotRelayTheTopic() throws Exception {
    CliRun.Running node =
        startNode("--listen-address=127.0.0.1", "--tcp-port=0", "--duration=PT8S");
    Map<String, Object> listening = json(node.out().readLine());
    CliRun.Result r =
        CliRun.run(
            "v2-publish",
            "--staticnode=" + address(listening, false),
            "--shard=5",
            "--content-topic=" + CONTENT_TOPIC,
            "--message=nobody listens",
            "--timeout=PT2S");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("no static node subscribed to /waku/2/rs/0/5");
    assertThat(node.exit().get(60, TimeUnit.SECONDS)).isZero();
    node.out().close();
  }

  @Test
  void unknownNwakuFlagsAreWarnedAboutAndIgnored() throws Exception {
    CliRun.Running node =
        startNode(
            "--peer-exchange=true",
            "--rest=true",
            "--metrics-server=true",
            "--dns-discovery",
            "true",
            "--max-connections=50",
            "--listen-address=127.0.0.1",
            "--tcp-port=0",
            "--duration=PT1S");
    Map<String, Object> listening = json(node.out().readLine());
    assertThat(listening).containsEntry("type", "listening");
    assertThat(node.exit().get(60, TimeUnit.SECONDS)).isZero();
    node.out().close();
    assertThat(node.err().toString())
        .contains("ignoring option --peer-exchange=true")
        .contains("ignoring option --rest=true")
        .contains("ignoring option --metrics-server=true")
        .contains("ignoring option --dns-discovery=true")
        .contains("ignoring option --max-connections=50");
  }

  @Test
  void malformedKnownFlagIsAUsageError() {
    CliRun.Result r = CliRun.run("v2-node", "--tcp-port=abc", "--peer-exchange=true");
    assertThat(r.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(r.err()).contains("--tcp-port").contains("abc").contains("Usage:");
    assertThat(r.out()).isEmpty();

    CliRun.Result stray = CliRun.run("v2-node", "--tcp-port=0", "--peer-exchange=true", "extra");
    assertThat(stray.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(stray.err()).contains("unexpected argument(s): extra");

    CliRun.Result wrongCluster =
        CliRun.run(
            "v2-publish",
            "--pubsub-topic=/waku/2/rs/1/0",
            "--content-topic=/a/1/b/c",
            "--message=x",
            "--staticnode=/ip4/127.0.0.1/tcp/1/p2p/"
                + PeerId.fromPublicKey(
                    Keys.secp256k1(HexFormat.of().parseHex(NODE_KEY)).publicKey()));
    assertThat(wrongCluster.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(wrongCluster.err()).contains("belongs to cluster 1 but --cluster-id is 0");
  }
}

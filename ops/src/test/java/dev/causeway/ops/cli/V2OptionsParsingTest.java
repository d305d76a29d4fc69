package dev.causeway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.peer.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Command-line parsing of the v2 commands, without starting anything. */
class V2OptionsParsingTest {
  private static final String PEER =
      PeerId.fromPublicKey(
              Keys.secp256k1(
                      new byte[] {
                        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                        17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
                      })
                  .publicKey())
          .toBase58();

  private static V2NodeCommand parseNode(String... args) {
    V2NodeCommand c = new V2NodeCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void defaultsFollowNwaku() {
    V2NodeCommand c = parseNode();
    assertThat(c.tcpPort).isEqualTo(60000);
    assertThat(c.websocketPort).isEqualTo(8000);
    assertThat(c.websocketEnabled()).isFalse();
    assertThat(c.store).isFalse();
    assertThat(c.filter).isFalse();
    assertThat(c.lightpush).isFalse();
    assertThat(c.relay).isTrue();
    assertThat(c.listenAddress).isEqualTo("0.0.0.0");
    assertThat(c.node.clusterId).isZero();
    assertThat(c.node.nodeKey).isNull();
  }

  @Test
  void booleansTakeNwakusEqualsFormOrStandAlone() {
    V2NodeCommand c = parseNode("--websocket-support=true", "--relay=false");
    assertThat(c.websocketSupport).isTrue();
    assertThat(c.relay).isFalse();
    assertThat(parseNode("--websocket-support").websocketSupport).isTrue();
  }

  @Test
  void serviceFlagsFollowNwakuAndTurnWebSocketOnUnlessTurnedOff() {
    V2NodeCommand c =
        parseNode(
            "--store",
            "--store-message-db-url=postgres://u:p@127.0.0.1:5432/waku",
            "--store-message-retention-policy=capacity:1000",
            "--store-max-page-size=50",
            "--filter=true",
            "--lightpush");
    assertThat(c.websocketEnabled()).isTrue();
    assertThat(c.services().storeDbUrl()).contains("postgres://u:p@127.0.0.1:5432/waku");
    assertThat(c.services().retentionPolicy()).isEqualTo("capacity:1000");
    assertThat(c.services().storeMaxPageSize()).isEqualTo(50);
    assertThat(c.services().filter()).isTrue();
    assertThat(c.services().lightpush()).isTrue();
    assertThat(parseNode("--filter", "--websocket-support=false").websocketEnabled()).isFalse();
    assertThat(parseNode("--store=false").services().storeDbUrl()).isEmpty();
    assertThat(parseNode().services().retentionPolicy()).isEqualTo("time:172800");
  }

  @Test
  void unknownOptionsAreCollectedNotRefused() {
    V2NodeCommand c =
        parseNode(
            "--peer-exchange=true", "--tcp-port=0", "--rest", "false", "--metrics-server=true");
    assertThat(c.tcpPort).isZero();
    assertThat(c.unmatched)
        .containsExactly("--peer-exchange=true", "--rest", "false", "--metrics-server=true");
  }

  @Test
  void repeatableOptionsAccumulate() {
    V2NodeCommand c =
        parseNode(
            "--shard=0",
            "--shard=5",
            "--content-topic=/a/1/b/proto",
            "--staticnode=/ip4/127.0.0.1/tcp/60000/ws/p2p/" + PEER);
    assertThat(c.node.shards).containsExactly(0, 5);
    assertThat(c.node.contentTopics).hasSize(1);
    assertThat(c.node.staticNodes).hasSize(1);
    assertThat(c.node.staticNodes.get(0).isWebSocket()).isTrue();
  }

  @Test
  void beginWarnsAboutIgnoredOptionsOnTheCommandsStderr() {
    V2PublishCommand c = new V2PublishCommand();
    CommandLine cli = new CommandLine(c);
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));
    cli.parseArgs("--message=m", "--rest=true", "--metrics-server");
    assertThat(c.node.begin(c.spec, c.unmatched)).isSameAs(cli.getErr());
    String nl = System.lineSeparator();
    assertThat(err.toString())
        .isEqualTo(
            "WARNING: v2-publish: ignoring option --rest=true (not implemented by causeway yet)"
                + nl
                + "WARNING: v2-publish: ignoring option --metrics-server (not implemented by"
                + " causeway yet)"
                + nl);
  }

  @Test
  void beginRefusesAStrayArgument() {
    V2PublishCommand c = new V2PublishCommand();
    new CommandLine(c).parseArgs("--message=m", "oops");
    assertThatThrownBy(() -> c.node.begin(c.spec, c.unmatched))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("oops");
  }

  @Test
  void nwakuLogLevelsMapOntoLogback() {
    assertThat(parseNode("--log-level=notice").node.logLevel).isEqualTo(Level.INFO);
    assertThat(parseNode("--log-level=FATAL").node.logLevel).isEqualTo(Level.ERROR);
    assertThat(parseNode("--log-level=debug").node.logLevel).isEqualTo(Level.DEBUG);
  }

  @Test
  void malformedKnownOptionsAreRefused() {
    for (List<String> bad :
        List.of(
            List.of("--tcp-port=abc"),
            List.of("--tcp-port=70000"),
            List.of("--websocket-support=maybe"),
            List.of("--nodekey=xyz"),
            List.of("--nodekey=00"),
            List.of("--nodekey=" + "00".repeat(32)),
            List.of("--shard=1024"),
            List.of("--cluster-id=-1"),
            List.of("--pubsub-topic=/waku/2/rs/01/0"),
            List.of("--content-topic=nope"),
            List.of("--staticnode=/ip4/127.0.0.1/tcp/60000"),
            List.of("--listen-address=example.org"),
            List.of("--log-level=LOUD"),
            List.of("--duration=soon"))) {
      assertThatThrownBy(() -> parseNode(bad.toArray(String[]::new)))
          .as(bad.toString())
          .isInstanceOf(CommandLine.ParameterException.class)
          .hasMessageContaining(bad.get(0).substring(0, bad.get(0).indexOf('=')));
    }
  }

  @Test
  void publishRequiresAMessage() {
    assertThatThrownBy(
            () -> new CommandLine(new V2PublishCommand()).parseArgs("--content-topic=/a/1/b/c"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--message");
  }
}

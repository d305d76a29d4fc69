package dev.causeway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.ops.config.ConfigException;
import dev.causeway.ops.config.LayeredConfig;
import dev.causeway.v2.core.PubsubTopic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code causeway bridge} settings: option defaults &lt; config file (TOML, YAML) &lt; {@code
 * CAUSEWAY_*} environment &lt; flags, per option, lists replaced and not merged; unknown file keys
 * and bad values are errors naming their source.
 */
class BridgeOptionsTest {
  private static final String KEY_1 =
      "0101010101010101010101010101010101010101010101010101010101010101";
  private static final String PEER_3 = "16Uiu2HAm12A2heuphsgWqFjE3jcHVXNBfte9HU1fuQYRSKh6JSpN";
  private static final String PEER_2 = "16Uiu2HAkzdQ5Y9SYT91K1ue5SxXwgmajXntfScGnLYeip5hHyWmT";

  @TempDir Path tmp;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(BridgeOptionsTest.class.getResource("/config/" + name).toURI());
  }

  /** Parses {@code causeway bridge <args>} and resolves the settings against {@code env}. */
  private static BridgeOptions resolve(Map<String, String> env, String... args)
      throws ConfigException {
    CommandLine cli = new CommandLine(new CausewayCommand());
    List<String> all = new ArrayList<>(List.of("bridge"));
    all.addAll(List.of(args));
    CommandLine.ParseResult parsed = cli.parseArgs(all.toArray(String[]::new));
    BridgeCommand command = (BridgeCommand) parsed.subcommand().commandSpec().userObject();
    command.env = env;
    return command.resolve();
  }

  private record Run(int code, String out, String err) {}

  private static Run execute(Map<String, String> env, String... args) {
    CausewayCommand root = new CausewayCommand();
    CommandLine cli = new CommandLine(root);
    ((BridgeCommand) cli.getSubcommands().get("bridge").getCommand()).env = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("bridge"));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static List<String> strings(List<?> values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.toString()));
    return out;
  }

  @Test
  void defaultsAreNwakuBridgeDefaults() throws Exception {
    BridgeOptions o = resolve(Map.of());
    assertThat(o.listenAddress).isEqualTo("0.0.0.0");
    assertThat(o.devp2pTcpPort).isEqualTo(30303);
    assertThat(o.libp2pTcpPort).isEqualTo(9000);
    assertThat(o.wakuV1Pow).isEqualTo(0.002);
    assertThat(o.topics()).containsExactly(PubsubTopic.DEFAULT);
    assertThat(o.clusterId()).isZero();
    assertThat(o.nodeKeyV1).isNull();
    assertThat(o.nodeKeyV2).isNull();
    assertThat(o.staticNodesV1).isEmpty();
    assertThat(o.staticNodesV2).isEmpty();
    // Tuning left to the bridge's own defaults.
    assertThat(o.v2ToV1Ttl).isNull();
    assertThat(o.powFloor).isNull();
    assertThat(o.dedupWindow).isNull();
    assertThat(o.queueCapacity).isNull();
    assertThat(o.miningThreads).isNull();
    assertThat(o.restampOutOfTolerance).isNull();
    assertThat(o.bridgeConfig().restampOutOfTolerance()).isFalse();
    assertThat(o.statusInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.duration()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bridge.toml", "bridge.yaml"})
  void configFileSetsEveryOption(String file) throws Exception {
    BridgeOptions o = resolve(Map.of(), "--config-file=" + resource(file));
    assertThat(o.listenAddress).isEqualTo("127.0.0.1");
    assertThat(Hex.encode(o.nodeKeyV1.publicKey())).startsWith("1b84c556");
    assertThat(o.nodeKeyV2).isNotNull();
    assertThat(o.devp2pTcpPort).isEqualTo(30304);
    assertThat(o.libp2pTcpPort).isEqualTo(9001);
    assertThat(o.staticNodesV1).hasSize(1);
    assertThat(o.staticNodesV1.get(0).port()).isEqualTo(30305);
    assertThat(strings(o.staticNodesV2))
        .containsExactly(
            "/ip4/127.0.0.1/tcp/9002/p2p/" + PEER_3, "/ip4/127.0.0.1/tcp/9003/p2p/" + PEER_2);
    assertThat(strings(o.topics())).containsExactly("/waku/2/rs/16/32", "/waku/2/rs/16/64");
    assertThat(o.clusterId()).isEqualTo(16);
    assertThat(o.wakuV1Pow).isEqualTo(0.01);
    assertThat(o.v2ToV1Ttl).isEqualTo(10L);
    assertThat(o.powFloor).isEqualTo(0.5);
    assertThat(o.timestampTolerance).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.restampOutOfTolerance).isTrue();
    assertThat(o.dedupWindow).isEqualTo(Duration.ofMinutes(10));
    assertThat(o.dedupMaxEntries).isEqualTo(50_000);
    assertThat(o.queueCapacity).isEqualTo(2048);
    assertThat(o.miningThreads).isEqualTo(2);
    assertThat(o.statusInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.logLevel).hasToString("DEBUG");
  }

  @Test
  void environmentOverridesTheFileAndFlagsOverrideBoth() throws Exception {
    Map<String, String> env =
        Map.of(
            "CAUSEWAY_DEVP2P_TCP_PORT", "30310",
            "CAUSEWAY_LIBP2P_TCP_PORT", "9010",
            "CAUSEWAY_STATICNODE_V2", "/ip4/10.0.0.1/tcp/1/p2p/" + PEER_2,
            "CAUSEWAY_POW_FLOOR", "0.25");
    BridgeOptions o =
        resolve(
            env,
            "--config-file=" + resource("bridge.toml"),
            "--libp2p-tcp-port=9020",
            "--bridge-pubsub-topic=/waku/2/rs/16/7");
    assertThat(o.devp2pTcpPort).as("env over file").isEqualTo(30310);
    assertThat(o.libp2pTcpPort).as("flag over env and file").isEqualTo(9020);
    assertThat(strings(o.staticNodesV2))
        .as("an env list replaces the file's list")
        .containsExactly("/ip4/10.0.0.1/tcp/1/p2p/" + PEER_2);
    assertThat(strings(o.topics()))
        .as("a flag list replaces the file's list")
        .containsExactly("/waku/2/rs/16/7");
    assertThat(o.powFloor).as("env over file").isEqualTo(0.25);
    assertThat(o.v2ToV1Ttl).as("file over default").isEqualTo(10L);
    assertThat(o.listenAddress).as("file over default").isEqualTo("127.0.0.1");
  }

  @Test
  void restampOutOfToleranceIsLayeredAndReachesTheBridgeConfig() throws Exception {
    assertThat(
            resolve(Map.of(), "--restamp-out-of-tolerance").bridgeConfig().restampOutOfTolerance())
        .as("the bare flag")
        .isTrue();
    assertThat(
            resolve(Map.of(), "--config-file=" + resource("bridge.toml"))
                .bridgeConfig()
                .restampOutOfTolerance())
        .as("file")
        .isTrue();
    assertThat(
            resolve(
                    Map.of("CAUSEWAY_RESTAMP_OUT_OF_TOLERANCE", "false"),
                    "--config-file=" + resource("bridge.toml"))
                .bridgeConfig()
                .restampOutOfTolerance())
        .as("env over file")
        .isFalse();
    assertThat(
            resolve(
                    Map.of("CAUSEWAY_RESTAMP_OUT_OF_TOLERANCE", "false"),
                    "--restamp-out-of-tolerance=true")
                .bridgeConfig()
                .restampOutOfTolerance())
        .as("flag over env")
        .isTrue();
    assertThatThrownBy(() -> resolve(Map.of("CAUSEWAY_RESTAMP_OUT_OF_TOLERANCE", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CAUSEWAY_RESTAMP_OUT_OF_TOLERANCE");
  }

  @Test
  void environmentOverridesDefaultsWithoutAFile() throws Exception {
    BridgeOptions o =
        resolve(
            Map.of(
                "CAUSEWAY_BRIDGE_PUBSUB_TOPIC", "/waku/2/rs/1/0, /waku/2/rs/1/1",
                "CAUSEWAY_NODEKEY_V1", KEY_1,
                "UNRELATED", "x",
                "CAUSEWAY_SOMETHING_ELSE", "ignored"));
    assertThat(strings(o.topics())).containsExactly("/waku/2/rs/1/0", "/waku/2/rs/1/1");
    assertThat(o.clusterId()).isEqualTo(1);
    assertThat(Hex.encode(o.nodeKeyV1.publicKey())).startsWith("1b84c556");
  }

  @Test
  void emptyEnvironmentListClearsTheFileListAndEmptyScalarIsUnset() throws Exception {
    BridgeOptions o =
        resolve(
            Map.of("CAUSEWAY_STATICNODE_V2", "", "CAUSEWAY_DEVP2P_TCP_PORT", ""),
            "--config-file=" + resource("bridge.toml"));
    assertThat(o.staticNodesV2).isEmpty();
    assertThat(o.devp2pTcpPort).isEqualTo(30304);
  }

  @Test
  void configFileCanBeNamedByTheEnvironment() throws Exception {
    BridgeOptions o = resolve(Map.of("CAUSEWAY_CONFIG_FILE", resource("bridge.yaml").toString()));
    assertThat(o.libp2pTcpPort).isEqualTo(9001);
    // The flag names another file, and wins.
    Path other = Files.writeString(tmp.resolve("other.toml"), "libp2p-tcp-port = 9100\n");
    BridgeOptions p =
        resolve(
            Map.of("CAUSEWAY_CONFIG_FILE", resource("bridge.yaml").toString()),
            "--config-file=" + other);
    assertThat(p.libp2pTcpPort).isEqualTo(9100);
    assertThat(p.devp2pTcpPort).isEqualTo(30303);
  }

  @Test
  void unknownKeyIsAnErrorNamingTheKey() throws Exception {
    Path toml = Files.writeString(tmp.resolve("b.toml"), "tcp-port = 60000\n");
    assertThatThrownBy(() -> resolve(Map.of(), "--config-file=" + toml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'tcp-port'")
        .hasMessageContaining(toml.toString())
        .hasMessageContaining("devp2p-tcp-port");
    Path yaml = Files.writeString(tmp.resolve("b.yml"), "libp2p-tcp-port: 1\nfleet-v1: prod\n");
    assertThatThrownBy(() -> resolve(Map.of(), "--config-file=" + yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'fleet-v1'");
    // Through the command: a usage error (exit 2) naming the key, nothing started.
    Run r = execute(Map.of(), "--config-file=" + toml);
    assertThat(r.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(r.err()).contains("unknown key 'tcp-port'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void badValuesNameTheirSource() throws Exception {
    Path toml = Files.writeString(tmp.resolve("b.toml"), "devp2p-tcp-port = 70000\n");
    assertThatThrownBy(() -> resolve(Map.of(), "--config-file=" + toml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--devp2p-tcp-port")
        .hasMessageContaining("70000")
        .hasMessageContaining("config file " + toml + ", key 'devp2p-tcp-port'");
    assertThatThrownBy(() -> resolve(Map.of("CAUSEWAY_WAKU_V1_POW", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment variable CAUSEWAY_WAKU_V1_POW");
    assertThatThrownBy(() -> resolve(Map.of("CAUSEWAY_STATICNODE_V1", "enode://nope")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CAUSEWAY_STATICNODE_V1");
    Run flag = execute(Map.of(), "--dedup-window=10m");
    assertThat(flag.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(flag.err()).contains("--dedup-window").contains("ISO-8601");
  }

  @Test
  void malformedOrStructuredFilesAreRefused() throws Exception {
    Path table = Files.writeString(tmp.resolve("t.toml"), "[v1]\ndevp2p-tcp-port = 1\n");
    assertThatThrownBy(() -> resolve(Map.of(), "--config-file=" + table))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'v1'")
        .hasMessageContaining("not a table");
    Path twoPorts = Files.writeString(tmp.resolve("p.yaml"), "devp2p-tcp-port: [1, 2]\n");
    assertThatThrownBy(() -> resolve(Map.of(), "--config-file=" + twoPorts))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'devp2p-tcp-port' takes one value");
    Path broken = Files.writeString(tmp.resolve("x.toml"), "devp2p-tcp-port = = 1\n");
    assertThatThrownBy(() -> resolve(Map.of(), "--config-file=" + broken))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid TOML");
    Path ini = Files.writeString(tmp.resolve("x.ini"), "devp2p-tcp-port=1\n");
    assertThatThrownBy(() -> resolve(Map.of(), "--config-file=" + ini))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown format");
    assertThatThrownBy(() -> resolve(Map.of(), "--config-file=" + tmp.resolve("missing.toml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read");
    Path empty = Files.writeString(tmp.resolve("empty.yaml"), "");
    assertThat(resolve(Map.of(), "--config-file=" + empty).devp2pTcpPort).isEqualTo(30303);
  }

  @Test
  void clusterFollowsTheShardTopicsAndMustAgree() throws Exception {
    assertThat(resolve(Map.of(), "--bridge-pubsub-topic=/waku/2/rs/16/32").clusterId())
        .isEqualTo(16);
    assertThat(
            resolve(Map.of(), "--bridge-pubsub-topic=/waku/2/rs/16/32", "--cluster-id=16")
                .clusterId())
        .isEqualTo(16);
    BridgeOptions mixed =
        resolve(
            Map.of(),
            "--bridge-pubsub-topic=/waku/2/rs/16/32",
            "--bridge-pubsub-topic=/waku/2/rs/1/0");
    assertThatThrownBy(mixed::clusterId).hasMessageContaining("several clusters");
    BridgeOptions wrong =
        resolve(Map.of(), "--bridge-pubsub-topic=/waku/2/rs/16/32", "--cluster-id=1");
    assertThatThrownBy(wrong::clusterId)
        .hasMessageContaining("belongs to cluster 16 but --cluster-id is 1");
    Run r = execute(Map.of(), "--bridge-pubsub-topic=/waku/2/rs/16/32", "--cluster-id=1");
    assertThat(r.code()).isEqualTo(CommandLine.ExitCode.USAGE);
  }

  @Test
  void theDocumentedExampleIsValid() throws Exception {
    Path example = Path.of("..", "docs", "bridge.example.toml");
    BridgeOptions o = resolve(Map.of(), "--config-file=" + example);
    assertThat(o.devp2pTcpPort).isEqualTo(30303);
    assertThat(o.topics()).containsExactly(PubsubTopic.DEFAULT);
    assertThat(o.restampOutOfTolerance).isFalse();
    // Its header documents the environment form of the keys.
    assertThat(Files.readString(example)).contains("CAUSEWAY_DEVP2P_TCP_PORT");
  }

  @Test
  void environmentNamesAreUpperSnakeCase() {
    assertThat(LayeredConfig.envName("CAUSEWAY_", "--nodekey-v1")).isEqualTo("CAUSEWAY_NODEKEY_V1");
    assertThat(LayeredConfig.envName("CAUSEWAY_", "--v2-to-v1-ttl"))
        .isEqualTo("CAUSEWAY_V2_TO_V1_TTL");
    assertThat(LayeredConfig.key("--bridge-pubsub-topic")).isEqualTo("bridge-pubsub-topic");
  }
}

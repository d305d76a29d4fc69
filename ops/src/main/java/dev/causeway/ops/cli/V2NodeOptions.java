package dev.causeway.ops.cli;

import ch.qos.logback.classic.Level;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.PubsubTopic;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Options shared by the Waku v2 commands: identity, static peers, topics, log level. Names and
 * {@code --name=value} form follow nwaku's {@code wakunode2} where the concept matches, so an
 * operator's command line carries over. nwaku options we do not implement yet ({@code --store},
 * {@code --rest}, {@code --metrics-server}, ...) are collected by each command's {@code
 * Unmatched}-annotated field (picocli does not take that annotation from a mixin) and ignored with
 * a warning on stderr ({@link #checkUnmatched}); a malformed value of an option we do implement is
 * still a usage error, raised by picocli's converters before the command runs.
 *
 * <p>Topic flags are resolved by {@link V2Topics} (default on cluster 0: {@code
 * /waku/2/default-waku/proto}; see there).
 */
public final class V2NodeOptions {
  @Option(
      names = "--nodekey",
      paramLabel = "<hex>",
      converter = Converters.V2NodeKey.class,
      description = "secp256k1 private key, 64 hex digits (default: a fresh random key).")
  PrivKey nodeKey;

  @Option(
      names = "--staticnode",
      paramLabel = "<multiaddr>",
      converter = Converters.PeerAddress.class,
      description = "Peer to keep connected, /ip4/.../tcp/<port>[/ws]/p2p/<peer id> (repeatable).")
  List<Multiaddr> staticNodes = new ArrayList<>();

  @Option(
      names = "--cluster-id",
      paramLabel = "<id>",
      defaultValue = "0",
      converter = Converters.ClusterId.class,
      description = "Cluster id; peers of another cluster are disconnected (default: 0).")
  int clusterId;

  @Option(
      names = "--shard",
      paramLabel = "<index>",
      converter = Converters.Shard.class,
      description =
          "Shard index; with --cluster-id gives /waku/2/rs/<cluster>/<shard> (repeatable).")
  List<Integer> shards = new ArrayList<>();

  @Option(
      names = "--pubsub-topic",
      paramLabel = "<topic>",
      converter = Converters.PubsubTopicName.class,
      description = "Pubsub topic, e.g. /waku/2/rs/1/0 or /waku/2/default-waku/proto (repeatable).")
  List<PubsubTopic> pubsubTopics = new ArrayList<>();

  @Option(
      names = "--content-topic",
      paramLabel = "<topic>",
      converter = Converters.ContentTopicName.class,
      description =
          "Content topic /app/version/name/encoding (repeatable); with autosharding it selects"
              + " the shard.")
  List<ContentTopic> contentTopics = new ArrayList<>();

  @Option(
      names = "--num-shards-in-network",
      paramLabel = "<n>",
      description =
          "Shards for autosharding (default: 8 on cluster 1, none on cluster 0, else 1; 0 = static"
              + " sharding only).")
  Integer numShardsInNetwork;

  @Option(
      names = "--log-level",
      converter = Converters.LogLevel.class,
      paramLabel = "<level>",
      description =
          "TRACE, DEBUG, INFO, NOTICE, WARN, ERROR or FATAL (default: INFO, or"
              + " $CAUSEWAY_LOG_LEVEL).")
  Level logLevel;

  /** The node key, or a fresh one. */
  PrivKey key(SecureRandom random) {
    return nodeKey != null ? nodeKey : Keys.generateSecp256k1(random);
  }

  /**
   * Resolves the topic flags.
   *
   * @throws CommandLine.ParameterException for an inconsistent combination
   */
  V2Topics topics(CommandSpec spec) {
    try {
      return new V2Topics(clusterId, numShardsInNetwork);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * What every v2 command does first: refuses stray arguments, warns about each ignored nwaku
   * option ({@link #checkUnmatched}), then applies {@code --log-level}.
   *
   * @return the command's stderr
   * @throws CommandLine.ParameterException for an argument that is not an option at all
   */
  PrintWriter begin(CommandSpec spec, List<String> unmatched) {
    PrintWriter err = spec.commandLine().getErr();
    checkUnmatched(spec, err, unmatched);
    applyLogLevel();
    return err;
  }

  /**
   * Warns on {@code err} about each ignored nwaku option.
   *
   * @throws CommandLine.ParameterException for an argument that is not an option at all
   */
  static void checkUnmatched(CommandSpec spec, PrintWriter err, List<String> unmatched) {
    IgnoredOptions ignored = IgnoredOptions.parse(unmatched);
    if (!ignored.strays().isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unexpected argument(s): " + String.join(" ", ignored.strays()));
    }
    for (IgnoredOptions.Ignored o : ignored.options()) {
      err.println(
          "WARNING: "
              + spec.name()
              + ": ignoring option "
              + o
              + " (not implemented by causeway yet)");
    }
    err.flush();
  }

  /** Applies {@code --log-level} to the logback root logger. */
  void applyLogLevel() {
    if (logLevel == null) {
      return;
    }
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(logLevel);
    }
  }
}

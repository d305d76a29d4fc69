package dev.causeway.ops.cli;

import ch.qos.logback.classic.Level;
import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multiaddr.MultiaddrException;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.ContentTopicException;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.PubsubTopicException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

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
      converter = NodeKeyConverter.class,
      description = "secp256k1 private key, 64 hex digits (default: a fresh random key).")
  PrivKey nodeKey;

  @Option(
      names = "--staticnode",
      paramLabel = "<multiaddr>",
      converter = PeerAddressConverter.class,
      description = "Peer to keep connected, /ip4/.../tcp/<port>[/ws]/p2p/<peer id> (repeatable).")
  List<Multiaddr> staticNodes = new ArrayList<>();

  @Option(
      names = "--cluster-id",
      paramLabel = "<id>",
      defaultValue = "0",
      converter = ClusterIdConverter.class,
      description = "Cluster id; peers of another cluster are disconnected (default: 0).")
  int clusterId;

  @Option(
      names = "--shard",
      paramLabel = "<index>",
      converter = ShardConverter.class,
      description =
          "Shard index; with --cluster-id gives /waku/2/rs/<cluster>/<shard> (repeatable).")
  List<Integer> shards = new ArrayList<>();

  @Option(
      names = "--pubsub-topic",
      paramLabel = "<topic>",
      converter = PubsubTopicConverter.class,
      description = "Pubsub topic, e.g. /waku/2/rs/1/0 or /waku/2/default-waku/proto (repeatable).")
  List<PubsubTopic> pubsubTopics = new ArrayList<>();

  @Option(
      names = "--content-topic",
      paramLabel = "<topic>",
      converter = ContentTopicConverter.class,
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
      converter = LogLevelConverter.class,
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

  static final class NodeKeyConverter implements ITypeConverter<PrivKey> {
    @Override
    public PrivKey convert(String value) {
      byte[] key;
      try {
        key = Hex.decode(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("not hex: " + e.getMessage());
      }
      if (key.length != 32) {
        throw new TypeConversionException("a node key is 32 bytes (64 hex digits)");
      }
      try {
        return Keys.secp256k1(key);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("not a secp256k1 private key: " + e.getMessage());
      }
    }
  }

  static final class PeerAddressConverter implements ITypeConverter<Multiaddr> {
    @Override
    public Multiaddr convert(String value) {
      Multiaddr a;
      try {
        a = Multiaddr.parse(value);
      } catch (MultiaddrException e) {
        throw new TypeConversionException("not a multiaddr: " + e.getMessage());
      }
      if (a.peerId().isEmpty()) {
        throw new TypeConversionException("the address must end with /p2p/<peer id>");
      }
      return a;
    }
  }

  static final class ClusterIdConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return inRange(value, PubsubTopic.MAX_CLUSTER_ID);
    }
  }

  static final class ShardConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return inRange(value, PubsubTopic.MAX_SHARD_ID);
    }
  }

  /** A TCP port; 0 lets the system pick one. */
  static final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return inRange(value, 65535);
    }
  }

  static int inRange(String value, int max) {
    int v;
    try {
      v = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not an integer");
    }
    if (v < 0 || v > max) {
      throw new TypeConversionException("must be 0.." + max + ", not " + v);
    }
    return v;
  }

  static final class PubsubTopicConverter implements ITypeConverter<PubsubTopic> {
    @Override
    public PubsubTopic convert(String value) {
      try {
        return PubsubTopic.parse(value);
      } catch (PubsubTopicException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ContentTopicConverter implements ITypeConverter<ContentTopic> {
    @Override
    public ContentTopic convert(String value) {
      try {
        return ContentTopic.parse(value);
      } catch (ContentTopicException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** nwaku's level names onto logback's: NOTICE is INFO, FATAL is ERROR. */
  static final class LogLevelConverter implements ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
      switch (value.toUpperCase(Locale.ROOT)) {
        case "TRACE":
          return Level.TRACE;
        case "DEBUG":
          return Level.DEBUG;
        case "INFO":
        case "NOTICE":
          return Level.INFO;
        case "WARN":
          return Level.WARN;
        case "ERROR":
        case "FATAL":
          return Level.ERROR;
        default:
          throw new TypeConversionException(
              "'" + value + "' is not one of TRACE, DEBUG, INFO, NOTICE, WARN, ERROR, FATAL");
      }
    }
  }
}

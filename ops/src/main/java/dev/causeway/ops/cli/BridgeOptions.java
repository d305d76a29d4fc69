package dev.causeway.ops.cli;

import ch.qos.logback.classic.Level;
import dev.causeway.bridge.BridgeConfig;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multiaddr.MultiaddrException;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.waku.WakuV1Config;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.node.WakuV2Config;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The settings of {@code causeway bridge}. Names follow nwaku's bridge ({@code wakubridge}, spec
 * bridge-mapping.md §6) where the concept matches: {@code --nodekey-v1}, {@code --nodekey-v2},
 * {@code --devp2p-tcp-port}, {@code --libp2p-tcp-port}, {@code --staticnode-v1}, {@code
 * --staticnode-v2}, {@code --bridge-pubsub-topic}, {@code --waku-v1-pow}, {@code --listen-address}
 * and the defaults there (30303, 9000, {@code /waku/2/default-waku/proto}, 0.002); the rest are
 * ours. The same names, without dashes, are the keys of the config file, and in upper snake case
 * after {@code CAUSEWAY_} the environment variables ({@link
 * dev.causeway.ops.config.LayeredConfig}).
 *
 * <p>Bridge tuning options left unset keep {@link BridgeConfig#defaults()}: the bridge, not the
 * CLI, owns those defaults.
 */
public final class BridgeOptions {
  @Option(
      names = "--listen-address",
      paramLabel = "<ip>",
      defaultValue = "0.0.0.0",
      converter = Converters.IpAddress.class,
      description = "IP address both nodes listen on (default: ${DEFAULT-VALUE}).")
  String listenAddress;

  @Option(
      names = "--nodekey-v1",
      paramLabel = "<hex>",
      converter = Converters.V1NodeKey.class,
      description = "v1 (devp2p) secp256k1 private key, 64 hex digits (default: a fresh key).")
  Secp256k1.KeyPair nodeKeyV1;

  @Option(
      names = "--nodekey-v2",
      paramLabel = "<hex>",
      converter = Converters.V2NodeKey.class,
      description = "v2 (libp2p) secp256k1 private key, 64 hex digits (default: a fresh key).")
  PrivKey nodeKeyV2;

  @Option(
      names = "--devp2p-tcp-port",
      paramLabel = "<port>",
      defaultValue = "30303",
      converter = Converters.Port.class,
      description = "v1 devp2p TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int devp2pTcpPort;

  @Option(
      names = "--libp2p-tcp-port",
      paramLabel = "<port>",
      defaultValue = "9000",
      converter = Converters.Port.class,
      description = "v2 libp2p TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int libp2pTcpPort;

  @Option(
      names = "--staticnode-v1",
      paramLabel = "<enode>",
      converter = Converters.EnodeAddress.class,
      description = "v1 peer to keep connected, enode://<id>@<ip>:<port> (repeatable).")
  List<Enode> staticNodesV1 = new ArrayList<>();

  @Option(
      names = "--staticnode-v2",
      paramLabel = "<multiaddr>",
      converter = Converters.PeerAddress.class,
      description = "v2 peer to keep connected, /ip4/.../tcp/<port>/p2p/<peer id> (repeatable).")
  List<Multiaddr> staticNodesV2 = new ArrayList<>();

  @Option(
      names = "--bridge-pubsub-topic",
      paramLabel = "<topic>",
      converter = Converters.PubsubTopicName.class,
      description =
          "v2 pubsub topic to bridge (repeatable; default: /waku/2/default-waku/proto). Status"
              + " fleets on static sharding use e.g. /waku/2/rs/16/32.")
  List<PubsubTopic> pubsubTopics = new ArrayList<>();

  @Option(
      names = "--cluster-id",
      paramLabel = "<id>",
      converter = Converters.ClusterId.class,
      description =
          "v2 cluster id (default: the cluster of the --bridge-pubsub-topic shards, else 0).")
  Integer clusterId;

  @Option(
      names = "--waku-v1-pow",
      paramLabel = "<pow>",
      defaultValue = "0.002",
      converter = Converters.NonNegativeDouble.class,
      description = "PoW the v1 node requires of received envelopes (default: ${DEFAULT-VALUE}).")
  double wakuV1Pow;

  @Option(
      names = "--v2-to-v1-ttl",
      paramLabel = "<seconds>",
      converter = Converters.PositiveLong.class,
      description = "TTL of envelopes made from v2 messages (default: the bridge's).")
  Long v2ToV1Ttl;

  @Option(
      names = "--pow-floor",
      paramLabel = "<pow>",
      converter = Converters.NonNegativeDouble.class,
      description =
          "Least PoW mined on envelopes made from v2 messages, whatever the v1 peers ask"
              + " (default: the bridge's).")
  Double powFloor;

  @Option(
      names = "--timestamp-tolerance",
      paramLabel = "<duration>",
      converter = Converters.PositiveDuration.class,
      description =
          "How far a v2 timestamp may be off our clock (ISO-8601; default: the bridge's).")
  Duration timestampTolerance;

  @Option(
      names = "--restamp-out-of-tolerance",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "<bool>",
      description =
          "Give a v2 message whose timestamp is off by more than --timestamp-tolerance a fresh"
              + " expiry (now + ttl, nwaku's behaviour) instead of skipping it as stale-timestamp;"
              + " two bridges then emit two different envelopes for it, so single-bridge"
              + " deployments only (default: false, the bridge's).")
  Boolean restampOutOfTolerance;

  @Option(
      names = "--dedup-window",
      paramLabel = "<duration>",
      converter = Converters.PositiveDuration.class,
      description = "How long a bridged message is remembered (ISO-8601; default: the bridge's).")
  Duration dedupWindow;

  @Option(
      names = "--dedup-max-entries",
      paramLabel = "<n>",
      converter = Converters.PositiveInt.class,
      description = "Messages remembered at most (default: the bridge's).")
  Integer dedupMaxEntries;

  @Option(
      names = "--queue-capacity",
      paramLabel = "<n>",
      converter = Converters.PositiveInt.class,
      description = "Queued messages per direction; more are dropped (default: the bridge's).")
  Integer queueCapacity;

  @Option(
      names = "--mining-threads",
      paramLabel = "<n>",
      converter = Converters.PositiveInt.class,
      description = "PoW mining threads for v2 -> v1 (default: the bridge's).")
  Integer miningThreads;

  @Option(
      names = "--status-interval",
      paramLabel = "<duration>",
      defaultValue = "PT10S",
      converter = Converters.PositiveDuration.class,
      description = "How often a status JSON line is printed (default: ${DEFAULT-VALUE}).")
  Duration statusInterval;

  @Option(
      names = "--log-level",
      paramLabel = "<level>",
      converter = Converters.LogLevel.class,
      description = "TRACE, DEBUG, INFO, NOTICE, WARN, ERROR or FATAL (default: INFO).")
  Level logLevel;

  @Option(
      names = "--duration",
      paramLabel = "<duration>",
      converter = Converters.PositiveDuration.class,
      description = "Stop after this long (ISO-8601, e.g. PT60S; default: until SIGTERM/SIGINT).")
  Duration duration;

  /** The bridged topics, in order, without duplicates; the default topic when none is given. */
  public List<PubsubTopic> topics() {
    if (pubsubTopics.isEmpty()) {
      return List.of(PubsubTopic.DEFAULT);
    }
    return List.copyOf(new LinkedHashSet<>(pubsubTopics));
  }

  /**
   * The v2 cluster: {@code --cluster-id}, else the one cluster of the static-shard topics, else 0.
   *
   * @throws IllegalArgumentException when shard topics of several clusters are given, or a shard
   *     topic of another cluster than {@code --cluster-id} (peers of another cluster disconnect us)
   */
  public int clusterId() {
    Set<Integer> clusters = new LinkedHashSet<>();
    for (PubsubTopic t : topics()) {
      if (t.isStaticShard()) {
        clusters.add(t.clusterId());
      }
    }
    if (clusterId != null) {
      for (int c : clusters) {
        if (c != clusterId) {
          throw new IllegalArgumentException(
              "a --bridge-pubsub-topic belongs to cluster "
                  + c
                  + " but --cluster-id is "
                  + clusterId
                  + " (peers of another cluster disconnect us)");
        }
      }
      return clusterId;
    }
    if (clusters.size() > 1) {
      throw new IllegalArgumentException(
          "the --bridge-pubsub-topic shards belong to several clusters " + clusters);
    }
    return clusters.isEmpty() ? 0 : clusters.iterator().next();
  }

  /** The bridge settings: the topics, plus every tuning option that was set. */
  public BridgeConfig bridgeConfig() {
    BridgeConfig.Builder b = BridgeConfig.builder().pubsubTopics(topics());
    if (v2ToV1Ttl != null) {
      b.v2ToV1Ttl(v2ToV1Ttl);
    }
    if (powFloor != null) {
      b.powFloor(powFloor);
    }
    if (timestampTolerance != null) {
      b.timestampTolerance(timestampTolerance);
    }
    if (restampOutOfTolerance != null) {
      b.restampOutOfTolerance(restampOutOfTolerance);
    }
    if (dedupWindow != null) {
      b.dedupWindow(dedupWindow);
    }
    if (dedupMaxEntries != null) {
      b.dedupMaxEntries(dedupMaxEntries);
    }
    if (queueCapacity != null) {
      b.queueCapacity(queueCapacity);
    }
    if (miningThreads != null) {
      b.miningThreads(miningThreads);
    }
    return b.build();
  }

  /** The bridge's v1 node: full bloom, {@code --waku-v1-pow} advertised and enforced. */
  public WakuV1Config v1Config(SecureRandom random) {
    Secp256k1.KeyPair key = nodeKeyV1 != null ? nodeKeyV1 : Secp256k1.KeyPair.random(random);
    return V1NodeOptions.config(key, listenAddress, devp2pTcpPort, staticNodesV1, 50, wakuV1Pow);
  }

  /** The bridge's v2 node: relays the bridged topics. */
  public WakuV2Config v2Config(SecureRandom random) throws MultiaddrException {
    PrivKey key =
        nodeKeyV2 != null ? nodeKeyV2 : dev.causeway.libp2p.crypto.Keys.generateSecp256k1(random);
    String ip = Converters.ipMultiaddr(listenAddress);
    return WakuV2Config.defaults(
            key, List.of(Multiaddr.parse(ip + "/tcp/" + libp2pTcpPort)), topics())
        .withClusterId(clusterId())
        .withStaticNodes(staticNodesV2);
  }

  public Duration statusInterval() {
    return statusInterval;
  }

  /** Null: run until a signal. */
  public Duration duration() {
    return duration;
  }

  /** Applies {@code --log-level} to the logback root logger. */
  void applyLogLevel() {
    if (logLevel != null
        && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(logLevel);
    }
  }
}

package dev.causeway.v2.node;

import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessageValidator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link WakuV2Node}; names follow nwaku's {@code wakunode2} where a concept matches.
 *
 * @param nodeKey libp2p identity
 * @param listenAddresses e.g. {@code /ip4/0.0.0.0/tcp/60000} and {@code .../tcp/8000/ws}
 * @param staticNodes peers to keep connected ({@code /ip4/.../tcp/N/p2p/<id>})
 * @param clusterId metadata cluster id (0 for the default pubsub topic, 1 for The Waku Network)
 * @param pubsubTopics topics relayed and subscribed
 * @param gossipsub router parameters (Waku defaults)
 * @param validation relay message validation (150 KiB, ±20 s)
 * @param redialInterval how often disconnected static nodes are re-dialled
 * @param agentVersion identify agent
 */
public record WakuV2Config(
    PrivKey nodeKey,
    List<Multiaddr> listenAddresses,
    List<Multiaddr> staticNodes,
    int clusterId,
    List<PubsubTopic> pubsubTopics,
    GossipsubConfig gossipsub,
    WakuMessageValidator.Config validation,
    Duration redialInterval,
    String agentVersion) {

  public WakuV2Config {
    Objects.requireNonNull(nodeKey);
    listenAddresses = List.copyOf(listenAddresses);
    staticNodes = List.copyOf(staticNodes);
    pubsubTopics = List.copyOf(pubsubTopics);
  }

  public static WakuV2Config defaults(
      PrivKey key, List<Multiaddr> listen, List<PubsubTopic> topics) {
    return new WakuV2Config(
        key,
        listen,
        List.of(),
        0,
        topics,
        GossipsubConfig.defaults(),
        WakuMessageValidator.Config.theWakuNetwork(),
        Duration.ofSeconds(5),
        "causeway/0.1.0");
  }

  public WakuV2Config withStaticNodes(List<Multiaddr> nodes) {
    return new WakuV2Config(
        nodeKey,
        listenAddresses,
        nodes,
        clusterId,
        pubsubTopics,
        gossipsub,
        validation,
        redialInterval,
        agentVersion);
  }

  public WakuV2Config withClusterId(int id) {
    return new WakuV2Config(
        nodeKey,
        listenAddresses,
        staticNodes,
        id,
        pubsubTopics,
        gossipsub,
        validation,
        redialInterval,
        agentVersion);
  }

  public WakuV2Config withGossipsub(GossipsubConfig g) {
    return new WakuV2Config(
        nodeKey,
        listenAddresses,
        staticNodes,
        clusterId,
        pubsubTopics,
        g,
        validation,
        redialInterval,
        agentVersion);
  }

  public WakuV2Config withValidation(WakuMessageValidator.Config v) {
    return new WakuV2Config(
        nodeKey,
        listenAddresses,
        staticNodes,
        clusterId,
        pubsubTopics,
        gossipsub,
        v,
        redialInterval,
        agentVersion);
  }
}

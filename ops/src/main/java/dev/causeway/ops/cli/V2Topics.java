package dev.causeway.ops.cli;

import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.TheWakuNetwork;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns nwaku-style topic flags ({@code --cluster-id}, {@code --shard}, {@code --pubsub-topic},
 * {@code --content-topic}, {@code --num-shards-in-network}) into the pubsub topics a node relays
 * and the one topic a message is published on (spec v2-message-relay-sharding.md §6). Pure: no I/O;
 * refusals are {@link IllegalArgumentException}s whose message is meant for the operator.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>{@code --shard=s} is {@code /waku/2/rs/<cluster-id>/s}.
 *   <li>A static-shard {@code --pubsub-topic} must belong to {@code --cluster-id}: a peer of
 *       another cluster drops us in the metadata exchange, so a mismatch would only show up as
 *       silent disconnections. Named topics ({@code /waku/2/default-waku/proto}) are accepted on
 *       any cluster: they carry no cluster, and the relay interop tests run the default topic on
 *       cluster 1 next to its shards.
 *   <li>Autosharding maps a content topic to a shard (§6.2) over {@code --num-shards-in-network}
 *       shards; without that flag, cluster 1 (The Waku Network) has 8, cluster 0 has none and every
 *       other cluster 1 (nwaku's default). {@code --num-shards-in-network=0} means static sharding
 *       only.
 *   <li>Without autosharding on cluster 0, content topics travel on the default pubsub topic {@code
 *       /waku/2/default-waku/proto}.
 *   <li>With no topic flag at all a node relays, on cluster 0, the default pubsub topic; with
 *       autosharding, every shard of the network (as nwaku subscribes to all shards by default).
 * </ul>
 */
final class V2Topics {
  /*
   * The cluster-0 default: nwaku up to v0.2x and js-waku 0.0.27 (our interop peer) use the named
   * topic /waku/2/default-waku/proto; newer nwaku releases run cluster 0 as autosharding over one
   * shard and so subscribe to /waku/2/rs/0/0. We keep the named topic, which is what existing
   * fleets and the v1 bridge use, and document that `--shard=0` gives the newer behaviour.
   */
  private final int clusterId;
  private final Autosharding autosharding;

  /**
   * @param clusterId 0..65535
   * @param numShardsInNetwork null for the cluster's default, 0 for static sharding only, else
   *     1..1024
   */
  V2Topics(int clusterId, Integer numShardsInNetwork) {
    if (clusterId < 0 || clusterId > PubsubTopic.MAX_CLUSTER_ID) {
      throw new IllegalArgumentException(
          "--cluster-id must be 0.." + PubsubTopic.MAX_CLUSTER_ID + ", not " + clusterId);
    }
    this.clusterId = clusterId;
    int shards;
    if (numShardsInNetwork != null) {
      shards = numShardsInNetwork;
      if (shards < 0 || shards > Autosharding.MAX_SHARDS) {
        throw new IllegalArgumentException(
            "--num-shards-in-network must be 0.." + Autosharding.MAX_SHARDS + ", not " + shards);
      }
    } else if (clusterId == TheWakuNetwork.CLUSTER_ID) {
      shards = TheWakuNetwork.SHARD_COUNT;
    } else {
      shards = clusterId == 0 ? 0 : 1;
    }
    this.autosharding = shards == 0 ? null : new Autosharding(clusterId, shards);
  }

  int clusterId() {
    return clusterId;
  }

  Optional<Autosharding> autosharding() {
    return Optional.ofNullable(autosharding);
  }

  /** The topics a node relays, in flag order, without duplicates. */
  List<PubsubTopic> subscriptions(
      List<PubsubTopic> pubsubTopics, List<Integer> shards, List<ContentTopic> contentTopics) {
    Set<PubsubTopic> out = new LinkedHashSet<>();
    for (PubsubTopic t : pubsubTopics) {
      out.add(checkCluster(t));
    }
    for (int s : shards) {
      out.add(shard(s));
    }
    for (ContentTopic c : contentTopics) {
      out.add(carrier(c));
    }
    if (out.isEmpty()) {
      if (autosharding != null) {
        for (int s = 0; s < autosharding.shardCount(); s++) {
          out.add(PubsubTopic.staticShard(clusterId, s));
        }
      } else if (clusterId == 0) {
        out.add(PubsubTopic.DEFAULT);
      } else {
        throw new IllegalArgumentException(
            "cluster "
                + clusterId
                + " uses static sharding (--num-shards-in-network=0): give --shard or"
                + " --pubsub-topic");
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The topic one message goes to: the single {@code --pubsub-topic} or {@code --shard} if given,
   * else the carrier of its content topic.
   */
  PubsubTopic publishTopic(
      List<PubsubTopic> pubsubTopics, List<Integer> shards, ContentTopic contentTopic) {
    if (pubsubTopics.size() + shards.size() > 1) {
      throw new IllegalArgumentException(
          "a message is published on one pubsub topic: give at most one --pubsub-topic or"
              + " --shard");
    }
    if (!pubsubTopics.isEmpty()) {
      return checkCluster(pubsubTopics.get(0));
    }
    if (!shards.isEmpty()) {
      return shard(shards.get(0));
    }
    return carrier(contentTopic);
  }

  private PubsubTopic shard(int s) {
    if (s < 0 || s > PubsubTopic.MAX_SHARD_ID) {
      throw new IllegalArgumentException(
          "--shard must be 0.." + PubsubTopic.MAX_SHARD_ID + ", not " + s);
    }
    return PubsubTopic.staticShard(clusterId, s);
  }

  private PubsubTopic checkCluster(PubsubTopic t) {
    if (t.isStaticShard() && t.clusterId() != clusterId) {
      throw new IllegalArgumentException(
          "pubsub topic "
              + t
              + " belongs to cluster "
              + t.clusterId()
              + " but --cluster-id is "
              + clusterId
              + " (peers of another cluster disconnect us)");
    }
    return t;
  }

  /** The pubsub topic that carries {@code c}. */
  PubsubTopic carrier(ContentTopic c) {
    if (autosharding != null) {
      return autosharding.pubsubTopic(c);
    }
    if (clusterId == 0) {
      return PubsubTopic.DEFAULT;
    }
    throw new IllegalArgumentException(
        "content topic "
            + c
            + " has no shard on cluster "
            + clusterId
            + " with static sharding: give --shard or --pubsub-topic");
  }
}

package dev.causeway.v2.metadata;

import dev.causeway.v2.core.PubsubTopic;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * What a node reports in 66/WAKU2-METADATA (spec v2-message-relay-sharding.md §7): its cluster id
 * (absent if the peer did not send one — nwaku disconnects such peers) and the shards it serves.
 * Values are uint32 on the wire and kept as non-negative {@code long}s so that any peer's answer
 * can be represented and compared exactly.
 *
 * @param clusterId the cluster, 0..2³²−1, if reported
 * @param shards shard indexes as received (order kept, duplicates possible), each 0..2³²−1
 */
public record Metadata(OptionalLong clusterId, List<Long> shards) {
  private static final long MAX_UINT32 = 0xFFFF_FFFFL;

  public Metadata {
    clusterId.ifPresent(Metadata::checkUint32);
    shards = List.copyOf(shards);
    shards.forEach(Metadata::checkUint32);
  }

  /**
   * Our own metadata: {@code clusterId} and the sorted, distinct {@code shards}.
   *
   * @throws IllegalArgumentException if the cluster or a shard is out of the sharding ranges
   *     (0..65535, 0..1023)
   */
  public static Metadata of(int clusterId, Collection<Integer> shards) {
    if (clusterId < 0 || clusterId > PubsubTopic.MAX_CLUSTER_ID) {
      throw new IllegalArgumentException("cluster id out of range: " + clusterId);
    }
    TreeSet<Long> sorted = new TreeSet<>();
    for (int s : shards) {
      if (s < 0 || s > PubsubTopic.MAX_SHARD_ID) {
        throw new IllegalArgumentException("shard out of range: " + s);
      }
      sorted.add((long) s);
    }
    return new Metadata(OptionalLong.of(clusterId), List.copyOf(sorted));
  }

  /** True if the peer reported {@code shard}. */
  public boolean servesShard(int shard) {
    return shards.contains((long) shard);
  }

  private static void checkUint32(long v) {
    if (v < 0 || v > MAX_UINT32) {
      throw new IllegalArgumentException("not a uint32: " + v);
    }
  }
}

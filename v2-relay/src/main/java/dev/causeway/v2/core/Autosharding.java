package dev.causeway.v2.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Autosharding generation 0 (RELAY-SHARDING; spec v2-message-relay-sharding.md §6.2): a content
 * topic is routed to shard {@code v mod shardCount} of the cluster, where {@code v} is the last 8
 * bytes, big-endian unsigned, of {@code SHA-256(utf8(application) ‖ utf8(version))}. Topic name and
 * encoding do not route; {@code /0/...} routes like the short form.
 *
 * <p>Input: a parsed {@link ContentTopic} (which already refuses generations above 0). Immutable
 * and thread-safe.
 */
public final class Autosharding {
  /*
   * "Last 64 bits mod count" is what nwaku (since PR #3530), go-waku and js-waku compute; the spec
   * text's "hash modulo the number of shards" over all 256 bits gives other answers for counts that
   * are not powers of two (e.g. /toychat/2/huilong/proto with 3 shards: 1 here, 0 with the full
   * hash). nwaku before v0.37 computed v AND (count - 1), which agrees with this only for powers of
   * two; The Waku Network uses 8, where all readings agree.
   */
  public static final int MAX_SHARDS = PubsubTopic.MAX_SHARD_ID + 1;

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(Autosharding::newSha256);

  private final int clusterId;
  private final int shardCount;

  /**
   * @param clusterId 0..65535
   * @param shardCount shards in the network, 1..1024
   * @throws IllegalArgumentException if either is out of range
   */
  public Autosharding(int clusterId, int shardCount) {
    if (clusterId < 0 || clusterId > PubsubTopic.MAX_CLUSTER_ID) {
      throw new IllegalArgumentException("cluster id out of range: " + clusterId);
    }
    if (shardCount < 1 || shardCount > MAX_SHARDS) {
      throw new IllegalArgumentException("shard count must be 1.." + MAX_SHARDS);
    }
    this.clusterId = clusterId;
    this.shardCount = shardCount;
  }

  /** The Waku Network: cluster 1 with 8 shards (§6.3). */
  public static Autosharding theWakuNetwork() {
    return new Autosharding(TheWakuNetwork.CLUSTER_ID, TheWakuNetwork.SHARD_COUNT);
  }

  public int clusterId() {
    return clusterId;
  }

  public int shardCount() {
    return shardCount;
  }

  /** Shard index of {@code topic} in this network. */
  public int shardIndex(ContentTopic topic) {
    return shardIndex(topic, shardCount);
  }

  /** Static-shard pubsub topic that carries {@code topic} in this network. */
  public PubsubTopic pubsubTopic(ContentTopic topic) {
    return PubsubTopic.staticShard(clusterId, shardIndex(topic));
  }

  /**
   * Parses {@code contentTopic} and returns the pubsub topic that carries it.
   *
   * @throws ContentTopicException if the content topic does not parse
   */
  public PubsubTopic pubsubTopic(String contentTopic) throws ContentTopicException {
    return pubsubTopic(ContentTopic.parse(contentTopic));
  }

  /**
   * Shard index of {@code topic} among {@code shardCount} shards.
   *
   * @throws IllegalArgumentException if {@code shardCount} is not 1..1024
   */
  public static int shardIndex(ContentTopic topic, int shardCount) {
    if (shardCount < 1 || shardCount > MAX_SHARDS) {
      throw new IllegalArgumentException("shard count must be 1.." + MAX_SHARDS);
    }
    MessageDigest d = SHA256.get();
    d.reset();
    d.update(topic.application().getBytes(StandardCharsets.UTF_8));
    d.update(topic.version().getBytes(StandardCharsets.UTF_8));
    byte[] h = d.digest();
    long v = 0;
    for (int i = 24; i < 32; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    return (int) Long.remainderUnsigned(v, shardCount);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }

  @Override
  public String toString() {
    return "Autosharding{cluster=" + clusterId + ", shards=" + shardCount + "}";
  }
}

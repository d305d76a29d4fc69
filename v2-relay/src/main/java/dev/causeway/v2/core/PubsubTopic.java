package dev.causeway.v2.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Waku v2 pubsub (gossipsub) topic (spec v2-message-relay-sharding.md §4.2, §6.1): either a
 * static shard {@code /waku/2/rs/<cluster>/<shard>} (cluster 0..65535, shard 0..1023, decimal
 * without padding) or a named topic {@code /waku/2/<name>}, deprecated except for the historical
 * default {@link #DEFAULT} {@code /waku/2/default-waku/proto}, which legacy bridging and the hash
 * vectors still use.
 *
 * <p>The topic string is what gossipsub subscribes to and what the message hash covers, so parsing
 * accepts only the canonical form of a static shard: {@code /waku/2/rs/01/3} would be a different
 * gossipsub topic than {@code /waku/2/rs/1/3} and is refused rather than silently equated. Anything
 * starting with {@code /waku/2/rs} is read as a static shard (as nwaku does).
 */
public final class PubsubTopic {
  public static final String PREFIX = "/waku/2/";
  public static final String STATIC_SHARD_PREFIX = "/waku/2/rs/";
  public static final int MAX_CLUSTER_ID = 65535;

  /** nwaku {@code MaxShardIndex}: 1024 shards per cluster. */
  public static final int MAX_SHARD_ID = 1023;

  /** The historical default named topic {@code /waku/2/default-waku/proto}. */
  public static final PubsubTopic DEFAULT = new PubsubTopic("/waku/2/default-waku/proto", -1, -1);

  private final String text;
  private final byte[] utf8;
  private final int clusterId;
  private final int shardId;

  private PubsubTopic(String text, int clusterId, int shardId) {
    this.text = text;
    this.utf8 = text.getBytes(StandardCharsets.UTF_8);
    this.clusterId = clusterId;
    this.shardId = shardId;
  }

  /**
   * The static-shard topic of {@code shardId} in {@code clusterId}.
   *
   * @throws IllegalArgumentException if either is out of range
   */
  public static PubsubTopic staticShard(int clusterId, int shardId) {
    if (clusterId < 0 || clusterId > MAX_CLUSTER_ID) {
      throw new IllegalArgumentException("cluster id out of range: " + clusterId);
    }
    if (shardId < 0 || shardId > MAX_SHARD_ID) {
      throw new IllegalArgumentException("shard id out of range: " + shardId);
    }
    return new PubsubTopic(STATIC_SHARD_PREFIX + clusterId + "/" + shardId, clusterId, shardId);
  }

  /**
   * Parses a pubsub topic.
   *
   * @throws PubsubTopicException with the {@link PubsubTopicException.Reason} it violates
   */
  public static PubsubTopic parse(String topic) throws PubsubTopicException {
    Objects.requireNonNull(topic, "topic");
    if (!topic.startsWith(PREFIX)) {
      throw new PubsubTopicException(
          PubsubTopicException.Reason.NOT_WAKU2, "pubsub topic must start with " + PREFIX);
    }
    if (!topic.startsWith("/waku/2/rs")) {
      if (topic.length() == PREFIX.length()) {
        throw new PubsubTopicException(
            PubsubTopicException.Reason.EMPTY_NAME, "named pubsub topic without a name");
      }
      return topic.equals(DEFAULT.text) ? DEFAULT : new PubsubTopic(topic, -1, -1);
    }
    if (!topic.startsWith(STATIC_SHARD_PREFIX)) {
      throw badShard(topic);
    }
    int slash = topic.indexOf('/', STATIC_SHARD_PREFIX.length());
    if (slash < 0) {
      throw badShard(topic);
    }
    long cluster = canonicalNumber(topic, STATIC_SHARD_PREFIX.length(), slash);
    long shard = canonicalNumber(topic, slash + 1, topic.length());
    if (cluster < 0 || shard < 0) {
      throw badShard(topic);
    }
    if (cluster > MAX_CLUSTER_ID) {
      throw new PubsubTopicException(
          PubsubTopicException.Reason.CLUSTER_OUT_OF_RANGE, "cluster id above " + MAX_CLUSTER_ID);
    }
    if (shard > MAX_SHARD_ID) {
      throw new PubsubTopicException(
          PubsubTopicException.Reason.SHARD_OUT_OF_RANGE, "shard id above " + MAX_SHARD_ID);
    }
    return new PubsubTopic(topic, (int) cluster, (int) shard);
  }

  /**
   * The decimal value of {@code s[from, to)}, or -1 if it is empty, has a non-digit, a leading zero
   * or more than 6 digits (anything longer is out of range for both fields anyway).
   */
  private static long canonicalNumber(String s, int from, int to) {
    int len = to - from;
    if (len < 1 || len > 6 || (len > 1 && s.charAt(from) == '0')) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static PubsubTopicException badShard(String topic) {
    return new PubsubTopicException(
        PubsubTopicException.Reason.BAD_STATIC_SHARD,
        "static shard topic must be " + STATIC_SHARD_PREFIX + "<cluster>/<shard>");
  }

  public boolean isStaticShard() {
    return clusterId >= 0;
  }

  /**
   * The cluster of a static-shard topic.
   *
   * @throws IllegalStateException for a named topic
   */
  public int clusterId() {
    requireStatic();
    return clusterId;
  }

  /**
   * The shard index of a static-shard topic.
   *
   * @throws IllegalStateException for a named topic
   */
  public int shardId() {
    requireStatic();
    return shardId;
  }

  private void requireStatic() {
    if (clusterId < 0) {
      throw new IllegalStateException(text + " is a named topic, not a static shard");
    }
  }

  /** UTF-8 bytes of the topic, shared (for hashing); callers must not modify them. */
  byte[] utf8View() {
    return utf8;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PubsubTopic t && text.equals(t.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}

package dev.causeway.v2.core;

/**
 * A pubsub topic is neither a static-shard topic {@code /waku/2/rs/<cluster>/<shard>} nor a named
 * Waku v2 topic {@code /waku/2/<name>} (spec v2-message-relay-sharding.md §4.2, §6.1).
 */
public final class PubsubTopicException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a pubsub topic was refused. */
  public enum Reason {
    /** Does not start with {@code /waku/2/}. */
    NOT_WAKU2,
    /** A named topic with an empty name ({@code /waku/2/}). */
    EMPTY_NAME,
    /**
     * Starts with {@code /waku/2/rs} but is not {@code /waku/2/rs/<cluster>/<shard>} with two
     * canonical decimal numbers (no sign, no leading zeros, nothing after the shard).
     */
    BAD_STATIC_SHARD,
    /** Cluster id above 65535. */
    CLUSTER_OUT_OF_RANGE,
    /** Shard index above 1023. */
    SHARD_OUT_OF_RANGE
  }

  private final Reason reason;

  public PubsubTopicException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

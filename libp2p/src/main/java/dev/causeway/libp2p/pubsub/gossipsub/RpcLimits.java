package dev.causeway.libp2p.pubsub.gossipsub;

/**
 * Bounds applied when decoding an inbound RPC (spec libp2p-gossipsub.md §1 "Maximum accepted RPC
 * size", §6.3–6.5 limits). The frame size bounds allocation; the counts bound the work one RPC can
 * cause. Exceeding any of them makes {@link RpcCodec#decode} fail with {@link GossipsubException}.
 *
 * @param maxRpcSize largest RPC body (the LP payload) accepted; the spec advises at least 1 MiB
 *     inbound (go-libp2p-pubsub's default), nwaku sends at most 150 KiB
 * @param maxSubscriptions SubOpts per RPC
 * @param maxMessages messages per RPC
 * @param maxControlEntries IHAVE + IWANT + GRAFT + PRUNE + IDONTWANT entries plus PRUNE
 *     peer-exchange entries per RPC
 * @param maxMessageIds message ids in all IHAVE, IWANT and IDONTWANT entries of one RPC
 * @param maxMessageIdLength bytes in one message id
 * @param maxTopicLength bytes in one topic string (which must also be valid UTF-8)
 */
public record RpcLimits(
    int maxRpcSize,
    int maxSubscriptions,
    int maxMessages,
    int maxControlEntries,
    int maxMessageIds,
    int maxMessageIdLength,
    int maxTopicLength) {

  /** 1 MiB, the go-libp2p-pubsub default read limit (spec §1). */
  public static final int DEFAULT_MAX_RPC_SIZE = 1 << 20;

  public RpcLimits {
    positive(maxRpcSize, "maxRpcSize");
    positive(maxSubscriptions, "maxSubscriptions");
    positive(maxMessages, "maxMessages");
    positive(maxControlEntries, "maxControlEntries");
    positive(maxMessageIds, "maxMessageIds");
    positive(maxMessageIdLength, "maxMessageIdLength");
    positive(maxTopicLength, "maxTopicLength");
  }

  /**
   * 1 MiB RPCs; 5000 subscriptions, 5000 messages, 10 000 control entries, 50 000 ids of at most
   * 256 bytes (Waku ids are 32, from‖seqno ids about 46), topics of at most 1024 bytes.
   */
  public static RpcLimits defaults() {
    return new RpcLimits(DEFAULT_MAX_RPC_SIZE, 5000, 5000, 10_000, 50_000, 256, 1024);
  }

  public RpcLimits withMaxRpcSize(int n) {
    return new RpcLimits(
        n,
        maxSubscriptions,
        maxMessages,
        maxControlEntries,
        maxMessageIds,
        maxMessageIdLength,
        maxTopicLength);
  }

  private static void positive(int v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
  }
}

package dev.causeway.v2.core;

import java.time.Duration;

/**
 * Parameters of The Waku Network (64/WAKU2-NETWORK as deployed by nwaku; spec
 * v2-message-relay-sharding.md §2.1, §2.2, §6.3). Where the spec text and nwaku's preset disagree
 * (the RLN chain and contract), nwaku's values are given.
 */
public final class TheWakuNetwork {
  private TheWakuNetwork() {}

  public static final int CLUSTER_ID = 1;

  /** Autosharding over shards 0..7. */
  public static final int SHARD_COUNT = 8;

  /**
   * Largest encoded {@link WakuMessage}: nwaku's {@code --max-msg-size} default {@code 150KiB},
   * which nwaku applies on every cluster and also hands to gossipsub as its RPC frame limit.
   */
  public static final int MAX_MESSAGE_SIZE = 150 * 1024;

  /** Largest allowed difference between a message timestamp and the local clock. */
  public static final Duration MAX_CLOCK_GAP = Duration.ofSeconds(20);

  public static final int RLN_USER_MESSAGE_LIMIT = 100;
  public static final Duration RLN_EPOCH = Duration.ofSeconds(600);

  /**
   * Linea Sepolia, where nwaku's preset registers RLN memberships (the spec still says Sepolia).
   */
  public static final long RLN_CHAIN_ID = 59141;

  public static final String RLN_CONTRACT = "0xB9cd878C90E49F797B4431fBF4fb333108CB90e6";
}

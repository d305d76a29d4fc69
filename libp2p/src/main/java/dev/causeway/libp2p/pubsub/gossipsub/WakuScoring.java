package dev.causeway.libp2p.pubsub.gossipsub;

import java.time.Duration;
import java.util.List;

/**
 * The score profile that nwaku and go-waku run, so that we judge peers the way they judge us (spec
 * libp2p-gossipsub.md §8.3; nwaku {@code waku/waku_relay/protocol.nim} {@code
 * TopicParameters}/{@code GossipsubParameters}, go-waku {@code waku/v2/protocol/relay/config.go}).
 *
 * <p>Only parameter values live here; nothing depends on Waku types. Use: {@code new
 * PeerScore(WakuScoring.params(), clock)}, then {@code setTopicParams(topic,
 * WakuScoring.topicParams())} for each pubsub topic when subscribing, as both implementations do.
 */
public final class WakuScoring {
  /*
   * Values the §8.3 table leaves open, and what was used:
   * - TopicScoreCap: neither sets it; go-waku's zero value means no cap and nim-libp2p has no
   *   cap at all, so 0 (no cap).
   * - BehaviourPenaltyThreshold: go-waku leaves it 0; nim has no threshold (counter²), which is
   *   the same thing.
   * - IPColocationFactorWhitelist: neither sets one (nim has no whitelist); empty.
   * - AcceptPXThreshold: neither sets it; both default to 0.
   * - P3/P3b are disabled with zero decays, which our validation accepts because their weights
   *   are 0. TimeInMeshQuantum 1 s. P4 has no cap.
   */

  private WakuScoring() {}

  /** Global parameters: decay every 12 s, retain 10 min, P6 −50 over 5 peers, P7 −10 / 0.986. */
  public static PeerScoreParams params() {
    return PeerScoreParams.builder()
        .topicScoreCap(0)
        .appSpecificWeight(0)
        .ipColocationFactor(-50, 5, List.of())
        .behaviourPenalty(-10, 0, 0.986)
        .decayInterval(Duration.ofSeconds(12))
        .decayToZero(0.01)
        .retainScore(Duration.ofMinutes(10))
        .build();
  }

  /** Per-pubsub-topic parameters: P1 0.01/1 s/10, P2 1/0.5/10, P3 and P3b off, P4 −100/0.5. */
  public static TopicScoreParams topicParams() {
    return TopicScoreParams.builder()
        .topicWeight(1)
        .timeInMesh(0.01, Duration.ofSeconds(1), 10)
        .firstMessageDeliveries(1.0, 0.5, 10)
        .meshMessageDeliveries(0, 0, 0, 0, Duration.ZERO, Duration.ZERO)
        .meshFailurePenalty(0, 0)
        .invalidMessageDeliveries(-100, 0.5)
        .build();
  }

  /** Thresholds: gossip −100, publish −1000, graylist −10000, accept PX 0, opportunistic 0. */
  public static PeerScoreThresholds thresholds() {
    return new PeerScoreThresholds(-100, -1000, -10000, 0, 0);
  }
}

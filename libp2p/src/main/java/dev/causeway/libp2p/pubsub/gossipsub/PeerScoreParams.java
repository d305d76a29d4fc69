package dev.causeway.libp2p.pubsub.gossipsub;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Global (not per-topic) score parameters: the topic score cap, the weights of P5 (application
 * score), P6 (IP colocation) and P7 (behaviour penalty), and the decay and retention settings (spec
 * libp2p-gossipsub.md §8.1, §8.3; gossipsub v1.1 "Peer Score Parameters").
 *
 * <p>Per-topic parameters are not part of this record: they are set on {@link PeerScore} when a
 * topic is joined, as nwaku and go-waku do. Build with {@link #builder()}.
 *
 * @param topicScoreCap ceiling of the summed topic part of the score; 0 means no cap
 * @param appSpecificWeight P5 weight; ≥ 0
 * @param ipColocationFactorWeight P6 weight; ≤ 0
 * @param ipColocationFactorThreshold P6 applies when more than this many peers share an IP; ≥ 1
 * @param ipColocationFactorWhitelist addresses exempt from P6: literal IPv4/IPv6 addresses or CIDR
 *     blocks ({@code 127.0.0.0/8}, {@code fd00::/8})
 * @param behaviourPenaltyWeight P7 weight; ≤ 0
 * @param behaviourPenaltyThreshold P7 counter allowance; only the excess over it is squared; ≥ 0
 * @param behaviourPenaltyDecay P7 counter decay factor per decay interval
 * @param decayInterval how often counters decay; positive
 * @param decayToZero counters that decay below this become 0; in (0, 1)
 * @param retainScore how long the counters of a disconnected peer are kept; ≥ 0
 */
public record PeerScoreParams(
    double topicScoreCap,
    double appSpecificWeight,
    double ipColocationFactorWeight,
    int ipColocationFactorThreshold,
    List<String> ipColocationFactorWhitelist,
    double behaviourPenaltyWeight,
    double behaviourPenaltyThreshold,
    double behaviourPenaltyDecay,
    Duration decayInterval,
    double decayToZero,
    Duration retainScore) {

  /**
   * Checks ranges and parses the whitelist.
   *
   * @throws IllegalArgumentException if a value is out of range or a whitelist entry is not an IP
   *     address or CIDR block
   */
  public PeerScoreParams {
    Objects.requireNonNull(decayInterval, "decayInterval");
    Objects.requireNonNull(retainScore, "retainScore");
    ipColocationFactorWhitelist = List.copyOf(ipColocationFactorWhitelist);
    Check.atLeast("topicScoreCap", topicScoreCap, 0);
    Check.atLeast("appSpecificWeight", appSpecificWeight, 0);
    Check.atMost("ipColocationFactorWeight", ipColocationFactorWeight, 0);
    if (ipColocationFactorThreshold < 1) {
      throw new IllegalArgumentException(
          "ipColocationFactorThreshold must be >= 1, was " + ipColocationFactorThreshold);
    }
    for (String entry : ipColocationFactorWhitelist) {
      IpNet.parse(entry);
    }
    Check.atMost("behaviourPenaltyWeight", behaviourPenaltyWeight, 0);
    Check.atLeast("behaviourPenaltyThreshold", behaviourPenaltyThreshold, 0);
    Check.decay("behaviourPenaltyDecay", behaviourPenaltyDecay, behaviourPenaltyWeight);
    Check.positive("decayInterval", decayInterval);
    Check.above("decayToZero", decayToZero, 0);
    if (decayToZero >= 1) {
      throw new IllegalArgumentException("decayToZero must be < 1, was " + decayToZero);
    }
    Check.notNegative("retainScore", retainScore);
  }

  /**
   * A builder with no cap, P5–P7 disabled, colocation threshold 1, decay interval 1 s, decay to
   * zero 0.01 (the go-libp2p-pubsub defaults) and no retention.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.topicScoreCap = topicScoreCap;
    b.appSpecificWeight = appSpecificWeight;
    b.ipColocationFactorWeight = ipColocationFactorWeight;
    b.ipColocationFactorThreshold = ipColocationFactorThreshold;
    b.ipColocationFactorWhitelist = ipColocationFactorWhitelist;
    b.behaviourPenaltyWeight = behaviourPenaltyWeight;
    b.behaviourPenaltyThreshold = behaviourPenaltyThreshold;
    b.behaviourPenaltyDecay = behaviourPenaltyDecay;
    b.decayInterval = decayInterval;
    b.decayToZero = decayToZero;
    b.retainScore = retainScore;
    return b;
  }

  /** Fluent construction of {@link PeerScoreParams}; {@link #build()} validates. */
  public static final class Builder {
    private double topicScoreCap;
    private double appSpecificWeight;
    private double ipColocationFactorWeight;
    private int ipColocationFactorThreshold = 1;
    private List<String> ipColocationFactorWhitelist = List.of();
    private double behaviourPenaltyWeight;
    private double behaviourPenaltyThreshold;
    private double behaviourPenaltyDecay;
    private Duration decayInterval = Duration.ofSeconds(1);
    private double decayToZero = 0.01;
    private Duration retainScore = Duration.ZERO;

    private Builder() {}

    public Builder topicScoreCap(double v) {
      topicScoreCap = v;
      return this;
    }

    public Builder appSpecificWeight(double v) {
      appSpecificWeight = v;
      return this;
    }

    /** P6: weight, threshold (peers per IP) and exempt addresses or CIDR blocks. */
    public Builder ipColocationFactor(double weight, int threshold, List<String> whitelist) {
      ipColocationFactorWeight = weight;
      ipColocationFactorThreshold = threshold;
      ipColocationFactorWhitelist = whitelist;
      return this;
    }

    /** P7: weight, threshold and decay factor. */
    public Builder behaviourPenalty(double weight, double threshold, double decay) {
      behaviourPenaltyWeight = weight;
      behaviourPenaltyThreshold = threshold;
      behaviourPenaltyDecay = decay;
      return this;
    }

    public Builder decayInterval(Duration v) {
      decayInterval = v;
      return this;
    }

    public Builder decayToZero(double v) {
      decayToZero = v;
      return this;
    }

    public Builder retainScore(Duration v) {
      retainScore = v;
      return this;
    }

    /**
     * The validated parameters.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public PeerScoreParams build() {
      return new PeerScoreParams(
          topicScoreCap,
          appSpecificWeight,
          ipColocationFactorWeight,
          ipColocationFactorThreshold,
          ipColocationFactorWhitelist,
          behaviourPenaltyWeight,
          behaviourPenaltyThreshold,
          behaviourPenaltyDecay,
          decayInterval,
          decayToZero,
          retainScore);
    }
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import java.time.Duration;
import java.util.Objects;

/**
 * Score parameters of one topic: its weight and the weights, decays, caps and windows of the topic
 * terms P1 (time in mesh), P2 (first deliveries), P3 (mesh delivery deficit), P3b (mesh failure
 * penalty) and P4 (invalid messages) (spec libp2p-gossipsub.md §8.1; gossipsub v1.1 "Topic
 * Parameters").
 *
 * <p>Decays are per {@link PeerScoreParams#decayInterval()}. A term with weight 0 is disabled and
 * its other values are only checked for range; a term with a non-zero weight must have a decay in
 * (0, 1) and a positive cap, as go-libp2p-pubsub requires. Build with {@link #builder()}: every
 * term starts disabled.
 *
 * <p>{@link #meshMessageDeliveriesWindow()} is for the router: a duplicate counts towards P3 only
 * if it arrives within this window after the first copy (or while the first copy is still being
 * validated), and only then should the router call {@link ScoreTracker#deliverDuplicate}.
 *
 * @param topicWeight multiplies the topic's sum of terms; ≥ 0
 * @param timeInMeshWeight P1 weight; ≥ 0
 * @param timeInMeshQuantum P1 unit of mesh time; positive
 * @param timeInMeshCap P1 ceiling, in quanta
 * @param firstMessageDeliveriesWeight P2 weight; ≥ 0
 * @param firstMessageDeliveriesDecay P2 counter decay factor
 * @param firstMessageDeliveriesCap P2 counter ceiling
 * @param meshMessageDeliveriesWeight P3 weight; ≤ 0
 * @param meshMessageDeliveriesDecay P3 counter decay factor
 * @param meshMessageDeliveriesThreshold P3 counter below which the deficit is penalised
 * @param meshMessageDeliveriesCap P3 counter ceiling; ≥ threshold when P3 is enabled
 * @param meshMessageDeliveriesActivation mesh time after which P3 applies
 * @param meshMessageDeliveriesWindow how late a duplicate may still count as a mesh delivery
 * @param meshFailurePenaltyWeight P3b weight; ≤ 0
 * @param meshFailurePenaltyDecay P3b counter decay factor
 * @param invalidMessageDeliveriesWeight P4 weight; ≤ 0
 * @param invalidMessageDeliveriesDecay P4 counter decay factor
 */
public record TopicScoreParams(
    double topicWeight,
    double timeInMeshWeight,
    Duration timeInMeshQuantum,
    double timeInMeshCap,
    double firstMessageDeliveriesWeight,
    double firstMessageDeliveriesDecay,
    double firstMessageDeliveriesCap,
    double meshMessageDeliveriesWeight,
    double meshMessageDeliveriesDecay,
    double meshMessageDeliveriesThreshold,
    double meshMessageDeliveriesCap,
    Duration meshMessageDeliveriesActivation,
    Duration meshMessageDeliveriesWindow,
    double meshFailurePenaltyWeight,
    double meshFailurePenaltyDecay,
    double invalidMessageDeliveriesWeight,
    double invalidMessageDeliveriesDecay) {

  /**
   * Checks ranges.
   *
   * @throws IllegalArgumentException if a value is out of range (message names it)
   */
  public TopicScoreParams {
    Objects.requireNonNull(timeInMeshQuantum, "timeInMeshQuantum");
    Objects.requireNonNull(meshMessageDeliveriesActivation, "meshMessageDeliveriesActivation");
    Objects.requireNonNull(meshMessageDeliveriesWindow, "meshMessageDeliveriesWindow");
    Check.atLeast("topicWeight", topicWeight, 0);

    Check.atLeast("timeInMeshWeight", timeInMeshWeight, 0);
    Check.positive("timeInMeshQuantum", timeInMeshQuantum);
    Check.atLeast("timeInMeshCap", timeInMeshCap, 0);
    if (timeInMeshWeight != 0) {
      Check.above("timeInMeshCap", timeInMeshCap, 0);
    }

    Check.atLeast("firstMessageDeliveriesWeight", firstMessageDeliveriesWeight, 0);
    Check.atLeast("firstMessageDeliveriesCap", firstMessageDeliveriesCap, 0);
    Check.decay(
        "firstMessageDeliveriesDecay", firstMessageDeliveriesDecay, firstMessageDeliveriesWeight);
    if (firstMessageDeliveriesWeight != 0) {
      Check.above("firstMessageDeliveriesCap", firstMessageDeliveriesCap, 0);
    }

    Check.atMost("meshMessageDeliveriesWeight", meshMessageDeliveriesWeight, 0);
    Check.atLeast("meshMessageDeliveriesThreshold", meshMessageDeliveriesThreshold, 0);
    Check.atLeast("meshMessageDeliveriesCap", meshMessageDeliveriesCap, 0);
    Check.notNegative("meshMessageDeliveriesActivation", meshMessageDeliveriesActivation);
    Check.notNegative("meshMessageDeliveriesWindow", meshMessageDeliveriesWindow);
    Check.decay(
        "meshMessageDeliveriesDecay", meshMessageDeliveriesDecay, meshMessageDeliveriesWeight);
    if (meshMessageDeliveriesWeight != 0) {
      Check.above("meshMessageDeliveriesThreshold", meshMessageDeliveriesThreshold, 0);
      Check.atLeast(
          "meshMessageDeliveriesCap", meshMessageDeliveriesCap, meshMessageDeliveriesThreshold);
    }

    Check.atMost("meshFailurePenaltyWeight", meshFailurePenaltyWeight, 0);
    Check.decay("meshFailurePenaltyDecay", meshFailurePenaltyDecay, meshFailurePenaltyWeight);

    Check.atMost("invalidMessageDeliveriesWeight", invalidMessageDeliveriesWeight, 0);
    Check.decay(
        "invalidMessageDeliveriesDecay",
        invalidMessageDeliveriesDecay,
        invalidMessageDeliveriesWeight);
  }

  /** A builder with topic weight 1, quantum 1 s, and every term disabled (weight 0). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.topicWeight = topicWeight;
    b.timeInMeshWeight = timeInMeshWeight;
    b.timeInMeshQuantum = timeInMeshQuantum;
    b.timeInMeshCap = timeInMeshCap;
    b.firstMessageDeliveriesWeight = firstMessageDeliveriesWeight;
    b.firstMessageDeliveriesDecay = firstMessageDeliveriesDecay;
    b.firstMessageDeliveriesCap = firstMessageDeliveriesCap;
    b.meshMessageDeliveriesWeight = meshMessageDeliveriesWeight;
    b.meshMessageDeliveriesDecay = meshMessageDeliveriesDecay;
    b.meshMessageDeliveriesThreshold = meshMessageDeliveriesThreshold;
    b.meshMessageDeliveriesCap = meshMessageDeliveriesCap;
    b.meshMessageDeliveriesActivation = meshMessageDeliveriesActivation;
    b.meshMessageDeliveriesWindow = meshMessageDeliveriesWindow;
    b.meshFailurePenaltyWeight = meshFailurePenaltyWeight;
    b.meshFailurePenaltyDecay = meshFailurePenaltyDecay;
    b.invalidMessageDeliveriesWeight = invalidMessageDeliveriesWeight;
    b.invalidMessageDeliveriesDecay = invalidMessageDeliveriesDecay;
    return b;
  }

  /** Fluent construction of {@link TopicScoreParams}; {@link #build()} validates. */
  public static final class Builder {
    private double topicWeight = 1;
    private double timeInMeshWeight;
    private Duration timeInMeshQuantum = Duration.ofSeconds(1);
    private double timeInMeshCap;
    private double firstMessageDeliveriesWeight;
    private double firstMessageDeliveriesDecay;
    private double firstMessageDeliveriesCap;
    private double meshMessageDeliveriesWeight;
    private double meshMessageDeliveriesDecay;
    private double meshMessageDeliveriesThreshold;
    private double meshMessageDeliveriesCap;
    private Duration meshMessageDeliveriesActivation = Duration.ZERO;
    private Duration meshMessageDeliveriesWindow = Duration.ZERO;
    private double meshFailurePenaltyWeight;
    private double meshFailurePenaltyDecay;
    private double invalidMessageDeliveriesWeight;
    private double invalidMessageDeliveriesDecay;

    private Builder() {}

    public Builder topicWeight(double v) {
      topicWeight = v;
      return this;
    }

    /** P1: weight, quantum and cap (in quanta). */
    public Builder timeInMesh(double weight, Duration quantum, double cap) {
      timeInMeshWeight = weight;
      timeInMeshQuantum = quantum;
      timeInMeshCap = cap;
      return this;
    }

    /** P2: weight, decay factor and counter cap. */
    public Builder firstMessageDeliveries(double weight, double decay, double cap) {
      firstMessageDeliveriesWeight = weight;
      firstMessageDeliveriesDecay = decay;
      firstMessageDeliveriesCap = cap;
      return this;
    }

    /** P3: weight, decay factor, threshold, counter cap, activation delay and duplicate window. */
    public Builder meshMessageDeliveries(
        double weight,
        double decay,
        double threshold,
        double cap,
        Duration activation,
        Duration window) {
      meshMessageDeliveriesWeight = weight;
      meshMessageDeliveriesDecay = decay;
      meshMessageDeliveriesThreshold = threshold;
      meshMessageDeliveriesCap = cap;
      meshMessageDeliveriesActivation = activation;
      meshMessageDeliveriesWindow = window;
      return this;
    }

    /** P3b: weight and decay factor. */
    public Builder meshFailurePenalty(double weight, double decay) {
      meshFailurePenaltyWeight = weight;
      meshFailurePenaltyDecay = decay;
      return this;
    }

    /** P4: weight and decay factor. */
    public Builder invalidMessageDeliveries(double weight, double decay) {
      invalidMessageDeliveriesWeight = weight;
      invalidMessageDeliveriesDecay = decay;
      return this;
    }

    /**
     * The validated parameters.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public TopicScoreParams build() {
      return new TopicScoreParams(
          topicWeight,
          timeInMeshWeight,
          timeInMeshQuantum,
          timeInMeshCap,
          firstMessageDeliveriesWeight,
          firstMessageDeliveriesDecay,
          firstMessageDeliveriesCap,
          meshMessageDeliveriesWeight,
          meshMessageDeliveriesDecay,
          meshMessageDeliveriesThreshold,
          meshMessageDeliveriesCap,
          meshMessageDeliveriesActivation,
          meshMessageDeliveriesWindow,
          meshFailurePenaltyWeight,
          meshFailurePenaltyDecay,
          invalidMessageDeliveriesWeight,
          invalidMessageDeliveriesDecay);
    }
  }
}

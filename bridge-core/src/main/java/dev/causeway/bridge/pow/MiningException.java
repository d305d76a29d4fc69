package dev.causeway.bridge.pow;

/** A submission to the {@link MiningPool} did not produce a sealed envelope. */
public final class MiningException extends Exception {
  private static final long serialVersionUID = 1L;
  private final MiningOutcome outcome;
  private final double target;

  public MiningException(MiningOutcome outcome, double target, String message) {
    super(message, null, false, false);
    if (outcome.success()) {
      throw new IllegalArgumentException(outcome + " is not a failure");
    }
    this.outcome = outcome;
    this.target = target;
  }

  public MiningOutcome outcome() {
    return outcome;
  }

  /** The target that was aimed for (NaN when mining never started). */
  public double target() {
    return target;
  }
}

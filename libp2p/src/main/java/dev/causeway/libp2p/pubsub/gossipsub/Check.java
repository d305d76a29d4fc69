package dev.causeway.libp2p.pubsub.gossipsub;

import java.time.Duration;

/** Range checks shared by the score parameter records; failures name the parameter. */
final class Check {
  private Check() {}

  static void finite(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite, was " + v);
    }
  }

  static void atLeast(String name, double v, double min) {
    finite(name, v);
    if (v < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + v);
    }
  }

  static void atMost(String name, double v, double max) {
    finite(name, v);
    if (v > max) {
      throw new IllegalArgumentException(name + " must be <= " + max + ", was " + v);
    }
  }

  static void above(String name, double v, double min) {
    finite(name, v);
    if (v <= min) {
      throw new IllegalArgumentException(name + " must be > " + min + ", was " + v);
    }
  }

  /** A decay factor: in [0, 1], and strictly inside (0, 1) when its term has a weight. */
  static void decay(String name, double decay, double weight) {
    atLeast(name, decay, 0);
    atMost(name, decay, 1);
    if (weight != 0 && (decay == 0 || decay == 1)) {
      throw new IllegalArgumentException(
          name + " must be in (0, 1) when its weight is set, was " + decay);
    }
  }

  static void positive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  static void notNegative(String name, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
  }
}

package dev.causeway.v1.waku.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProofOfWorkTest {
  @Test
  void requiredBitsFollowsStatusGoSeal() {
    assertThat(ProofOfWork.requiredBits(0.002, 278, 50)).isEqualTo(5);
    assertThat(ProofOfWork.requiredBits(0.2, 300, 50)).isEqualTo(12); // x = 3000
    assertThat(ProofOfWork.requiredBits(0.000002, 300, 50)).isEqualTo(1); // x < 1: Go minimum
    assertThat(ProofOfWork.requiredBits(0, 300, 50)).isZero();
    assertThat(ProofOfWork.requiredBits(-1, 300, 50)).isZero();
    assertThat(ProofOfWork.requiredBits(1e80, 300, 50)).isEqualTo(257);
  }

  @Test
  void requiredBitsIsExactAtPowersOfTwo() {
    // x = 0.5 * 64 * 1 = 32 exactly: log2 must be exactly 5, not 5.000000001.
    assertThat(ProofOfWork.requiredBits(0.5, 64, 1)).isEqualTo(5);
    assertThat(ProofOfWork.powFromBits(5, 64, 1)).isEqualTo(0.5);
    assertThat(ProofOfWork.log2(1024)).isEqualTo(10.0);
    assertThat(ProofOfWork.log2(0.25)).isEqualTo(-2.0);
  }

  @Test
  void minimalBitsHasNoLowerClamp() {
    assertThat(ProofOfWork.minimalBits(0.000002, 300, 50)).isZero();
    assertThat(ProofOfWork.minimalBits(0.002, 281, 50)).isEqualTo(5);
    assertThat(ProofOfWork.minimalBits(0.00458, 281, 50)).isEqualTo(7);
    assertThat(ProofOfWork.minimalBits(0.00458, 278, 50)).isEqualTo(6);
  }

  @Test
  void powDividesBySizeThenTtl() {
    assertThat(ProofOfWork.powFromBits(6, 278, 50)).isEqualTo(64.0 / 278 / 50);
    assertThat(ProofOfWork.powFromBits(0, 1, 0)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void sizeRulesDifferAsSpecified() {
    Envelope small = Envelope.of(1_700_000_050L, 50, Topic.ofInt(1), new byte[10], 0);
    assertThat(ProofOfWork.statusGoSize(small)).isEqualTo(23);
    assertThat(ProofOfWork.nimSize(small)).isEqualTo(30);
    assertThat(ProofOfWork.strictSize(small)).isEqualTo(30);
    assertThat(ProofOfWork.powStrict(small)).isLessThanOrEqualTo(ProofOfWork.pow(small));
  }

  @Test
  void futureAdjustmentLowersPow() {
    Envelope e = Envelope.of(1_700_000_050L, 50, Topic.ofInt(1), new byte[10], 3);
    assertThat(ProofOfWork.pow(e, 5)).isLessThan(ProofOfWork.pow(e));
    assertThat(ProofOfWork.pow(e, 0)).isEqualTo(ProofOfWork.pow(e));
  }
}

package dev.causeway.bridge.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The marked nonce range: exactly the nonces whose upper 32 bits are 0xCA05E0A7. */
class OriginNonceTest {
  @Test
  void baseIsTheMarkerFollowedByZeros() {
    assertThat(OriginNonce.ORIGIN_NONCE_BASE).isEqualTo((long) OriginNonce.MARKER << 32);
    assertThat(Long.toUnsignedString(OriginNonce.ORIGIN_NONCE_BASE))
        .isEqualTo("14557288378409156608");
    assertThat(OriginNonce.RANGE).isEqualTo(4_294_967_296L);
  }

  @Test
  void exactlyTheMarkedRangeIsRecognised() {
    long base = OriginNonce.ORIGIN_NONCE_BASE;
    assertThat(OriginNonce.isV2Origin(base)).isTrue();
    assertThat(OriginNonce.isV2Origin(base + 12_345)).isTrue();
    assertThat(OriginNonce.isV2Origin(base + OriginNonce.RANGE - 1)).isTrue();
    assertThat(OriginNonce.isV2Origin(base - 1)).isFalse();
    assertThat(OriginNonce.isV2Origin(base + OriginNonce.RANGE)).isFalse();
    // What v1 clients produce: small nonces from 0; also the extremes of the uint64 range.
    for (long n : new long[] {0, 1, 13, 1L << 29, 0xCA05E0A7L, Long.MAX_VALUE, -1L}) {
      assertThat(OriginNonce.isV2Origin(n)).as("nonce %s", Long.toUnsignedString(n)).isFalse();
    }
  }
}

package dev.causeway.v1.waku.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.testing.RandomInputs;
import org.junit.jupiter.api.Test;

class EnvelopeCodecPropertyTest {
  @Test
  void roundTrips() {
    RandomInputs.forEachCase(
        500,
        r -> {
          Envelope e = Mutations.envelope(r);
          Envelope d = Envelope.decode(e.encode());
          assertThat(d).isEqualTo(e);
          assertThat(d.expiry()).isEqualTo(e.expiry());
          assertThat(d.ttl()).isEqualTo(e.ttl());
          assertThat(d.topic()).isEqualTo(e.topic());
          assertThat(d.data()).isEqualTo(e.data());
          assertThat(d.nonce()).isEqualTo(e.nonce());
          assertThat(d.hash()).isEqualTo(e.hash());
          assertThat(d.shortRlp()).isEqualTo(e.shortRlp());
        });
  }

  @Test
  void randomBytesOnlyRaiseWakuCodecException() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          byte[] bytes = RandomInputs.bytes(r, 400);
          try {
            Envelope d = Envelope.decode(bytes);
            assertThat(d.encode()).isEqualTo(bytes);
          } catch (WakuCodecException expected) {
            // the only permitted failure
          }
        });
  }

  @Test
  void mutatedEncodingsDecodeCanonicallyOrRaiseWakuCodecException() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          byte[] mutated = Mutations.mutate(r, Mutations.envelope(r).encode());
          try {
            Envelope d = Envelope.decode(mutated);
            // Strict decoding accepts only canonical RLP, so re-encoding reproduces the input.
            assertThat(d.encode()).isEqualTo(mutated);
          } catch (WakuCodecException expected) {
            // the only permitted failure
          }
        });
  }
}

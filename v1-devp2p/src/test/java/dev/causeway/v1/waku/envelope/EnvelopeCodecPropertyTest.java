package dev.causeway.v1.waku.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class EnvelopeCodecPropertyTest {
  @Provide
  Arbitrary<Envelope> envelopes() {
    return Mutations.envelopes();
  }

  @Property(tries = 500)
  void roundTrips(@ForAll("envelopes") Envelope e) throws Exception {
    Envelope d = Envelope.decode(e.encode());
    assertThat(d).isEqualTo(e);
    assertThat(d.expiry()).isEqualTo(e.expiry());
    assertThat(d.ttl()).isEqualTo(e.ttl());
    assertThat(d.topic()).isEqualTo(e.topic());
    assertThat(d.data()).isEqualTo(e.data());
    assertThat(d.nonce()).isEqualTo(e.nonce());
    assertThat(d.hash()).isEqualTo(e.hash());
    assertThat(d.shortRlp()).isEqualTo(e.shortRlp());
  }

  @Property(tries = 1000)
  void randomBytesOnlyRaiseWakuCodecException(@ForAll @Size(max = 400) byte[] bytes) {
    try {
      Envelope d = Envelope.decode(bytes);
      assertThat(d.encode()).isEqualTo(bytes);
    } catch (WakuCodecException expected) {
      // the only permitted failure
    }
  }

  @Property(tries = 1000)
  void mutatedEncodingsDecodeCanonicallyOrRaiseWakuCodecException(
      @ForAll("envelopes") Envelope e, @ForAll int op, @ForAll int pos, @ForAll int value) {
    byte[] mutated = Mutations.mutate(e.encode(), op, pos, value);
    try {
      Envelope d = Envelope.decode(mutated);
      // Strict decoding accepts only canonical RLP, so re-encoding reproduces the input exactly.
      assertThat(d.encode()).isEqualTo(mutated);
    } catch (WakuCodecException expected) {
      // the only permitted failure
    }
  }
}

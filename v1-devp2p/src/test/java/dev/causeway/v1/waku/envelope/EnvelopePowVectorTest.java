package dev.causeway.v1.waku.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.causeway.common.hex.Hex;
import java.util.List;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@code vectors/v1-waku/envelope-pow.txt} (spec v1-waku.md §5.3 worked example). */
class EnvelopePowVectorTest {
  static List<VectorBlocks.Block> vectors() {
    return VectorBlocks.blocks("/vectors/v1-waku/envelope-pow.txt");
  }

  /** The blocks that also list the PoW hash and envelope encoding of the status-go nonce. */
  static List<VectorBlocks.Block> hashVectors() {
    return vectors().stream().filter(v -> v.has("pow_hash")).toList();
  }

  private static Envelope unsealed(VectorBlocks.Block v) {
    return Envelope.of(
        Long.parseLong(v.get("expiry")),
        Long.parseLong(v.get("ttl")),
        Topic.fromHex(v.get("topic")),
        Hex.decode(v.get("data")),
        0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void shortRlpAndSizesMatch(VectorBlocks.Block v) {
    Envelope e = unsealed(v);
    assertThat(Hex.encode(e.shortRlp())).startsWith(v.get("short_rlp_prefix"));
    assertThat(e.shortRlp()).hasSize(Integer.parseInt(v.get("short_rlp_length")));
    assertThat(ProofOfWork.statusGoSize(e)).isEqualTo(Integer.parseInt(v.get("status_go_size")));
    assertThat(ProofOfWork.nimSize(e)).isEqualTo(Integer.parseInt(v.get("nim_size")));
    double target = Double.parseDouble(v.get("target"));
    assertThat(ProofOfWork.requiredBits(target, ProofOfWork.statusGoSize(e), e.ttl()))
        .isEqualTo(Integer.parseInt(v.get("required_bits_status_go")));
    assertThat(ProofOfWork.requiredBits(target, ProofOfWork.strictSize(e), e.ttl()))
        .isEqualTo(Integer.parseInt(v.get("required_bits_strict")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void firstNonceUnderStatusGoSizeMatches(VectorBlocks.Block v) {
    Envelope e = unsealed(v);
    double target = Double.parseDouble(v.get("target"));
    long nonce = 0;
    while (ProofOfWork.pow(e.withNonce(nonce)) < target) {
      nonce++;
    }
    assertThat(nonce).isEqualTo(Long.parseLong(v.get("nonce_status_go")));
    assertThat(
            naiveFirstNonce(
                e, ProofOfWork.requiredBits(target, ProofOfWork.statusGoSize(e), e.ttl())))
        .isEqualTo(nonce);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void minerFindsStrictNonce(VectorBlocks.Block v) {
    Envelope e = unsealed(v);
    double target = Double.parseDouble(v.get("target"));
    PowMiner.Result r = new PowMiner().mine(e, target, 1_000_000);
    assertThat(r.outcome()).isEqualTo(PowMiner.Outcome.FOUND);
    Envelope sealed = r.sealed().orElseThrow();
    long expected = Long.parseLong(v.get("nonce_strict"));
    assertThat(sealed.nonce()).isEqualTo(expected);
    assertThat(r.attempts()).isEqualTo(expected + 1);
    assertThat(ProofOfWork.powStrict(sealed)).isGreaterThanOrEqualTo(target);
    int strictBits = Integer.parseInt(v.get("required_bits_strict"));
    assertThat(naiveFirstNonce(e, strictBits)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashVectors")
  void powHashEncodingAndEnvelopeHashMatch(VectorBlocks.Block v) {
    Envelope sealed = unsealed(v).withNonce(Long.parseLong(v.get("nonce_status_go")));
    assertThat(Hex.encode(ProofOfWork.powHash(sealed))).isEqualTo(v.get("pow_hash"));
    assertThat(ProofOfWork.leadingZeroBits(sealed))
        .isEqualTo(Integer.parseInt(v.get("leading_zeros")));
    assertThat(ProofOfWork.pow(sealed))
        .isCloseTo(Double.parseDouble(v.get("pow_status_go")), within(5e-8));
    assertThat(ProofOfWork.powStrict(sealed))
        .isCloseTo(Double.parseDouble(v.get("pow_nim")), within(5e-8));
    String rlp = Hex.encode(sealed.encode());
    assertThat(rlp).startsWith(v.get("envelope_rlp_prefix")).endsWith(v.get("envelope_rlp_suffix"));
    assertThat(sealed.encodedLength()).isEqualTo(Integer.parseInt(v.get("envelope_length")));
    assertThat(sealed.hash().toHex()).isEqualTo(v.get("envelope_hash"));
  }

  /** Independent reference: Bouncy Castle Keccak over shortRlp || nonce, counting from 0. */
  private static long naiveFirstNonce(Envelope e, int bits) {
    byte[] shortRlp = e.shortRlp();
    for (long n = 0; ; n++) {
      KeccakDigest d = new KeccakDigest(256);
      d.update(shortRlp, 0, shortRlp.length);
      for (int i = 56; i >= 0; i -= 8) {
        d.update((byte) (n >>> i));
      }
      byte[] h = new byte[32];
      d.doFinal(h, 0);
      if (256 - new java.math.BigInteger(1, h).bitLength() >= bits) {
        return n;
      }
    }
  }
}

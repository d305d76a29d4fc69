package dev.causeway.libp2p.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.crypto.KeyException;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.crypto.PubKey;
import dev.causeway.testing.RandomInputs;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Published libp2p peer-ids spec key vectors and the peer ids computed from them (digest
 * spec/libp2p-core.md §3.4), plus the RFC 6979 secp256k1 signature vector.
 */
class PeerIdVectorTest {
  static final String ED_PRIV =
      "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  static final String ED_PUB =
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  static final String SECP_PRIV =
      "0802122053DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB";
  static final String SECP_PUB =
      "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";

  @Test
  void ed25519VectorRoundTripsAndGivesPublishedPeerId() throws Exception {
    PrivKey k = Keys.unmarshalPrivateKey(Hex.decode(ED_PRIV));
    assertThat(Hex.encode(k.marshal())).isEqualTo(ED_PRIV);
    assertThat(Hex.encode(k.publicKey().marshal())).isEqualTo(ED_PUB);
    PeerId id = PeerId.fromPublicKey(k.publicKey());
    assertThat(Hex.encode(id.bytes()))
        .isEqualTo("0024080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    assertThat(id.toBase58()).isEqualTo("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    assertThat(id.toCid())
        .isEqualTo("bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6");
    assertThat(PeerId.parse(id.toCid())).isEqualTo(id);
    assertThat(PeerId.parse(id.toBase58())).isEqualTo(id);
    assertThat(id.publicKey()).contains(k.publicKey());
  }

  @Test
  void secp256k1VectorRoundTripsAndGivesPublishedPeerId() throws Exception {
    PrivKey k = Keys.unmarshalPrivateKey(Hex.decode(SECP_PRIV));
    assertThat(Hex.encode(k.marshal())).isEqualToIgnoringCase(SECP_PRIV);
    assertThat(Hex.encode(k.publicKey().marshal())).isEqualTo(SECP_PUB);
    PeerId id = PeerId.fromPublicKey(k.publicKey());
    assertThat(id.toBase58()).isEqualTo("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY");
    assertThat(id.toCid())
        .isEqualTo("bafzaajiiaijcca3xo7uzjzcsyilaj6i54cj44qk7kqzpoao5rti2pjx6udtdbp6kte");
  }

  @Test
  void publishedTextFormsParse() {
    PeerId qm = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    assertThat(qm.toCid()).isEqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
    assertThat(PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA").toBase58())
        .isEqualTo("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
  }

  @Test
  void secp256k1SignatureMatchesRfc6979Vector() throws Exception {
    byte[] one = new byte[32];
    one[31] = 1;
    PrivKey k = Keys.secp256k1(one);
    byte[] msg = "Satoshi Nakamoto".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = k.sign(msg);
    assertThat(Hex.encode(sig))
        .isEqualTo(
            "3045022100934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d802202442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5");
    assertThat(k.publicKey().verify(msg, sig)).isTrue();
    assertThat(k.publicKey().verify("other".getBytes(StandardCharsets.US_ASCII), sig)).isFalse();
  }

  @Test
  void signaturesVerifyForBothKeyTypesAndFailWhenTampered() {
    SecureRandom rnd = new SecureRandom();
    for (PrivKey k : new PrivKey[] {Keys.generateEd25519(rnd), Keys.generateSecp256k1(rnd)}) {
      byte[] msg = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
      byte[] sig = k.sign(msg);
      PubKey pub = k.publicKey();
      assertThat(pub.verify(msg, sig)).isTrue();
      sig[sig.length - 1] ^= 1;
      assertThat(pub.verify(msg, sig)).isFalse();
    }
  }

  @Test
  void randomBytesOnlyGiveTypedErrors() {
    RandomInputs.forEachCase(
        2000,
        r -> {
          byte[] in = RandomInputs.bytes(r, 120);
          try {
            Keys.unmarshalPublicKey(in);
          } catch (KeyException expected) {
            // typed
          }
          try {
            Keys.unmarshalPrivateKey(in);
          } catch (KeyException expected) {
            // typed
          }
          try {
            PeerId.fromBytes(in);
          } catch (IllegalArgumentException expected) {
            // typed
          }
          byte[] mutated = RandomInputs.mutate(r, Hex.decode(SECP_PUB));
          try {
            Keys.unmarshalPublicKey(mutated);
          } catch (KeyException expected) {
            // typed
          }
        });
    assertThatThrownBy(() -> PeerId.parse("0xnotapeerid"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.causeway.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Values from the EIP-8 vectors as digested in {@code spec/v1-rlpx-devp2p.md} §6.1–6.2. */
class Secp256k1Test {
  static final Secp256k1.KeyPair A =
      Secp256k1.KeyPair.fromPrivateKey(
          Hex.decode("49a7b37aa6f6645917e7b807e9d1c00d4fa71f18343b0d4122a4d2df64dd6fee"));
  static final Secp256k1.KeyPair B =
      Secp256k1.KeyPair.fromPrivateKey(
          Hex.decode("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291"));

  @Test
  void derivesPublishedPublicKeys() {
    assertThat(Hex.encode(A.publicKey()))
        .isEqualTo(
            "fda1cff674c90c9a197539fe3dfb53086ace64f83ed7c6eabec741f7f381cc803e52ab2cd55d5569bce4347107a310dfd5f88a010cd2ffd1005ca406f1842877");
    assertThat(Hex.encode(B.publicKey()))
        .isEqualTo(
            "ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd31387574077f301b421bc84df7266c44e9e6d569fc56be00812904767bf5ccd1fc7f");
  }

  @Test
  void ecdhIsSymmetricAndMatchesDerivedValue() throws Exception {
    byte[] ab = Secp256k1.ecdh(A, B.publicKey());
    assertThat(Secp256k1.ecdh(B, A.publicKey())).isEqualTo(ab);
    assertThat(Hex.encode(ab))
        .isEqualTo("2d21423c1dc3355da36e7f2c2b530eeffcf0680f93201a958b2ec3a7d04958e6");
  }

  @Test
  void signRecoversSignerWithLowS() throws Exception {
    SecureRandom rnd = new SecureRandom();
    for (int i = 0; i < 50; i++) {
      Secp256k1.KeyPair k = Secp256k1.KeyPair.random(rnd);
      byte[] digest = new byte[32];
      rnd.nextBytes(digest);
      byte[] sig = Secp256k1.sign(k, digest);
      assertThat(sig[64]).isBetween((byte) 0, (byte) 1);
      assertThat(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64)))
          .isLessThanOrEqualTo(Secp256k1.N.shiftRight(1));
      assertThat(Secp256k1.recover(sig, digest)).isEqualTo(k.publicKey());
    }
  }

  @Test
  void rejectsMalformedKeysAndSignatures() {
    assertThatThrownBy(() -> Secp256k1.decodePoint(new byte[64]))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Secp256k1.decodePoint(new byte[7]))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Secp256k1.recover(new byte[65], new byte[32]))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void eciesRoundTripAndTamperDetection() throws Exception {
    SecureRandom rnd = new SecureRandom();
    byte[] msg = "hello ecies".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] s2 = {1, 2};
    byte[] ct = Ecies.encrypt(B.publicKey(), msg, s2, rnd);
    assertThat(ct).hasSize(msg.length + Ecies.OVERHEAD);
    assertThat(Ecies.decrypt(B, ct, s2)).isEqualTo(msg);
    assertThatThrownBy(() -> Ecies.decrypt(B, ct, new byte[0])).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> Ecies.decrypt(A, ct, s2)).isInstanceOf(CryptoException.class);
    ct[70] ^= 1;
    assertThatThrownBy(() -> Ecies.decrypt(B, ct, s2)).isInstanceOf(CryptoException.class);
  }
}

package dev.causeway.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.causeway.libp2p.noise.NoiseException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** Noise CipherState over the JDK ChaCha20-Poly1305 (spec libp2p-core.md §5.1). */
class CipherStateTest {
  private static final byte[] KEY = new byte[32];
  private static final byte[] AD = "associated".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MSG = "a noise transport message".getBytes(StandardCharsets.US_ASCII);

  static {
    for (int i = 0; i < 32; i++) {
      KEY[i] = (byte) (0xa0 + i);
    }
  }

  @Test
  void nonceIsFourZeroBytesThenLittleEndianCounterAsBouncyCastleComputes() throws Exception {
    long n = 0x0102030405060708L;
    CipherState cs = new CipherState(KEY);
    cs.setNonce(n);
    byte[] ours = cs.encryptWithAd(AD, MSG);
    byte[] nonce = {0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1};
    assertThat(ours).isEqualTo(bouncyCastleEncrypt(nonce, AD, MSG));
    assertThat(cs.nonce()).isEqualTo(n + 1);
  }

  @Test
  void counterAdvancesPerMessageAndDecryptMirrorsIt() throws Exception {
    CipherState enc = new CipherState(KEY);
    CipherState dec = new CipherState(KEY);
    for (int i = 0; i < 300; i++) {
      byte[] ct = enc.encryptWithAd(AD, MSG);
      byte[] nonce = new byte[12];
      nonce[4] = (byte) i;
      nonce[5] = (byte) (i >>> 8);
      assertThat(ct).isEqualTo(bouncyCastleEncrypt(nonce, AD, MSG));
      assertThat(dec.decryptWithAd(AD, ct)).isEqualTo(MSG);
    }
    assertThat(enc.nonce()).isEqualTo(300);
    assertThat(dec.nonce()).isEqualTo(300);
  }

  @Test
  void withoutKeyDataPassesThroughUnchanged() throws Exception {
    CipherState cs = new CipherState();
    assertThat(cs.hasKey()).isFalse();
    assertThat(cs.encryptWithAd(AD, MSG)).isEqualTo(MSG);
    assertThat(cs.decryptWithAd(AD, MSG)).isEqualTo(MSG);
    assertThat(cs.nonce()).isZero();
  }

  @Test
  void wrongAssociatedDataOrTamperedCiphertextFailsWithBadTagAndKeepsNonce() throws Exception {
    byte[] ct = new CipherState(KEY).encryptWithAd(AD, MSG);
    CipherState dec = new CipherState(KEY);
    NoiseException e = assertThrows(NoiseException.class, () -> dec.decryptWithAd(new byte[1], ct));
    assertThat(e.reason()).isEqualTo(Reason.BAD_TAG);
    byte[] t = ct.clone();
    t[t.length - 1] ^= 1;
    assertThatThrownBy(() -> dec.decryptWithAd(AD, t)).isInstanceOf(NoiseException.class);
    assertThatThrownBy(() -> dec.decryptWithAd(AD, Arrays.copyOf(ct, 15)))
        .isInstanceOf(NoiseException.class);
    assertThat(dec.nonce()).isZero();
    assertThat(dec.decryptWithAd(AD, ct)).isEqualTo(MSG);
  }

  @Test
  void reservedNonceIsNeverUsed() throws Exception {
    CipherState enc = new CipherState(KEY);
    CipherState dec = new CipherState(KEY);
    enc.setNonce(-2L); // 2^64 - 2: the last usable nonce
    dec.setNonce(-2L);
    byte[] last = enc.encryptWithAd(AD, MSG);
    assertThat(dec.decryptWithAd(AD, last)).isEqualTo(MSG);
    assertThat(enc.nonce()).isEqualTo(-1L);
    NoiseException e = assertThrows(NoiseException.class, () -> enc.encryptWithAd(AD, MSG));
    assertThat(e.reason()).isEqualTo(Reason.NONCE_EXHAUSTED);
    e = assertThrows(NoiseException.class, () -> dec.decryptWithAd(AD, last));
    assertThat(e.reason()).isEqualTo(Reason.NONCE_EXHAUSTED);
  }

  private static byte[] bouncyCastleEncrypt(byte[] nonce, byte[] ad, byte[] msg) throws Exception {
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(true, new AEADParameters(new KeyParameter(KEY), 128, nonce, ad));
    byte[] out = new byte[c.getOutputSize(msg.length)];
    int n = c.processBytes(msg, 0, msg.length, out, 0);
    c.doFinal(out, n);
    return out;
  }
}

package dev.causeway.libp2p.noise;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link Aead} over the JDK's {@code ChaCha20-Poly1305} Cipher, the fast choice on JDKs with its
 * intrinsics (21+). Same contract as {@link ChaCha20Poly1305}.
 */
final class JdkChaCha20Poly1305 implements Aead {
  /*
   * The Cipher is created once and re-initialised per message. The JDK refuses an init with the
   * same key and nonce as the previous one (a guard against nonce reuse in encrypt mode that also
   * fires in decrypt mode); a retried decryption or a test rewinding the nonce would trip it, so
   * an init with the same nonce is preceded by one with a nonce no Noise counter produces. The
   * JDK verifies the tag before releasing any plaintext, and its array methods are copy-safe, so
   * in-place use and "nothing written on failure" hold as for our own implementation.
   */
  private static final String TRANSFORMATION = "ChaCha20-Poly1305";

  private final Cipher cipher;
  private final byte[] nonce = new byte[12];
  private SecretKeySpec key;
  private boolean initialised;
  private int lastN0;
  private int lastN1;
  private int lastN2;

  JdkChaCha20Poly1305() {
    try {
      this.cipher = Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + TRANSFORMATION, e);
    }
  }

  @Override
  public void setKey(byte[] k) {
    if (k.length != 32) {
      throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes");
    }
    key = new SecretKeySpec(k, "ChaCha20");
    initialised = false;
  }

  @Override
  public int encrypt(
      int n0,
      int n1,
      int n2,
      byte[] ad,
      int adOff,
      int adLen,
      byte[] in,
      int inOff,
      int len,
      byte[] out,
      int outOff) {
    Objects.checkFromIndexSize(outOff, len + 16, out.length);
    try {
      init(Cipher.ENCRYPT_MODE, n0, n1, n2, ad, adOff, adLen);
      return cipher.doFinal(in, inOff, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  @Override
  public boolean decrypt(
      int n0,
      int n1,
      int n2,
      byte[] ad,
      int adOff,
      int adLen,
      byte[] in,
      int inOff,
      int len,
      byte[] out,
      int outOff) {
    Objects.checkFromIndexSize(inOff, len, in.length);
    if (len < 16) {
      return false;
    }
    Objects.checkFromIndexSize(outOff, len - 16, out.length);
    try {
      init(Cipher.DECRYPT_MODE, n0, n1, n2, ad, adOff, adLen);
      cipher.doFinal(in, inOff, len, out, outOff);
      return true;
    } catch (AEADBadTagException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  private void init(int mode, int n0, int n1, int n2, byte[] ad, int adOff, int adLen)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    if (key == null) {
      throw new IllegalStateException("no key installed");
    }
    if (initialised && n0 == lastN0 && n1 == lastN1 && n2 == lastN2) {
      Arrays.fill(nonce, (byte) 0xff);
      nonce[0] = (byte) ~n0; // differs from the nonce about to be used
      cipher.init(mode, key, new IvParameterSpec(nonce));
    }
    putWord(n0, 0);
    putWord(n1, 4);
    putWord(n2, 8);
    cipher.init(mode, key, new IvParameterSpec(nonce));
    initialised = true;
    lastN0 = n0;
    lastN1 = n1;
    lastN2 = n2;
    if (adLen > 0) {
      cipher.updateAAD(ad, adOff, adLen);
    }
  }

  private void putWord(int w, int at) {
    nonce[at] = (byte) w;
    nonce[at + 1] = (byte) (w >>> 8);
    nonce[at + 2] = (byte) (w >>> 16);
    nonce[at + 3] = (byte) (w >>> 24);
  }
}

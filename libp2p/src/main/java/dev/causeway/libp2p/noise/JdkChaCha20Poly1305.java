package dev.causeway.libp2p.noise;

import java.nio.ByteBuffer;
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
 * {@link Aead} over a JCA {@code ChaCha20-Poly1305} Cipher: the JDK's own, the fast choice on JDKs
 * with its intrinsics (21+), or Conscrypt's (BoringSSL), the fast choice below them ({@link
 * #conscrypt()}). Same contract as {@link ChaCha20Poly1305}.
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
  // Conscrypt zeroes the whole output array from the offset on when a tag fails to verify (seen
  // in a test: bytes past the plaintext's end too), so it opens into a scratch array first and the
  // plaintext is copied out only after success: one memcpy per frame, against "nothing written".
  private final boolean openViaScratch;
  private byte[] scratch = new byte[0];
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
    this.openViaScratch = false;
  }

  private JdkChaCha20Poly1305(Cipher cipher) {
    this.cipher = cipher;
    this.openViaScratch = true;
  }

  /**
   * Over Conscrypt's Cipher (BoringSSL's assembly: about 2.1 GB/s per core for 64 KiB messages on
   * JDK 17 on the benchmark machine, against 0.8 for our Java code and 0.3 for the JDK's).
   *
   * @throws IllegalStateException if Conscrypt's native library cannot be loaded here
   */
  static JdkChaCha20Poly1305 conscrypt() {
    try {
      return new JdkChaCha20Poly1305(
          Cipher.getInstance("ChaCha20/Poly1305/NoPadding", ConscryptHolder.PROVIDER));
    } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
      throw new IllegalStateException("Conscrypt's ChaCha20-Poly1305 is not available", e);
    }
  }

  /**
   * Whether {@link #conscrypt()} works in this JVM: its native library loads, the JCA hands out its
   * Cipher (a JDK that insists on signed JCE providers would refuse it), and the Cipher seals and
   * opens a message correctly.
   */
  static boolean conscryptAvailable() {
    try {
      return ConscryptHolder.PROVIDER != null;
    } catch (LinkageError e) {
      return false;
    }
  }

  /** Loads and probes Conscrypt (and its native library) on first use only. */
  private static final class ConscryptHolder {
    static final java.security.Provider PROVIDER = load();

    private static java.security.Provider load() {
      try {
        if (!org.conscrypt.Conscrypt.isAvailable()) {
          return null;
        }
        java.security.Provider p = org.conscrypt.Conscrypt.newProvider();
        return selfTest(
                new JdkChaCha20Poly1305(Cipher.getInstance("ChaCha20/Poly1305/NoPadding", p)))
            ? p
            : null;
      } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
        return null;
      }
    }

    /** One seal and open with a fixed key: the ciphertext must differ and open to the input. */
    private static boolean selfTest(JdkChaCha20Poly1305 aead) {
      byte[] key = new byte[32];
      Arrays.fill(key, (byte) 7);
      aead.setKey(key);
      byte[] pt = "causeway noise self-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      byte[] sealed = new byte[pt.length + 16];
      aead.encrypt(0, 1, 0, new byte[0], 0, 0, pt, 0, pt.length, sealed, 0);
      byte[] opened = new byte[pt.length];
      return !Arrays.equals(Arrays.copyOf(sealed, pt.length), pt)
          && aead.decrypt(0, 1, 0, new byte[0], 0, 0, sealed, 0, sealed.length, opened, 0)
          && Arrays.equals(opened, pt);
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
    Objects.checkFromIndexSize(inOff, len, in.length);
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
      if (openViaScratch) {
        if (scratch.length < len) {
          scratch = new byte[Math.max(len, Math.min(2 * scratch.length, 1 << 20))];
        }
        int n = cipher.doFinal(in, inOff, len, scratch, 0);
        System.arraycopy(scratch, 0, out, outOff, n);
      } else {
        cipher.doFinal(in, inOff, len, out, outOff);
      }
      return true;
    } catch (AEADBadTagException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  /** Conscrypt reads and writes direct buffers in place; the JDK's Cipher prefers arrays. */
  @Override
  public boolean prefersDirectBuffers() {
    return openViaScratch;
  }

  /*
   * The ByteBuffer methods hand both buffers to Cipher.doFinal(ByteBuffer, ByteBuffer). With
   * Conscrypt and two direct, non-overlapping buffers that is one native seal or open on the
   * memory where it lies: no copy into and out of Java arrays (each of which costs a 64 KiB memcpy
   * per Noise frame on the array path) and no scratch array, because BoringSSL writes only zeros
   * to the output when a tag fails, never unauthenticated plaintext.
   */

  @Override
  public int encrypt(int n0, int n1, int n2, ByteBuffer in, ByteBuffer out) {
    if (out.remaining() < in.remaining() + 16) {
      throw new IndexOutOfBoundsException("output too small");
    }
    try {
      init(Cipher.ENCRYPT_MODE, n0, n1, n2, NO_AD, 0, 0);
      return cipher.doFinal(in, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  @Override
  public boolean decrypt(int n0, int n1, int n2, ByteBuffer in, ByteBuffer out) {
    int len = in.remaining();
    if (len < 16) {
      return false;
    }
    if (out.remaining() < len - 16) {
      throw new IndexOutOfBoundsException("output too small");
    }
    int inPos = in.position();
    int outPos = out.position();
    try {
      init(Cipher.DECRYPT_MODE, n0, n1, n2, NO_AD, 0, 0);
      cipher.doFinal(in, out);
      return true;
    } catch (AEADBadTagException e) {
      in.position(inPos);
      out.position(outPos);
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

package dev.causeway.libp2p.noise;

import java.nio.ByteBuffer;

/**
 * A ChaCha20-Poly1305 AEAD (RFC 8439 §2.8) as the Noise {@link CipherState} uses it: one key, a
 * 96-bit nonce per message given as three little-endian words (nonce bytes 0–3, 4–7, 8–11), a
 * 16-byte tag after the ciphertext. Output may be the input array when it starts at the same offset
 * or earlier; on a failed decryption nothing is written. Not thread-safe.
 *
 * <p>{@link #create()} picks the implementation: the JDK's intrinsified Cipher from JDK 21 on;
 * below that Conscrypt's (BoringSSL) where its native library loads, else our pure-Java {@link
 * ChaCha20Poly1305}. The system property {@value #IMPLEMENTATION_PROPERTY} ({@code java}, {@code
 * jdk} or {@code conscrypt}) overrides it.
 */
interface Aead {
  String IMPLEMENTATION_PROPERTY = "causeway.noise.aead";

  /** Installs a 32-byte key. */
  void setKey(byte[] key);

  /**
   * Seals {@code in[inOff, inOff+len)} with associated data {@code ad[adOff, adOff+adLen)}, writing
   * ciphertext ‖ tag to {@code out} at {@code outOff}; returns {@code len + 16}.
   */
  int encrypt(
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
      int outOff);

  /**
   * Opens ciphertext ‖ tag {@code in[inOff, inOff+len)}, writing {@code len - 16} plaintext bytes
   * to {@code out} at {@code outOff}; returns false, having written nothing, if the tag is wrong or
   * {@code len < 16}.
   */
  boolean decrypt(
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
      int outOff);

  /**
   * Whether {@link #encrypt(int, int, int, ByteBuffer, ByteBuffer)} and {@link #decrypt(int, int,
   * int, ByteBuffer, ByteBuffer)} on direct buffers are this implementation's fast path (true for
   * Conscrypt, whose native code reads and writes direct memory where it lies but copies Java
   * arrays in and out); callers then keep transport frames off-heap.
   */
  default boolean prefersDirectBuffers() {
    return false;
  }

  /**
   * Seals the {@code in.remaining()} bytes of {@code in} (no associated data) into {@code out} at
   * its position, which must have room for them plus the 16-byte tag; {@code in} and {@code out}
   * must not overlap. Advances both positions; returns the bytes written. This default copies
   * through new arrays: the connection uses the buffer methods only with an implementation that
   * {@linkplain #prefersDirectBuffers() prefers them} and overrides them.
   */
  default int encrypt(int n0, int n1, int n2, ByteBuffer in, ByteBuffer out) {
    int len = in.remaining();
    if (out.remaining() < len + 16) {
      throw new IndexOutOfBoundsException("output too small");
    }
    byte[] pt = new byte[len];
    in.get(pt);
    byte[] sealed = new byte[len + 16];
    int w = encrypt(n0, n1, n2, NO_AD, 0, 0, pt, 0, len, sealed, 0);
    out.put(sealed, 0, w);
    return w;
  }

  /**
   * Opens the ciphertext ‖ tag that {@code in} holds (no associated data) into {@code out} at its
   * position, which must have room for {@code in.remaining() - 16} bytes; {@code in} and {@code
   * out} must not overlap. On success advances both positions and returns true. On failure returns
   * false with both positions unchanged and no plaintext released (the bytes of {@code out} from
   * its position to its limit may have been overwritten, e.g. zeroed by BoringSSL). This default
   * copies through new arrays, as {@link #encrypt(int, int, int, ByteBuffer, ByteBuffer)}.
   */
  default boolean decrypt(int n0, int n1, int n2, ByteBuffer in, ByteBuffer out) {
    int len = in.remaining();
    if (len < 16) {
      return false;
    }
    if (out.remaining() < len - 16) {
      throw new IndexOutOfBoundsException("output too small");
    }
    byte[] sealed = new byte[len];
    in.duplicate().get(sealed);
    byte[] pt = new byte[len - 16];
    if (!decrypt(n0, n1, n2, NO_AD, 0, 0, sealed, 0, len, pt, 0)) {
      return false;
    }
    out.put(pt);
    in.position(in.limit());
    return true;
  }

  /** Empty associated data (the Noise transport phase uses none). */
  byte[] NO_AD = new byte[0];

  /** A new unkeyed instance of the implementation chosen for this JVM. */
  static Aead create() {
    return switch (Choice.CHOSEN) {
      case "jdk" -> new JdkChaCha20Poly1305();
      case "conscrypt" -> JdkChaCha20Poly1305.conscrypt();
      default -> new ChaCha20Poly1305();
    };
  }

  /**
   * Which implementation {@link #create()} returns: {@code "jdk"}, {@code "conscrypt"} or {@code
   * "java"}.
   */
  static String implementation() {
    return Choice.CHOSEN;
  }

  /** Holder of the choice, made once per JVM. */
  final class Choice {
    /*
     * JDK 20 added ChaCha20 and Poly1305 intrinsics (AVX2/AVX-512, aarch64); with them the JDK
     * Cipher is several times faster than our pure-Java code (about 2.7 vs 0.8 GB/s per core
     * for 64 KiB messages on the benchmark machine under JDK 25). Without them (JDK 17) ours is
     * 2.3-2.7 times faster than the JDK's (0.7-0.8 vs 0.3 GB/s), and Conscrypt's BoringSSL
     * assembly is faster still (2.1 GB/s): on JDK 17 it carries one muxed stream about as fast as
     * JDK 25 does. 21 is the first LTS with the intrinsics. Conscrypt ships native libraries for
     * the common platforms only; where none loads (or "java" is asked for), ours is used. On
     * 21+ Conscrypt is never loaded (it would also need --enable-native-access on 24+).
     */
    static final String CHOSEN =
        decide(
            System.getProperty(IMPLEMENTATION_PROPERTY, "auto"),
            Runtime.version().feature(),
            JdkChaCha20Poly1305::conscryptAvailable);

    private Choice() {}

    /** The implementation for {@code setting} on a JDK of {@code feature} version. */
    static String decide(
        String setting, int feature, java.util.function.BooleanSupplier conscryptAvailable) {
      return switch (setting) {
        case "jdk" -> "jdk";
        case "java" -> "java";
        case "conscrypt" -> conscryptAvailable.getAsBoolean() ? "conscrypt" : "java";
        default -> feature >= 21 ? "jdk" : conscryptAvailable.getAsBoolean() ? "conscrypt" : "java";
      };
    }
  }
}

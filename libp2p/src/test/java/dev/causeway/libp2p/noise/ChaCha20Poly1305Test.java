package dev.causeway.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.noise.NoiseVectors.Vector;
import dev.causeway.testing.RandomInputs;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our pure-Java ChaCha20, Poly1305 and ChaCha20-Poly1305 AEAD (RFC 8439): the RFC's vectors from
 * {@code vectors/chacha20poly1305/}, then differential checks against the JDK's {@code
 * ChaCha20-Poly1305} Cipher and Bouncy Castle's Poly1305 on random inputs.
 */
class ChaCha20Poly1305Test {
  private static final String DIR = "chacha20poly1305";

  static List<Vector> blockVectors() {
    return NoiseVectors.load(DIR, "chacha20-block.txt");
  }

  static List<Vector> chacha20Vectors() {
    return NoiseVectors.load(DIR, "chacha20.txt");
  }

  static List<Vector> poly1305Vectors() {
    return NoiseVectors.load(DIR, "poly1305.txt");
  }

  static List<Vector> keygenVectors() {
    return NoiseVectors.load(DIR, "poly1305-keygen.txt");
  }

  static List<Vector> aeadVectors() {
    return NoiseVectors.load(DIR, "aead.txt");
  }

  // ------------------------------------------------------------------ RFC 8439 vectors

  @ParameterizedTest(name = "{0}")
  @MethodSource("blockVectors")
  void blockFunctionMatchesRfcKeystream(Vector v) {
    ChaCha20 c = chacha(v.bytes("key"));
    int[] n = ChaCha20Poly1305.nonceWords(v.bytes("nonce"));
    byte[] out = new byte[ChaCha20.BLOCK_LEN + 3];
    c.keystream(v.integer("counter"), n[0], n[1], n[2], out, 3);
    assertThat(Hex.encode(Arrays.copyOfRange(out, 3, out.length)))
        .isEqualTo(Hex.encode(v.bytes("keystream")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chacha20Vectors")
  void chacha20EncryptsAndDecryptsRfcTexts(Vector v) {
    byte[] pt = v.bytes("plaintext");
    byte[] ct = v.bytes("ciphertext");
    int[] n = ChaCha20Poly1305.nonceWords(v.bytes("nonce"));
    ChaCha20 c = chacha(v.bytes("key"));
    int counter = v.integer("counter");
    byte[] out = new byte[pt.length];
    c.xor(counter, n[0], n[1], n[2], pt, 0, pt.length, out, 0);
    assertThat(Hex.encode(out)).isEqualTo(Hex.encode(ct));
    byte[] inPlace = ct.clone();
    c.xor(counter, n[0], n[1], n[2], inPlace, 0, inPlace.length, inPlace, 0);
    assertThat(inPlace).isEqualTo(pt);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("poly1305Vectors")
  void poly1305GivesRfcTagWholeAndByteByByte(Vector v) {
    byte[] msg = v.bytes("message");
    Poly1305 p = new Poly1305();
    p.init(v.bytes("key"), 0);
    p.update(msg, 0, msg.length);
    byte[] tag = new byte[16];
    p.finish(tag, 0);
    assertThat(Hex.encode(tag)).isEqualTo(Hex.encode(v.bytes("tag")));

    p.init(v.bytes("key"), 0);
    for (int i = 0; i < msg.length; i++) {
      p.update(msg, i, 1);
    }
    byte[] tag2 = new byte[16];
    p.finish(tag2, 0);
    assertThat(tag2).isEqualTo(tag);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keygenVectors")
  void poly1305KeyIsKeystreamBlockZero(Vector v) {
    int[] n = ChaCha20Poly1305.nonceWords(v.bytes("nonce"));
    byte[] block = new byte[ChaCha20.BLOCK_LEN];
    chacha(v.bytes("key")).keystream(0, n[0], n[1], n[2], block, 0);
    assertThat(Hex.encode(Arrays.copyOf(block, 32))).isEqualTo(Hex.encode(v.bytes("onetimekey")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aeadVectors")
  void aeadSealsAndOpensRfcMessages(Vector v) {
    sealsAndOpens(new ChaCha20Poly1305(), v);
    sealsAndOpens(new JdkChaCha20Poly1305(), v);
  }

  /** {@code aead} seals the vector's plaintext to its ciphertext ‖ tag and opens it back. */
  private static void sealsAndOpens(Aead aead, Vector v) {
    byte[] pt = v.bytes("plaintext");
    byte[] aad = v.bytes("aad");
    byte[] sealed = concat(v.bytes("ciphertext"), v.bytes("tag"));
    int[] n = ChaCha20Poly1305.nonceWords(v.bytes("nonce"));
    aead.setKey(v.bytes("key"));

    byte[] out = new byte[pt.length + 16];
    assertThat(aead.encrypt(n[0], n[1], n[2], aad, 0, aad.length, pt, 0, pt.length, out, 0))
        .isEqualTo(sealed.length);
    assertThat(Hex.encode(out)).isEqualTo(Hex.encode(sealed));

    byte[] opened = new byte[pt.length];
    assertThat(
            aead.decrypt(n[0], n[1], n[2], aad, 0, aad.length, sealed, 0, sealed.length, opened, 0))
        .isTrue();
    assertThat(opened).isEqualTo(pt);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aeadVectors")
  void everySingleBitFlipOfRfcCiphertextTagOrAadIsRejected(Vector v) {
    byte[] aad = v.bytes("aad");
    byte[] sealed = concat(v.bytes("ciphertext"), v.bytes("tag"));
    int[] n = ChaCha20Poly1305.nonceWords(v.bytes("nonce"));
    ChaCha20Poly1305 aead = new ChaCha20Poly1305(v.bytes("key"));
    byte[] out = new byte[sealed.length];
    for (int bit = 0; bit < 8 * (sealed.length + aad.length); bit++) {
      byte[] s = sealed.clone();
      byte[] a = aad.clone();
      int i = bit / 8;
      if (i < s.length) {
        s[i] ^= (byte) (1 << (bit % 8));
      } else {
        a[i - s.length] ^= (byte) (1 << (bit % 8));
      }
      assertThat(aead.decrypt(n[0], n[1], n[2], a, 0, a.length, s, 0, s.length, out, 0))
          .as("bit %d", bit)
          .isFalse();
    }
    assertThat(out).as("nothing written on failure").containsOnly(0);
  }

  // ------------------------------------------------------------------ against the JDK

  @Test
  void matchesJdkCipherForEveryLengthUpTo2000() {
    int[] nextLength = {0};
    RandomInputs.forEachCase(
        2001, r -> checkAgainstJdk(new ChaCha20Poly1305(), r, nextLength[0]++));
  }

  @Test
  void matchesJdkCipherForLargeMessagesAndEveryBatchBoundary() {
    int batch = ChaCha20.LANES * ChaCha20.BLOCK_LEN;
    int[] lengths = {
      4095, 4096, batch - 1, batch, batch + 64, 2 * batch + 17, 65519, 65535, 100_003, 1 << 20
    };
    int[] next = {0};
    RandomInputs.forEachCase(
        lengths.length, r -> checkAgainstJdk(new ChaCha20Poly1305(), r, lengths[next[0]++]));
  }

  @Test
  void jdkBackedImplementationKeepsTheSameContract() {
    int[] nextLength = {0};
    RandomInputs.forEachCase(
        300, r -> checkAgainstJdk(new JdkChaCha20Poly1305(), r, nextLength[0]++ * 7));
  }

  @Test
  void conscryptBackedImplementationKeepsTheSameContract() {
    assumeConscrypt();
    int[] nextLength = {0};
    RandomInputs.forEachCase(
        300, r -> checkAgainstJdk(JdkChaCha20Poly1305.conscrypt(), r, nextLength[0]++ * 7));
    int[] lengths = {65519, 65535, 100_003, 1 << 20};
    int[] next = {0};
    RandomInputs.forEachCase(
        lengths.length,
        r -> checkAgainstJdk(JdkChaCha20Poly1305.conscrypt(), r, lengths[next[0]++]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aeadVectors")
  void conscryptSealsAndOpensRfcMessages(Vector v) {
    assumeConscrypt();
    sealsAndOpens(JdkChaCha20Poly1305.conscrypt(), v);
  }

  /**
   * Conscrypt ships native libraries for linux-x86_64 (this project's CI) and a few other
   * platforms; elsewhere the Java implementation is chosen and these tests say so.
   */
  private static void assumeConscrypt() {
    boolean ok = JdkChaCha20Poly1305.conscryptAvailable();
    if (!ok) {
      System.err.println(
          "*** SKIPPING Conscrypt AEAD tests: Conscrypt's native library does not load on "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch"));
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(ok, "Conscrypt native library not available");
  }

  @Test
  void byteBufferMethodsKeepTheArrayContractForEveryImplementationAndBufferKind() {
    List<java.util.function.Supplier<Aead>> all =
        new java.util.ArrayList<>(List.of(ChaCha20Poly1305::new, JdkChaCha20Poly1305::new));
    if (JdkChaCha20Poly1305.conscryptAvailable()) {
      all.add(JdkChaCha20Poly1305::conscrypt);
    }
    for (java.util.function.Supplier<Aead> make : all) {
      RandomInputs.forEachCase(
          40,
          r -> {
            Aead aead = make.get();
            byte[] key = RandomInputs.bytes(r, 32, 32);
            aead.setKey(key);
            int len = r.nextInt(3) == 0 ? r.nextInt(70_000) : r.nextInt(300);
            byte[] pt = RandomInputs.bytes(r, len, len);
            int n1 = r.nextInt();
            byte[] expected = new byte[len + 16];
            aead.encrypt(0, n1, 0, new byte[0], 0, 0, pt, 0, len, expected, 0);

            ByteBuffer in = kind(r, len + 7).position(3);
            in.put(pt).flip().position(3);
            ByteBuffer out = kind(r, len + 16 + 9).position(4);
            assertThat(aead.encrypt(0, n1, 0, in, out)).isEqualTo(len + 16);
            assertThat(in.hasRemaining()).isFalse();
            assertThat(out.position()).isEqualTo(4 + len + 16);
            byte[] sealed = new byte[len + 16];
            out.flip().position(4);
            out.get(sealed);
            assertThat(sealed).isEqualTo(expected);

            ByteBuffer cin = kind(r, len + 16).put(sealed).flip();
            ByteBuffer pout = kind(r, len + 5).position(5 - r.nextInt(6) + 0);
            int start = pout.position();
            pout.limit(start + len);
            assertThat(aead.decrypt(0, n1, 0, cin, pout)).isTrue();
            assertThat(cin.hasRemaining()).isFalse();
            assertThat(pout.position()).isEqualTo(start + len);
            byte[] opened = new byte[len];
            pout.flip().position(start);
            pout.get(opened);
            assertThat(opened).isEqualTo(pt);

            byte[] tampered = sealed.clone();
            tampered[r.nextInt(tampered.length)] ^= (byte) (1 << r.nextInt(8));
            ByteBuffer tin = kind(r, len + 16).put(tampered).flip();
            ByteBuffer tout = kind(r, len);
            while (tout.hasRemaining()) {
              tout.put((byte) 0x5a);
            }
            tout.clear();
            assertThat(aead.decrypt(0, n1, 0, tin, tout)).isFalse();
            assertThat(tin.position()).isZero();
            assertThat(tout.position()).isZero();
            // no plaintext released: the output holds what it held, or zeros (BoringSSL)
            for (int i = 0; i < len; i++) {
              assertThat(tout.get(i)).isIn((byte) 0x5a, (byte) 0);
            }
            assertThat(aead.decrypt(0, n1, 0, kind(r, 15).limit(15), kind(r, 0))).isFalse();
          });
    }
  }

  private static ByteBuffer kind(Random r, int capacity) {
    return r.nextBoolean() ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
  }

  @Test
  void allImplementationsAcceptTheSameNonceTwiceInARow() {
    List<Aead> all =
        new java.util.ArrayList<>(List.of(new ChaCha20Poly1305(), new JdkChaCha20Poly1305()));
    if (JdkChaCha20Poly1305.conscryptAvailable()) {
      all.add(JdkChaCha20Poly1305.conscrypt());
    }
    for (Aead aead : all) {
      aead.setKey(new byte[32]);
      byte[] pt = {1, 2, 3};
      byte[] a = new byte[19];
      byte[] b = new byte[19];
      aead.encrypt(0, 5, 0, new byte[0], 0, 0, pt, 0, 3, a, 0);
      aead.encrypt(0, 5, 0, new byte[0], 0, 0, pt, 0, 3, b, 0);
      assertThat(b).isEqualTo(a);
      byte[] out = new byte[3];
      assertThat(aead.decrypt(0, 5, 0, new byte[0], 0, 0, a, 0, 19, out, 0)).isTrue();
      assertThat(aead.decrypt(0, 5, 0, new byte[0], 0, 0, a, 0, 19, out, 0)).isTrue();
      assertThat(out).isEqualTo(pt);
    }
  }

  @Test
  void implementationChoiceFollowsThePropertyThenTheJdkVersionThenConscrypt() {
    for (int feature : new int[] {17, 20, 21, 25}) {
      for (boolean conscrypt : new boolean[] {true, false}) {
        java.util.function.BooleanSupplier available = () -> conscrypt;
        assertThat(Aead.Choice.decide("jdk", feature, available)).isEqualTo("jdk");
        assertThat(Aead.Choice.decide("java", feature, available)).isEqualTo("java");
        assertThat(Aead.Choice.decide("conscrypt", feature, available))
            .isEqualTo(conscrypt ? "conscrypt" : "java");
        assertThat(Aead.Choice.decide("auto", feature, available))
            .isEqualTo(feature >= 21 ? "jdk" : conscrypt ? "conscrypt" : "java");
      }
    }
    // This JVM on the CI machine (linux-x86_64, JDK 17): Conscrypt.
    assertThat(Aead.implementation())
        .isEqualTo(
            Runtime.version().feature() >= 21
                ? "jdk"
                : JdkChaCha20Poly1305.conscryptAvailable() ? "conscrypt" : "java");
  }

  /**
   * The implementation's seal equals the JDK Cipher's; each opens the other's; in-place and
   * front-compacting decryption give the plaintext; a flipped bit anywhere is rejected without
   * writing.
   */
  private static void checkAgainstJdk(Aead aead, Random r, int len) throws Exception {
    byte[] key = RandomInputs.bytes(r, 32, 32);
    byte[] nonce = RandomInputs.bytes(r, 12, 12);
    byte[] aad = RandomInputs.bytes(r, 0, 80);
    byte[] pt = RandomInputs.bytes(r, len, len);
    int[] n = ChaCha20Poly1305.nonceWords(nonce);
    aead.setKey(key);

    byte[] jdk = jdk(Cipher.ENCRYPT_MODE, key, nonce, aad, pt);
    byte[] ours = new byte[len + 16];
    aead.encrypt(n[0], n[1], n[2], aad, 0, aad.length, pt, 0, len, ours, 0);
    assertThat(ours).isEqualTo(jdk);
    assertThat(jdk(Cipher.DECRYPT_MODE, key, nonce, aad, ours)).isEqualTo(pt);

    // in place: plaintext at offset 5 of a buffer, sealed where it lies
    byte[] buf = new byte[5 + len + 16];
    System.arraycopy(pt, 0, buf, 5, len);
    aead.encrypt(n[0], n[1], n[2], aad, 0, aad.length, buf, 5, len, buf, 5);
    assertThat(Arrays.copyOfRange(buf, 5, buf.length)).isEqualTo(jdk);
    // opened towards the front of the same buffer (as the frame codec compacts frames)
    int shift = r.nextInt(6);
    assertThat(aead.decrypt(n[0], n[1], n[2], aad, 0, aad.length, buf, 5, len + 16, buf, shift))
        .isTrue();
    assertThat(Arrays.copyOfRange(buf, shift, shift + len)).isEqualTo(pt);

    byte[] tampered = jdk.clone();
    tampered[r.nextInt(tampered.length)] ^= (byte) (1 << r.nextInt(8));
    byte[] untouched = new byte[len + 8];
    Arrays.fill(untouched, (byte) 0x5a);
    byte[] out = untouched.clone();
    assertThat(
            aead.decrypt(
                n[0], n[1], n[2], aad, 0, aad.length, tampered, 0, tampered.length, out, 0))
        .isFalse();
    assertThat(out).isEqualTo(untouched);
  }

  @Test
  void inputsShorterThanATagAreRejected() {
    ChaCha20Poly1305 aead = new ChaCha20Poly1305(new byte[32]);
    byte[] out = new byte[16];
    for (int len = 0; len < 16; len++) {
      assertThat(aead.decrypt(0, 0, 0, new byte[0], 0, 0, new byte[len], 0, len, out, 0)).isFalse();
    }
  }

  // ------------------------------------------------------------------ Poly1305 against BC

  @Test
  void poly1305MatchesBouncyCastleOnRandomAndSaturatedMessagesSplitAnywhere() {
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] key = RandomInputs.bytes(r, 32, 32);
          byte[] msg = RandomInputs.bytes(r, 600);
          if (r.nextInt(4) == 0) {
            Arrays.fill(msg, (byte) 0xff); // all-ones limbs: carries everywhere
          }
          if (r.nextInt(8) == 0) {
            Arrays.fill(key, 16, 32, (byte) 0xff); // s addition overflows 2^128
          }
          if (r.nextInt(8) == 0) {
            Arrays.fill(key, 0, 16, (byte) 0xff); // largest clamped r: largest products
          }
          org.bouncycastle.crypto.macs.Poly1305 bc = new org.bouncycastle.crypto.macs.Poly1305();
          bc.init(new KeyParameter(key));
          bc.update(msg, 0, msg.length);
          byte[] expected = new byte[16];
          bc.doFinal(expected, 0);

          Poly1305 p = new Poly1305();
          p.init(key, 0);
          int pos = 0;
          while (pos < msg.length) {
            int n = Math.min(msg.length - pos, r.nextInt(40));
            p.update(msg, pos, n);
            pos += n;
          }
          byte[] tag = new byte[16];
          p.finish(tag, 0);
          assertThat(Hex.encode(tag)).isEqualTo(Hex.encode(expected));
        });
  }

  // ------------------------------------------------------------------ helpers

  private static ChaCha20 chacha(byte[] key) {
    ChaCha20 c = new ChaCha20();
    c.setKey(key, 0);
    return c;
  }

  private static byte[] jdk(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in)
      throws Exception {
    Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
    c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
    c.updateAAD(aad);
    return c.doFinal(in);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package dev.causeway.libp2p.noise;

import static dev.causeway.libp2p.noise.NoiseConstants.MAX_MESSAGE;
import static dev.causeway.libp2p.noise.NoiseConstants.MAX_PLAINTEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.noise.NoiseException.Reason;
import dev.causeway.testing.RandomInputs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Noise transport framing (spec libp2p-core.md §5.4), fed in arbitrary pieces. */
class NoiseFrameCodecTest {
  private static final byte[] K1 = key(1);
  private static final byte[] K2 = key(2);

  /** Codecs of the two ends: [0] initiator side, [1] responder side. */
  private static NoiseFrameCodec[] pair() {
    return new NoiseFrameCodec[] {
      new NoiseFrameCodec(new CipherState(K1), new CipherState(K2)),
      new NoiseFrameCodec(new CipherState(K2), new CipherState(K1))
    };
  }

  @Test
  void roundTripsSizesUpTo200KiBSplitAtArbitraryOffsets() throws Exception {
    int[] sizes = {
      0,
      1,
      15,
      16,
      17,
      1000,
      MAX_PLAINTEXT - 1,
      MAX_PLAINTEXT,
      MAX_PLAINTEXT + 1,
      2 * MAX_PLAINTEXT - 1,
      2 * MAX_PLAINTEXT,
      2 * MAX_PLAINTEXT + 1,
      3 * MAX_PLAINTEXT,
      200 * 1024 - 1,
      200 * 1024
    };
    Random r = new Random(7);
    List<Integer> all = new ArrayList<>();
    for (int s : sizes) {
      all.add(s);
    }
    for (int i = 0; i < 25; i++) {
      all.add(r.nextInt(200 * 1024 + 1));
    }
    NoiseFrameCodec[] p = pair();
    for (int size : all) {
      byte[] plain = randomBytes(r, size);
      byte[] wire = p[0].encrypt(plain);
      assertThat(wire).hasSize(NoiseFrameCodec.encryptedLength(size));
      assertFrameLayout(wire, size);
      assertThat(feedInPieces(p[1], wire, r)).as("size %d", size).isEqualTo(plain);
      assertThat(p[1].bufferedBytes()).isZero();
      // and the other direction
      byte[] back = p[1].encrypt(plain);
      assertThat(feedInPieces(p[0], back, r)).isEqualTo(plain);
    }
  }

  @Test
  void byteByByteFeedingOfSeveralWritesKeepsOrder() throws Exception {
    NoiseFrameCodec[] p = pair();
    Random r = new Random(11);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int size : new int[] {5, MAX_PLAINTEXT + 3, 0, 40, 17}) {
      byte[] plain = randomBytes(r, size);
      expected.write(plain);
      wire.write(p[0].encrypt(plain));
    }
    byte[] bytes = wire.toByteArray();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    for (byte b : bytes) {
      for (byte[] chunk : p[1].decrypt(new byte[] {b})) {
        got.write(chunk);
      }
      assertThat(p[1].bufferedBytes()).isLessThanOrEqualTo(2 + MAX_MESSAGE);
    }
    assertThat(got.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void manyFramesInOneFeedComeOutAsSeparateChunksInOrder() throws Exception {
    NoiseFrameCodec[] p = pair();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<byte[]> sent = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      byte[] plain = new byte[i];
      Arrays.fill(plain, (byte) i);
      sent.add(plain);
      wire.write(p[0].encrypt(plain));
    }
    List<byte[]> got = p[1].decrypt(wire.toByteArray());
    assertThat(got).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(got.get(i)).isEqualTo(sent.get(i));
    }
  }

  @Test
  void emptyWriteSendsNothingButEmptyFrameIsAcceptedAndCountsANonce() throws Exception {
    NoiseFrameCodec[] p = pair();
    assertThat(p[0].encrypt(new byte[0])).isEmpty();
    assertThat(NoiseFrameCodec.encryptedLength(0)).isZero();
    CipherState peerSender = new CipherState(K2);
    NoiseFrameCodec receiver = new NoiseFrameCodec(new CipherState(K1), new CipherState(K2));
    byte[] emptyFrame = NoiseFrameCodec.frame(peerSender.encryptWithAd(new byte[0], new byte[0]));
    assertThat(emptyFrame).hasSize(18);
    assertThat(receiver.decrypt(emptyFrame)).isEmpty();
    byte[] next = NoiseFrameCodec.frame(peerSender.encryptWithAd(new byte[0], new byte[] {42}));
    assertThat(receiver.decrypt(next)).containsExactly(new byte[] {42});
  }

  @Test
  void tamperedFrameFailsWithBadTagAndTheDirectionStaysFailed() throws Exception {
    NoiseFrameCodec[] p = pair();
    byte[] wire = p[0].encrypt(new byte[100]);
    byte[] bad = wire.clone();
    bad[50] ^= 0x10;
    assertThat(reasonOf(() -> p[1].decrypt(bad))).isEqualTo(Reason.BAD_TAG);
    assertThat(reasonOf(() -> p[1].decrypt(wire))).isEqualTo(Reason.FAILED_EARLIER);
    // the sending direction of the failed codec still works
    byte[] out = p[1].encrypt(new byte[] {1});
    assertThat(p[0].decrypt(out)).containsExactly(new byte[] {1});
  }

  @Test
  void lengthPrefixShorterThanTagIsRejected() throws Exception {
    NoiseFrameCodec[] p = pair();
    assertThat(reasonOf(() -> p[1].decrypt(new byte[] {0, 15}))).isEqualTo(Reason.BAD_SIZE);
    NoiseFrameCodec[] q = pair();
    q[1].decrypt(new byte[] {0});
    assertThat(reasonOf(() -> q[1].decrypt(new byte[] {0}))).isEqualTo(Reason.BAD_SIZE);
  }

  @Test
  void alteredLengthPrefixIsRejected() throws Exception {
    NoiseFrameCodec[] p = pair();
    byte[] wire = p[0].encrypt(new byte[100]);
    wire[1] = (byte) (wire[1] - 1); // one byte shorter: tag check fails on the truncated frame
    assertThat(reasonOf(() -> p[1].decrypt(wire))).isEqualTo(Reason.BAD_TAG);
  }

  @Test
  void reorderedReplayedOrReflectedFramesAreRejected() throws Exception {
    NoiseFrameCodec[] p = pair();
    byte[] first = p[0].encrypt(new byte[] {1});
    byte[] second = p[0].encrypt(new byte[] {2});
    assertThat(reasonOf(() -> p[1].decrypt(second))).isEqualTo(Reason.BAD_TAG);

    NoiseFrameCodec[] q = pair();
    byte[] one = q[0].encrypt(new byte[] {1});
    assertThat(q[1].decrypt(one)).hasSize(1);
    assertThat(reasonOf(() -> q[1].decrypt(one))).isEqualTo(Reason.BAD_TAG); // replay

    NoiseFrameCodec[] s = pair();
    assertThat(reasonOf(() -> s[0].decrypt(s[0].encrypt(new byte[] {3}))))
        .isEqualTo(Reason.BAD_TAG); // own frame reflected back
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void exhaustedNonceStopsBothDirections() throws Exception {
    CipherState send = new CipherState(K1);
    send.setNonce(-3L); // two usable nonces left: 2^64-3 and 2^64-2
    NoiseFrameCodec sender = new NoiseFrameCodec(send, new CipherState(K2));
    byte[] twoFrames = sender.encrypt(new byte[MAX_PLAINTEXT + 1]);
    assertThat(reasonOf(() -> sender.encrypt(new byte[1]))).isEqualTo(Reason.NONCE_EXHAUSTED);
    assertThat(reasonOf(() -> sender.encrypt(new byte[1]))).isEqualTo(Reason.FAILED_EARLIER);

    CipherState recv = new CipherState(K1);
    recv.setNonce(-3L);
    NoiseFrameCodec receiver = new NoiseFrameCodec(new CipherState(K2), recv);
    assertThat(receiver.decrypt(twoFrames)).hasSize(2);
    byte[] again =
        NoiseFrameCodec.frame(new CipherState(K1).encryptWithAd(new byte[0], new byte[1]));
    assertThat(reasonOf(() -> receiver.decrypt(again))).isEqualTo(Reason.NONCE_EXHAUSTED);
  }

  @Test
  void encryptsIntoCallerArrayAtOffsetAndDecryptsFromByteBuffers() throws Exception {
    NoiseFrameCodec[] p = pair();
    Random r = new Random(3);
    byte[] plain = randomBytes(r, 70_000);
    int need = NoiseFrameCodec.encryptedLength(plain.length - 10);
    byte[] out = new byte[need + 9];
    int written = p[0].encrypt(plain, 10, plain.length - 10, out, 5);
    assertThat(written).isEqualTo(need);

    ByteBuffer heap = ByteBuffer.wrap(out, 5, 1000).slice(); // non-zero array offset
    List<byte[]> got = new ArrayList<>(p[1].decrypt(heap));
    assertThat(heap.hasRemaining()).isFalse();
    ByteBuffer direct = ByteBuffer.allocateDirect(need - 1000);
    direct.put(out, 5 + 1000, need - 1000).flip();
    got.addAll(p[1].decrypt(direct));
    assertThat(direct.hasRemaining()).isFalse();
    assertThat(concat(got)).isEqualTo(Arrays.copyOfRange(plain, 10, plain.length));
  }

  @Test
  void encryptedLengthCountsOnePrefixAndTagPerFrame() {
    assertThat(NoiseFrameCodec.encryptedLength(1)).isEqualTo(19);
    assertThat(NoiseFrameCodec.encryptedLength(MAX_PLAINTEXT)).isEqualTo(2 + MAX_MESSAGE);
    assertThat(NoiseFrameCodec.encryptedLength(MAX_PLAINTEXT + 1)).isEqualTo(2 + MAX_MESSAGE + 19);
  }

  @Test
  void randomBytesOnlyGiveNoiseExceptionOrNothing() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          NoiseFrameCodec c = pair()[1];
          byte[] in = RandomInputs.bytes(r, 300);
          try {
            assertThat(c.decrypt(in)).isEmpty();
            assertThat(c.bufferedBytes()).isLessThanOrEqualTo(2 + MAX_MESSAGE);
          } catch (NoiseException expected) {
            assertThat(expected.reason()).isIn(Reason.BAD_TAG, Reason.BAD_SIZE);
          }
        });
  }

  @Test
  void mutatedStreamsNeverYieldAlteredPlaintext() throws Exception {
    NoiseFrameCodec[] p = pair();
    byte[] a = new byte[300];
    byte[] b = new byte[40];
    Arrays.fill(a, (byte) 0xaa);
    Arrays.fill(b, (byte) 0xbb);
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    w.write(p[0].encrypt(a));
    w.write(p[0].encrypt(b));
    byte[] wire = w.toByteArray();
    RandomInputs.forEachCase(
        1000,
        r -> {
          NoiseFrameCodec c = pair()[1];
          byte[] m = RandomInputs.mutate(r, wire);
          List<byte[]> got = new ArrayList<>();
          try {
            int cut = m.length == 0 ? 0 : r.nextInt(m.length);
            got.addAll(c.decrypt(m, 0, cut));
            got.addAll(c.decrypt(m, cut, m.length - cut));
          } catch (NoiseException expected) {
            // rejected: fine, but whatever came out before must be genuine
          }
          List<byte[]> genuine = List.of(a, b);
          assertThat(got.size()).isLessThanOrEqualTo(2);
          for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(genuine.get(i));
          }
        });
  }

  @Test
  void inPlaceFeedingYieldsTheSameFramesAsTheListApiForRandomSplits() {
    RandomInputs.forEachCase(
        60,
        r -> {
          NoiseFrameCodec sender = new NoiseFrameCodec(new CipherState(K1), new CipherState(K2));
          NoiseFrameCodec listReceiver =
              new NoiseFrameCodec(new CipherState(K2), new CipherState(K1));
          NoiseFrameCodec inPlaceReceiver =
              new NoiseFrameCodec(new CipherState(K2), new CipherState(K1));
          ByteArrayOutputStream wire = new ByteArrayOutputStream();
          for (int i = 1 + r.nextInt(6); i > 0; i--) {
            wire.write(sender.encrypt(RandomInputs.bytes(r, 3 * MAX_PLAINTEXT)));
          }
          byte[] bytes = wire.toByteArray();
          List<byte[]> expected = new ArrayList<>();
          List<byte[]> got = new ArrayList<>();
          int pos = 0;
          while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + r.nextInt(r.nextBoolean() ? 40 : 140_000));
            expected.addAll(listReceiver.decrypt(bytes, pos, n));
            byte[] readBuffer = Arrays.copyOfRange(bytes, pos, pos + n);
            inPlaceReceiver.feed(readBuffer, 0, n);
            while (inPlaceReceiver.nextFrame()) {
              int off = inPlaceReceiver.frameOffset();
              got.add(
                  Arrays.copyOfRange(
                      inPlaceReceiver.frameArray(), off, off + inPlaceReceiver.frameLength()));
            }
            pos += n;
          }
          assertThat(got).hasSameSizeAs(expected);
          for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(expected.get(i));
          }
          assertThat(inPlaceReceiver.bufferedBytes()).isZero();
        });
  }

  @Test
  void inPlaceDecryptionOverwritesOnlyTheFedRangeAndFailsLikeTheListApi() throws Exception {
    NoiseFrameCodec[] p = pair();
    byte[] wire = p[0].encrypt(new byte[] {7, 8, 9});
    byte[] buf = new byte[wire.length + 4];
    System.arraycopy(wire, 0, buf, 2, wire.length);
    buf[0] = 1;
    buf[buf.length - 1] = 2;
    p[1].feed(buf, 2, wire.length);
    assertThat(p[1].nextFrame()).isTrue();
    assertThat(p[1].frameArray()).isSameAs(buf);
    assertThat(Arrays.copyOfRange(buf, p[1].frameOffset(), p[1].frameOffset() + 3))
        .containsExactly(7, 8, 9);
    assertThat(p[1].nextFrame()).isFalse();
    assertThat(buf[0]).isEqualTo((byte) 1);
    assertThat(buf[buf.length - 1]).isEqualTo((byte) 2);

    byte[] bad = p[0].encrypt(new byte[10]);
    bad[5] ^= 1;
    p[1].feed(bad, 0, bad.length);
    assertThat(reasonOf(p[1]::nextFrame)).isEqualTo(Reason.BAD_TAG);
    byte[] next = p[0].encrypt(new byte[1]);
    assertThat(reasonOf(() -> p[1].feed(next, 0, next.length))).isEqualTo(Reason.FAILED_EARLIER);
  }

  @Test
  void feedingAgainBeforeTheFramesAreConsumedIsRefused() throws Exception {
    NoiseFrameCodec[] p = pair();
    byte[] wire = concat(List.of(p[0].encrypt(new byte[] {1}), p[0].encrypt(new byte[] {2})));
    p[1].feed(wire, 0, wire.length);
    assertThat(p[1].nextFrame()).isTrue();
    assertThatThrownBy(() -> p[1].feed(new byte[1], 0, 1))
        .isInstanceOf(IllegalStateException.class);
    assertThat(p[1].nextFrame()).isTrue();
    assertThat(p[1].frameArray()[p[1].frameOffset()]).isEqualTo((byte) 2);
    assertThat(p[1].nextFrame()).isFalse();
  }

  @Test
  void frameSealedInPlaceEqualsTheEncryptOutput() throws Exception {
    NoiseFrameCodec a = new NoiseFrameCodec(new CipherState(K1), new CipherState(K2));
    NoiseFrameCodec b = new NoiseFrameCodec(new CipherState(K1), new CipherState(K2));
    Random r = new Random(3);
    for (int size : new int[] {1, 100, MAX_PLAINTEXT}) {
      byte[] plain = randomBytes(r, size);
      byte[] buf = new byte[5 + size + 18];
      System.arraycopy(plain, 0, buf, 5 + 2, size);
      assertThat(a.encryptFrameInPlace(buf, 5, size)).isEqualTo(size + 18);
      assertThat(Arrays.copyOfRange(buf, 5, buf.length)).isEqualTo(b.encrypt(plain));
    }
    byte[] empty = new byte[18];
    assertThat(a.encryptFrameInPlace(empty, 0, 0)).isEqualTo(18);
    CipherState receiving = new CipherState(K1);
    receiving.setNonce(3); // after the three frames above
    NoiseFrameCodec receiver = new NoiseFrameCodec(new CipherState(K2), receiving);
    assertThat(receiver.decrypt(empty)).isEmpty();
    assertThat(receiver.decrypt(a.encrypt(new byte[] {4}))).containsExactly(new byte[] {4});
    assertThatThrownBy(() -> a.encryptFrameInPlace(new byte[MAX_MESSAGE + 3], 0, MAX_PLAINTEXT + 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  // --- the ByteBuffer data path (sealFrame / nextFrame(ByteBuffer, ByteBuffer)) ---

  /**
   * Every AEAD implementation this JVM has: our Java one, the JDK's, and Conscrypt's if it loads.
   */
  private static List<java.util.function.Supplier<Aead>> aeads() {
    List<java.util.function.Supplier<Aead>> all = new ArrayList<>();
    all.add(ChaCha20Poly1305::new);
    all.add(JdkChaCha20Poly1305::new);
    if (JdkChaCha20Poly1305.conscryptAvailable()) {
      all.add(JdkChaCha20Poly1305::conscrypt);
    }
    return all;
  }

  private static ByteBuffer buffer(boolean direct, int capacity) {
    return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
  }

  @Test
  void bufferEngineOpensWhatEitherSealingApiSentForRandomSplitsWithEveryAead() {
    for (java.util.function.Supplier<Aead> aead : aeads()) {
      RandomInputs.forEachCase(
          12,
          r -> {
            boolean direct = r.nextBoolean();
            NoiseFrameCodec sender =
                new NoiseFrameCodec(new CipherState(K1, aead.get()), new CipherState(K2));
            NoiseFrameCodec receiver =
                new NoiseFrameCodec(new CipherState(K2), new CipherState(K1, aead.get()));
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 1 + r.nextInt(8); i > 0; i--) {
              byte[] plain = RandomInputs.bytes(r, r.nextInt(4) == 0 ? 40 : MAX_PLAINTEXT);
              expected.writeBytes(plain);
              if (r.nextBoolean()) {
                ByteBuffer in = buffer(direct, plain.length).put(plain).flip();
                ByteBuffer out = buffer(r.nextBoolean(), plain.length + 18 + 3);
                out.position(3);
                assertThat(sender.sealFrame(in, out)).isEqualTo(plain.length + 18);
                assertThat(in.hasRemaining()).isFalse();
                assertThat(out.position()).isEqualTo(3 + plain.length + 18);
                out.flip().position(3);
                byte[] frame = new byte[out.remaining()];
                out.get(frame);
                wire.writeBytes(frame);
              } else {
                wire.writeBytes(sender.encrypt(plain));
              }
            }
            byte[] bytes = wire.toByteArray();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer plain = buffer(direct, MAX_PLAINTEXT);
            int pos = 0;
            while (pos < bytes.length) {
              int n = Math.min(bytes.length - pos, 1 + r.nextInt(r.nextBoolean() ? 40 : 140_000));
              ByteBuffer read = buffer(direct, n + 10);
              read.position(5);
              read.put(bytes, pos, n).flip().position(5); // not at offset 0
              int frames = 0;
              while (receiver.nextFrame(read, plain)) {
                assertThat(plain.position()).isZero();
                assertThat(plain.remaining()).isBetween(1, MAX_PLAINTEXT);
                byte[] chunk = new byte[plain.remaining()];
                plain.get(chunk);
                got.writeBytes(chunk);
                frames++;
              }
              assertThat(read.hasRemaining()).isFalse();
              assertThat(frames).isLessThanOrEqualTo(n / 18 + 1);
              pos += n;
            }
            assertThat(got.toByteArray()).isEqualTo(expected.toByteArray());
            assertThat(receiver.bufferedBytes()).isZero();
          });
    }
  }

  @Test
  void bufferEngineKeepsAPartialFrameAndCountsItsBytes() throws Exception {
    NoiseFrameCodec[] p = pair();
    byte[] wire = p[0].encrypt(new byte[] {1, 2, 3, 4});
    ByteBuffer plain = ByteBuffer.allocateDirect(MAX_PLAINTEXT);
    assertThat(p[1].nextFrame(ByteBuffer.wrap(wire, 0, 1), plain)).isFalse();
    assertThat(p[1].bufferedBytes()).isEqualTo(1);
    assertThat(p[1].nextFrame(ByteBuffer.wrap(wire, 1, 5), plain)).isFalse();
    assertThat(p[1].bufferedBytes()).isEqualTo(6);
    assertThat(p[1].nextFrame(ByteBuffer.wrap(wire, 6, wire.length - 6), plain)).isTrue();
    assertThat(plain.remaining()).isEqualTo(4);
    assertThat(plain.get(3)).isEqualTo((byte) 4);
    assertThat(p[1].bufferedBytes()).isZero();
  }

  @Test
  void bufferEngineFailsOnABadTagConsumesTheReadAndStaysFailed() throws Exception {
    for (java.util.function.Supplier<Aead> aead : aeads()) {
      NoiseFrameCodec sender = new NoiseFrameCodec(new CipherState(K1), new CipherState(K2));
      NoiseFrameCodec receiver =
          new NoiseFrameCodec(new CipherState(K2), new CipherState(K1, aead.get()));
      byte[] good = sender.encrypt(new byte[] {9});
      byte[] bad = sender.encrypt(new byte[100]);
      bad[40] ^= 1;
      ByteBuffer in = ByteBuffer.allocateDirect(good.length + bad.length);
      in.put(good).put(bad).flip();
      ByteBuffer plain = ByteBuffer.allocateDirect(MAX_PLAINTEXT);
      assertThat(receiver.nextFrame(in, plain)).isTrue();
      assertThat(plain.get()).isEqualTo((byte) 9);
      assertThat(reasonOf(() -> receiver.nextFrame(in, plain))).isEqualTo(Reason.BAD_TAG);
      assertThat(in.hasRemaining()).isFalse();
      ByteBuffer next = ByteBuffer.wrap(sender.encrypt(new byte[1]));
      assertThat(reasonOf(() -> receiver.nextFrame(next, plain))).isEqualTo(Reason.FAILED_EARLIER);
    }
  }

  @Test
  void bufferEngineGivesOnlyNoiseExceptionsOrNothingForRandomBytes() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          NoiseFrameCodec c = pair()[1];
          ByteBuffer in = buffer(r.nextBoolean(), 300).put(RandomInputs.bytes(r, 300)).flip();
          try {
            assertThat(c.nextFrame(in, ByteBuffer.allocateDirect(MAX_PLAINTEXT))).isFalse();
            assertThat(c.bufferedBytes()).isLessThanOrEqualTo(2 + MAX_MESSAGE);
          } catch (NoiseException expected) {
            assertThat(expected.reason()).isIn(Reason.BAD_TAG, Reason.BAD_SIZE);
          }
        });
  }

  @Test
  void aCodecServesOneReceivingEngineAndSealFrameChecksItsBounds() throws Exception {
    NoiseFrameCodec[] p = pair();
    byte[] wire = p[0].encrypt(new byte[] {1});
    assertThat(p[1].decrypt(wire)).hasSize(1);
    assertThatThrownBy(() -> p[1].nextFrame(ByteBuffer.allocate(1), ByteBuffer.allocate(10)))
        .isInstanceOf(IllegalStateException.class);
    NoiseFrameCodec other = pair()[1];
    assertThat(other.nextFrame(ByteBuffer.wrap(wire), ByteBuffer.allocate(MAX_PLAINTEXT))).isTrue();
    assertThatThrownBy(() -> other.feed(new byte[1], 0, 1))
        .isInstanceOf(IllegalStateException.class);

    ByteBuffer tooBig = ByteBuffer.allocateDirect(MAX_PLAINTEXT + 1);
    assertThatThrownBy(() -> p[0].sealFrame(tooBig, ByteBuffer.allocateDirect(MAX_MESSAGE + 3)))
        .isInstanceOf(IndexOutOfBoundsException.class);
    ByteBuffer ten = ByteBuffer.allocateDirect(10);
    assertThatThrownBy(() -> p[0].sealFrame(ten, ByteBuffer.allocateDirect(27)))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(ten.remaining()).isEqualTo(10);
    assertThat(p[0].prefersDirectBuffers())
        .isEqualTo("conscrypt".equals(NoiseSession.aeadImplementation()));
  }

  // --- helpers ---

  private interface Call {
    void run() throws NoiseException;
  }

  private static Reason reasonOf(Call call) {
    try {
      call.run();
      return null;
    } catch (NoiseException e) {
      return e.reason();
    }
  }

  /** Checks prefixes: every frame but the last is full (65535), and they add up. */
  private static void assertFrameLayout(byte[] wire, int plaintextSize) {
    int pos = 0;
    int plain = 0;
    while (pos < wire.length) {
      int n = ((wire[pos] & 0xff) << 8) | (wire[pos + 1] & 0xff);
      assertThat(n).isBetween(17, MAX_MESSAGE);
      pos += 2 + n;
      plain += n - 16;
      if (pos < wire.length) {
        assertThat(n).isEqualTo(MAX_MESSAGE);
      }
    }
    assertThat(pos).isEqualTo(wire.length);
    assertThat(plain).isEqualTo(plaintextSize);
  }

  private static byte[] feedInPieces(NoiseFrameCodec c, byte[] wire, Random r) throws Exception {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < wire.length) {
      int max = r.nextInt(4) == 0 ? 3 : 70_000;
      int n = Math.min(wire.length - pos, 1 + r.nextInt(max));
      for (byte[] chunk : c.decrypt(wire, pos, n)) {
        assertThat(chunk.length).isBetween(1, MAX_PLAINTEXT);
        got.write(chunk);
      }
      pos += n;
    }
    return got.toByteArray();
  }

  private static byte[] concat(List<byte[]> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) seed);
    k[0] = (byte) 0x5a;
    return k;
  }
}

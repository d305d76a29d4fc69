package dev.causeway.v1.rlpx.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.hex.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {
  private static final String VECTORS = "/vectors/rlpx-frames/";
  private static final int LIMIT = FrameCodec.MAX_FRAME_SIZE;

  // ---------------------------------------------------------------- §6.3 published vector

  @Test
  void encodesPublishedGethFrameHeaderLayoutAndCtrCiphertext() {
    VectorFile v = VectorFile.load(VECTORS + "geth-frame-readwrite.txt");
    // The published MACs come from a fake sponge; with any real sponge the MAC bytes differ but
    // the ciphertext bytes must not, since CTR does not depend on the MAC state.
    FrameCodec codec =
        new FrameCodec(
            v.hex("aes-secret"), v.hex("mac-secret"), new Keccak256(), new Keccak256(), LIMIT);
    byte[] data = v.hex("frame-data");

    byte[] frame = codec.encode(data, 0, data.length);

    assertThat(frame).hasSize(64);
    assertThat(Arrays.copyOfRange(frame, 0, 16)).isEqualTo(v.hex("header-ciphertext"));
    assertThat(Arrays.copyOfRange(frame, 32, 48)).isEqualTo(v.hex("frame-ciphertext"));
    assertThat(v.hex("header-mac")).hasSize(16);
    assertThat(v.hex("frame-mac")).hasSize(16);
  }

  @Test
  void decryptsPublishedGethFrameCiphertext() throws FramingException {
    VectorFile v = VectorFile.load(VECTORS + "geth-frame-readwrite.txt");
    Keccak256 sponge = new Keccak256().update("any start".getBytes(StandardCharsets.US_ASCII));
    FrameCodec sender =
        new FrameCodec(v.hex("aes-secret"), v.hex("mac-secret"), sponge, new Keccak256(), LIMIT);
    FrameCodec receiver =
        new FrameCodec(v.hex("aes-secret"), v.hex("mac-secret"), new Keccak256(), sponge, LIMIT);
    // Put the published ciphertext together with MACs computed over it by a matching sponge.
    byte[] data = v.hex("frame-data");
    byte[] frame = sender.encode(data, 0, data.length);
    byte[] published = frame.clone();
    System.arraycopy(v.hex("header-ciphertext"), 0, published, 0, 16);
    System.arraycopy(v.hex("frame-ciphertext"), 0, published, 32, 16);
    assertThat(published).isEqualTo(frame);

    int size = receiver.decodeHeader(published, 0);
    assertThat(size).isEqualTo(6);
    assertThat(receiver.decodeBody(published, 32, size)).isEqualTo(Hex.decode("08c401020304"));
  }

  // ---------------------------------------------------------------- §6.4 derived session frames

  /** Codecs of A (initiator) and B (recipient) with MAC sponges built per §4.6 from the vectors. */
  private record Session(
      VectorFile v, FrameCodec a, FrameCodec b, Keccak256 bEgress, Keccak256 bIngress) {
    static Session load() {
      VectorFile v = VectorFile.load(VECTORS + "eip8-auth2-ack2-session.txt");
      byte[] mac = v.hex("mac-secret");
      Keccak256 bEgress = new Keccak256().update(xor(mac, v.hex("nonce-a"))).update(v.hex("ack2"));
      Keccak256 bIngress =
          new Keccak256().update(xor(mac, v.hex("nonce-b"))).update(v.hex("auth2"));
      byte[] aes = v.hex("aes-secret");
      FrameCodec a = new FrameCodec(aes, mac, bIngress, bEgress, LIMIT);
      FrameCodec b = new FrameCodec(aes, mac, bEgress, bIngress, LIMIT);
      return new Session(v, a, b, bEgress, bIngress);
    }
  }

  @Test
  void macSpongesBuiltFromHandshakePacketsMatchVectors() {
    Session s = Session.load();
    assertThat(s.bEgress().digest()).isEqualTo(s.v().hex("b-egress-digest"));
    assertThat(s.bIngress().digest()).isEqualTo(s.v().hex("b-ingress-digest"));
    Keccak256 foo = new Keccak256(s.bIngress()).update("foo".getBytes(StandardCharsets.US_ASCII));
    assertThat(foo.digest()).isEqualTo(s.v().hex("b-ingress-mac-foo"));
  }

  static Stream<Arguments> sessionFrames() {
    List<String> frames = VectorFile.load(VECTORS + "eip8-auth2-ack2-session.txt").all("frame");
    return IntStream.range(0, frames.size()).mapToObj(i -> Arguments.of(i, frames.get(i)));
  }

  @ParameterizedTest(name = "frame #{0}: {1}")
  @MethodSource("sessionFrames")
  void encodesAndDecodesDerivedSessionFrame(int index, String line) throws FramingException {
    Session s = Session.load();
    List<String> frames = s.v().all("frame");
    // Replay the frames sent before this one so both codecs' states are where the vector expects.
    for (int i = 0; i < index; i++) {
      String[] prev = frames.get(i).split("\\s+");
      FrameCodec sender = prev[0].equals("A") ? s.a() : s.b();
      FrameCodec receiver = prev[0].equals("A") ? s.b() : s.a();
      byte[] wire = Hex.decode(prev[3]);
      int size = receiver.decodeHeader(wire, 0);
      receiver.decodeBody(wire, 32, size);
      byte[] data = frameData(prev[1], prev[2]);
      sender.encode(data, 0, data.length);
    }
    String[] f = line.split("\\s+");
    FrameCodec sender = f[0].equals("A") ? s.a() : s.b();
    FrameCodec receiver = f[0].equals("A") ? s.b() : s.a();
    byte[] data = frameData(f[1], f[2]);
    byte[] expected = Hex.decode(f[3]);

    assertThat(Hex.encode(sender.encode(data, 0, data.length))).isEqualTo(f[3]);
    int size = receiver.decodeHeader(expected, 0);
    assertThat(size).isEqualTo(data.length);
    assertThat(receiver.decodeBody(expected, 32, size)).isEqualTo(data);
  }

  private static byte[] frameData(String msgIdHex, String msgDataHex) {
    return Hex.decode(msgIdHex + msgDataHex);
  }

  // ---------------------------------------------------------------- round trips

  /** Two codecs wired so that each one's egress sponge is the other's ingress start. */
  private static FrameCodec[] pair(long seed, int maxFrameSize) {
    Random r = new Random(seed);
    byte[] aes = new byte[32];
    byte[] mac = new byte[32];
    byte[] x = new byte[100];
    byte[] y = new byte[100];
    r.nextBytes(aes);
    r.nextBytes(mac);
    r.nextBytes(x);
    r.nextBytes(y);
    Keccak256 aToB = new Keccak256().update(x);
    Keccak256 bToA = new Keccak256().update(y);
    return new FrameCodec[] {
      new FrameCodec(aes, mac, aToB, bToA, maxFrameSize),
      new FrameCodec(aes, mac, bToA, aToB, maxFrameSize)
    };
  }

  private static byte[] random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] roundTrip(FrameCodec from, FrameCodec to, byte[] data)
      throws FramingException {
    byte[] wire = from.encode(data, 0, data.length);
    assertThat(wire).hasSize(FrameCodec.encodedLength(data.length));
    int size = to.decodeHeader(wire, 0);
    assertThat(FrameCodec.HEADER_LENGTH + FrameCodec.bodyLength(size)).isEqualTo(wire.length);
    return to.decodeBody(wire, FrameCodec.HEADER_LENGTH, size);
  }

  @Test
  void roundTripsEverySizeFrom0To5000InSequenceBothWays() throws FramingException {
    FrameCodec[] p = pair(1, LIMIT);
    Random r = new Random(2);
    for (int n = 0; n <= 5000; n++) {
      byte[] ab = random(r, n);
      byte[] ba = random(r, 5000 - n);
      assertThat(roundTrip(p[0], p[1], ab)).isEqualTo(ab);
      assertThat(roundTrip(p[1], p[0], ba)).isEqualTo(ba);
    }
  }

  @Test
  void roundTripsOneMebibyteFrames() throws FramingException {
    FrameCodec[] p = pair(3, LIMIT);
    Random r = new Random(4);
    for (int i = 0; i < 3; i++) {
      byte[] data = random(r, (1 << 20) + i);
      assertThat(roundTrip(p[0], p[1], data)).isEqualTo(data);
    }
  }

  @Test
  void roundTripsLargestFrameSize() throws FramingException {
    FrameCodec[] p = pair(5, LIMIT);
    byte[] data = random(new Random(6), FrameCodec.MAX_FRAME_SIZE);
    assertThat(roundTrip(p[0], p[1], data)).isEqualTo(data);
  }

  @Test
  void matchesIndependentSpecFramerForManyFrames() {
    Random r = new Random(7);
    byte[] aes = random(r, 32);
    byte[] mac = random(r, 32);
    Keccak256 start = new Keccak256().update(random(r, 77));
    FrameCodec codec = new FrameCodec(aes, mac, start, new Keccak256(), LIMIT);
    SpecFrameWriter spec = new SpecFrameWriter(aes, mac, start);
    for (int i = 0; i < 300; i++) {
      byte[] data = random(r, r.nextInt(i < 200 ? 40 : 3000));
      assertThat(codec.encode(data, 0, data.length)).isEqualTo(spec.frame(data));
    }
  }

  @Test
  void encodesIntoOffsetAndInPlace() throws FramingException {
    FrameCodec[] p = pair(8, LIMIT);
    FrameCodec[] q = pair(8, LIMIT);
    Random r = new Random(9);
    for (int n : new int[] {0, 1, 15, 16, 17, 1000}) {
      byte[] data = random(r, n);
      byte[] expected = q[0].encode(data, 0, n);
      // Frame-data placed where the body goes, encoded in place, at a non-zero offset.
      byte[] buf = new byte[7 + FrameCodec.encodedLength(n) + 5];
      System.arraycopy(data, 0, buf, 7 + FrameCodec.HEADER_LENGTH, n);
      p[0].encode(buf, 7 + FrameCodec.HEADER_LENGTH, n, buf, 7);
      assertThat(Arrays.copyOfRange(buf, 7, 7 + expected.length)).isEqualTo(expected);
      int size = p[1].decodeHeader(buf, 7);
      assertThat(p[1].decodeBody(buf, 7 + FrameCodec.HEADER_LENGTH, size)).isEqualTo(data);
    }
  }

  @Test
  void decodesHeaderAndBodyFromSeparateBuffersLeavingInputUntouched() throws FramingException {
    FrameCodec[] p = pair(10, LIMIT);
    byte[] data = random(new Random(11), 100);
    byte[] wire = p[0].encode(data, 0, data.length);
    byte[] header = Arrays.copyOfRange(wire, 0, 32);
    byte[] body = new byte[3 + wire.length - 32];
    System.arraycopy(wire, 32, body, 3, wire.length - 32);
    byte[] headerCopy = header.clone();
    byte[] bodyCopy = body.clone();

    int size = p[1].decodeHeader(header, 0);
    byte[] decoded = p[1].decodeBody(body, 3, size);

    assertThat(decoded).isEqualTo(data);
    assertThat(header).isEqualTo(headerCopy);
    assertThat(body).isEqualTo(bodyCopy);
  }

  @Test
  void computesLengths() {
    assertThat(FrameCodec.encodedLength(0)).isEqualTo(48);
    assertThat(FrameCodec.encodedLength(1)).isEqualTo(64);
    assertThat(FrameCodec.encodedLength(16)).isEqualTo(64);
    assertThat(FrameCodec.encodedLength(17)).isEqualTo(80);
    assertThat(FrameCodec.bodyLength(6)).isEqualTo(32);
    assertThat(FrameCodec.bodyLength(0)).isEqualTo(16);
    assertThatThrownBy(() -> FrameCodec.bodyLength(FrameCodec.MAX_FRAME_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- rejections

  @Test
  void rejectsEveryTamperedByteOfAFrame() throws FramingException {
    byte[] data = random(new Random(12), 20);
    byte[] wire = pair(13, LIMIT)[0].encode(data, 0, data.length);
    for (int i = 0; i < wire.length; i++) {
      FrameCodec receiver = pair(13, LIMIT)[1];
      byte[] bad = wire.clone();
      bad[i] ^= 0x01;
      if (i < FrameCodec.HEADER_LENGTH) {
        assertThatThrownBy(() -> receiver.decodeHeader(bad, 0))
            .as("byte %d", i)
            .isInstanceOf(FramingException.class)
            .hasMessageContaining("header MAC");
      } else {
        int size = receiver.decodeHeader(bad, 0);
        assertThatThrownBy(() -> receiver.decodeBody(bad, 32, size))
            .as("byte %d", i)
            .isInstanceOf(FramingException.class)
            .hasMessageContaining("frame MAC");
      }
    }
  }

  @Test
  void rejectsFrameLargerThanLimitFromTheHeaderAlone() {
    FrameCodec sender = pair(14, LIMIT)[0];
    FrameCodec receiver = pair(14, 1024)[1];
    byte[] wire = sender.encode(new byte[1025], 0, 1025);
    byte[] headerOnly = Arrays.copyOf(wire, FrameCodec.HEADER_LENGTH);

    assertThatThrownBy(() -> receiver.decodeHeader(headerOnly, 0))
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("exceeds the limit of 1024");
  }

  @Test
  void acceptsFrameExactlyAtLimit() throws FramingException {
    FrameCodec[] p = pair(15, 1024);
    byte[] data = random(new Random(16), 1024);
    assertThat(roundTrip(p[0], p[1], data)).isEqualTo(data);
  }

  @Test
  void staysFailedAfterARejectedFrame() throws FramingException {
    FrameCodec[] p = pair(17, LIMIT);
    byte[] first = p[0].encode(new byte[5], 0, 5);
    byte[] second = p[0].encode(new byte[5], 0, 5);
    first[40] ^= 1;
    int size = p[1].decodeHeader(first, 0);
    assertThatThrownBy(() -> p[1].decodeBody(first, 32, size)).isInstanceOf(FramingException.class);

    assertThatThrownBy(() -> p[1].decodeHeader(second, 0))
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("earlier frame failed");
  }

  @Test
  void rejectsFramesOutOfOrder() throws FramingException {
    FrameCodec[] p = pair(18, LIMIT);
    byte[] first = p[0].encode(new byte[5], 0, 5);
    byte[] second = p[0].encode(new byte[5], 0, 5);
    assertThatThrownBy(() -> p[1].decodeHeader(second, 0)).isInstanceOf(FramingException.class);
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void refusesBodyWithoutHeaderAndHeaderWithoutBody() throws FramingException {
    FrameCodec[] p = pair(19, LIMIT);
    byte[] wire = p[0].encode(new byte[5], 0, 5);
    assertThatThrownBy(() -> p[1].decodeBody(wire, 32, 5))
        .isInstanceOf(IllegalStateException.class);
    int size = p[1].decodeHeader(wire, 0);
    assertThatThrownBy(() -> p[1].decodeHeader(wire, 0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p[1].decodeBody(wire, 32, size + 1))
        .isInstanceOf(IllegalStateException.class);
    assertThat(p[1].decodeBody(wire, 32, size)).isEqualTo(new byte[5]);
  }

  @Test
  void rejectsBadConstructorArguments() {
    Keccak256 k = new Keccak256();
    byte[] s32 = new byte[32];
    assertThatThrownBy(() -> new FrameCodec(new byte[16], s32, k, k, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameCodec(s32, new byte[31], k, k, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameCodec(s32, s32, k, k, FrameCodec.MAX_FRAME_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameCodec(s32, s32, k, k, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void doesNotMutateTheSpongesItIsGiven() {
    Keccak256 egress = new Keccak256().update(new byte[] {1});
    byte[] before = egress.digest();
    FrameCodec codec = new FrameCodec(new byte[32], new byte[32], egress, new Keccak256(), LIMIT);
    codec.encode(new byte[10], 0, 10);
    assertThat(egress.digest()).isEqualTo(before);
  }

  // ---------------------------------------------------------------- header-data

  private static byte[] headerWith(int frameSize, String headerDataHex) {
    byte[] h = new byte[16];
    h[0] = (byte) (frameSize >>> 16);
    h[1] = (byte) (frameSize >>> 8);
    h[2] = (byte) frameSize;
    byte[] hd = Hex.decode(headerDataHex);
    System.arraycopy(hd, 0, h, 3, hd.length);
    return h;
  }

  private static FrameCodec specReceiver(long seed, int limit, List<SpecFrameWriter> senderOut) {
    Random r = new Random(seed);
    byte[] aes = random(r, 32);
    byte[] mac = random(r, 32);
    Keccak256 start = new Keccak256().update(random(r, 50));
    senderOut.add(new SpecFrameWriter(aes, mac, start));
    return new FrameCodec(aes, mac, new Keccak256(), start, limit);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c28080", "c0", "c180", "c3808080", "c480808080", "c2808000000000"})
  void acceptsZeroHeaderDataWithMissingOrExtraElements(String headerData) throws FramingException {
    List<SpecFrameWriter> w = new ArrayList<>();
    FrameCodec receiver = specReceiver(20, LIMIT, w);
    byte[] data = Hex.decode("02c0");
    byte[] wire = w.get(0).frame(headerWith(2, headerData), data);
    int size = receiver.decodeHeader(wire, 0);
    assertThat(receiver.decodeBody(wire, 32, size)).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c20180", "c28001", "c3808001", "c2c080", "ff", "80", "c5808080", "0000"})
  void rejectsNonZeroOrMalformedHeaderData(String headerData) {
    List<SpecFrameWriter> w = new ArrayList<>();
    FrameCodec receiver = specReceiver(21, LIMIT, w);
    byte[] wire = w.get(0).frame(headerWith(2, headerData), Hex.decode("02c0"));
    assertThatThrownBy(() -> receiver.decodeHeader(wire, 0))
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("header-data");
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] r = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (byte) (a[i] ^ b[i]);
    }
    return r;
  }
}

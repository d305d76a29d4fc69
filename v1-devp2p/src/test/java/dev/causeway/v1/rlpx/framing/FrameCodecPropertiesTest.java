package dev.causeway.v1.rlpx.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Keccak256;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Decoders of {@link FrameCodec} fed random and mutated input raise only FramingException. */
class FrameCodecPropertiesTest {
  private static final int LIMIT = 4096;

  /** Sender-side pieces and a receiver whose ingress state matches them. */
  private record Link(byte[] aes, byte[] mac, Keccak256 start, FrameCodec receiver) {
    static Link create(long seed) {
      Random r = new Random(seed);
      byte[] aes = new byte[32];
      byte[] mac = new byte[32];
      byte[] init = new byte[64];
      r.nextBytes(aes);
      r.nextBytes(mac);
      r.nextBytes(init);
      Keccak256 start = new Keccak256().update(init);
      return new Link(aes, mac, start, new FrameCodec(aes, mac, new Keccak256(), start, LIMIT));
    }

    FrameCodec sender() {
      return new FrameCodec(aes, mac, start, new Keccak256(), LIMIT);
    }
  }

  @Property(tries = 500)
  void randomHeaderBytesRaiseOnlyFramingException(
      @ForAll @Size(32) byte[] header, @ForAll long seed) {
    FrameCodec receiver = Link.create(seed).receiver();
    try {
      int size = receiver.decodeHeader(header, 0);
      assertThat(size).isBetween(0, LIMIT);
    } catch (FramingException expected) {
      // the only allowed failure
    }
  }

  @Property(tries = 1000)
  void authenticHeadersWithRandomPlaintextRaiseOnlyFramingException(
      @ForAll @Size(16) byte[] headerPlain, @ForAll long seed) {
    Link link = Link.create(seed);
    SpecFrameWriter writer = new SpecFrameWriter(link.aes(), link.mac(), link.start());
    byte[] wire = writer.frame(headerPlain, new byte[0]);
    try {
      int size = link.receiver().decodeHeader(wire, 0);
      int announced =
          ((headerPlain[0] & 0xff) << 16)
              | ((headerPlain[1] & 0xff) << 8)
              | (headerPlain[2] & 0xff);
      assertThat(size).isEqualTo(announced).isLessThanOrEqualTo(LIMIT);
    } catch (FramingException expected) {
      // the only allowed failure
    }
  }

  @Property(tries = 500)
  void randomBodiesAfterAnAuthenticHeaderRaiseOnlyFramingException(
      @ForAll @IntRange(max = 300) int frameSize, @ForAll long seed, @ForAll long bodySeed) {
    Link link = Link.create(seed);
    byte[] wire = link.sender().encode(new byte[frameSize], 0, frameSize);
    byte[] body = new byte[FrameCodec.bodyLength(frameSize)];
    new Random(bodySeed).nextBytes(body);
    try {
      int size = link.receiver().decodeHeader(wire, 0);
      link.receiver().decodeBody(body, 0, size);
    } catch (FramingException expected) {
      // the only allowed failure
    }
  }

  @Property(tries = 1000)
  void mutatedFramesDecodeToTheOriginalOrRaiseOnlyFramingException(
      @ForAll @Size(max = 300) byte[] data,
      @ForAll @IntRange(max = 10_000) int position,
      @ForAll byte mask,
      @ForAll long seed) {
    Link link = Link.create(seed);
    byte[] wire = link.sender().encode(data, 0, data.length);
    wire[position % wire.length] ^= mask;
    try {
      int size = link.receiver().decodeHeader(wire, 0);
      byte[] decoded = link.receiver().decodeBody(wire, FrameCodec.HEADER_LENGTH, size);
      assertThat(mask).isZero();
      assertThat(decoded).isEqualTo(data);
    } catch (FramingException expected) {
      assertThat(mask).isNotZero();
    }
  }
}

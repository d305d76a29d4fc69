package dev.causeway.v1.rlpx.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.testing.RandomInputs;
import java.util.Random;
import org.junit.jupiter.api.Test;

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

  @Test
  void randomHeaderBytesRaiseOnlyFramingException() {
    RandomInputs.forEachCase(
        500,
        r -> {
          byte[] header = RandomInputs.bytes(r, 32, 32);
          FrameCodec receiver = Link.create(r.nextLong()).receiver();
          try {
            int size = receiver.decodeHeader(header, 0);
            assertThat(size).isBetween(0, LIMIT);
          } catch (FramingException expected) {
            // the only allowed failure
          }
        });
  }

  @Test
  void authenticHeadersWithRandomPlaintextRaiseOnlyFramingException() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          byte[] headerPlain = RandomInputs.bytes(r, 16, 16);
          Link link = Link.create(r.nextLong());
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
        });
  }

  @Test
  void randomBodiesAfterAnAuthenticHeaderRaiseOnlyFramingException() {
    RandomInputs.forEachCase(
        500,
        r -> {
          int frameSize = r.nextInt(301);
          Link link = Link.create(r.nextLong());
          byte[] wire = link.sender().encode(new byte[frameSize], 0, frameSize);
          int bodyLength = FrameCodec.bodyLength(frameSize);
          byte[] body = RandomInputs.bytes(r, bodyLength, bodyLength);
          try {
            int size = link.receiver().decodeHeader(wire, 0);
            link.receiver().decodeBody(body, 0, size);
          } catch (FramingException expected) {
            // the only allowed failure
          }
        });
  }

  @Test
  void mutatedFramesDecodeToTheOriginalOrRaiseOnlyFramingException() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          byte[] data = RandomInputs.bytes(r, 300);
          int position = r.nextInt(10_001);
          byte mask = (byte) r.nextInt(256);
          Link link = Link.create(r.nextLong());
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
        });
  }
}

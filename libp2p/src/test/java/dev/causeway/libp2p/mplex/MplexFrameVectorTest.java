package dev.causeway.libp2p.mplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.mux.FrameVectors;
import dev.causeway.libp2p.mux.FrameVectors.Vector;
import dev.causeway.libp2p.mux.MuxerException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The frame examples of spec libp2p-core.md §7.4 (vectors/mplex/frames.txt), both directions. */
class MplexFrameVectorTest {
  static final String FILE = "/vectors/mplex/frames.txt";

  static List<Vector> frames() {
    return FrameVectors.load(FILE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("frames")
  void encodesAndParsesSpecExample(Vector v) throws MuxerException {
    byte[] frame = Hex.decode(v.hex());
    byte[] payload = v.field(4).equals("-") ? new byte[0] : Hex.decode(v.field(4));
    MplexFrameHeader expected =
        new MplexFrameHeader(
            Long.parseLong(v.field(2)), Integer.parseInt(v.field(3)), payload.length);

    assertThat(expected.encodeFrame(payload, 0)).isEqualTo(frame);
    MplexFrameHeader parsed = MplexFrameHeader.tryRead(frame, 0, frame.length, 1 << 20);
    assertThat(parsed).isEqualTo(expected);
    assertThat(Arrays.copyOfRange(frame, parsed.encodedLength(), frame.length)).isEqualTo(payload);
    // every strict prefix of the header is incomplete, not an error
    for (int i = 0; i < parsed.encodedLength(); i++) {
      assertThat(MplexFrameHeader.tryRead(frame, 0, i, 1 << 20)).isNull();
    }
  }

  @Test
  void encodesMultiByteVarints() throws MuxerException {
    MplexFrameHeader h = new MplexFrameHeader(300, Mplex.FLAG_MESSAGE_RECEIVER, 16384);
    byte[] frame = h.encodeFrame(new byte[16384], 0);
    // 300 << 3 | 1 = 2401 -> e1 12; 16384 -> 80 80 01 (spec §1 example)
    assertThat(Hex.encode(Arrays.copyOf(frame, 5))).isEqualTo("e112808001");
    assertThat(MplexFrameHeader.tryRead(frame, 0, 5, 1 << 20)).isEqualTo(h);
  }

  @Test
  void rejectsFlagSevenNonMinimalAndOverlongVarintsAndOversizedFrames() {
    assertThatThrownBy(() -> MplexFrameHeader.tryRead(Hex.decode("0700"), 0, 2, 100))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("flag 7");
    assertThatThrownBy(() -> MplexFrameHeader.tryRead(Hex.decode("820000"), 0, 3, 100))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("non-minimal");
    assertThatThrownBy(() -> MplexFrameHeader.tryRead(Hex.decode("02ff7f"), 0, 3, 100))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("exceeds");
    byte[] tenBytes = Hex.decode("ffffffffffffffffff01");
    assertThatThrownBy(() -> MplexFrameHeader.tryRead(tenBytes, 0, tenBytes.length, 100))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("longer than 9");
  }
}

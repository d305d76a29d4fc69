package dev.causeway.libp2p.yamux;

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

/** The frame examples of spec libp2p-core.md §6.5 (vectors/yamux/frames.txt), both directions. */
class YamuxFrameVectorTest {
  static final String FILE = "/vectors/yamux/frames.txt";

  static List<Vector> frames() {
    return FrameVectors.load(FILE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("frames")
  void encodesAndParsesSpecExample(Vector v) throws MuxerException {
    byte[] frame = Hex.decode(v.hex());
    YamuxFrameHeader expected =
        new YamuxFrameHeader(
            Integer.parseInt(v.field(2)),
            Integer.decode(v.field(3)),
            Long.parseLong(v.field(4)),
            Long.parseLong(v.field(5)));

    YamuxFrameHeader parsed = YamuxFrameHeader.readFrom(frame, 0);

    assertThat(parsed).isEqualTo(expected);
    assertThat(expected.encode()).isEqualTo(Arrays.copyOf(frame, Yamux.HEADER_LENGTH));
    int body = expected.type() == Yamux.TYPE_DATA ? (int) expected.length() : 0;
    assertThat(frame).hasSize(Yamux.HEADER_LENGTH + body);
  }

  @Test
  void rejectsOtherVersionsAndUnknownTypes() {
    byte[] h = Hex.decode("000100010000000100000000");
    h[0] = 1;
    assertThatThrownBy(() -> YamuxFrameHeader.readFrom(h, 0))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("version");
    h[0] = 0;
    h[1] = 4;
    assertThatThrownBy(() -> YamuxFrameHeader.readFrom(h, 0))
        .isInstanceOf(MuxerException.class)
        .hasMessageContaining("type");
    assertThatThrownBy(() -> YamuxFrameHeader.readFrom(new byte[11], 0))
        .isInstanceOf(MuxerException.class);
  }

  @Test
  void keepsFullUnsigned32BitFields() throws MuxerException {
    YamuxFrameHeader h = new YamuxFrameHeader(Yamux.TYPE_PING, 0xFFFF, 0, 0xFFFF_FFFFL);
    assertThat(Hex.encode(h.encode())).isEqualTo("0002ffff00000000ffffffff");
    assertThat(YamuxFrameHeader.readFrom(h.encode(), 0)).isEqualTo(h);
  }
}

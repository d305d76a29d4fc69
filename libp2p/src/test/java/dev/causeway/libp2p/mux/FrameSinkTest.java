package dev.causeway.libp2p.mux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.mplex.MplexFrameHeader;
import dev.causeway.testing.RandomInputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header-plus-payload path muxers use for data frames. */
class FrameSinkTest {
  @Test
  void defaultHeaderPayloadWriteHandsOverOneJoinedFreshFrame() {
    List<byte[]> out = new ArrayList<>();
    FrameSink sink = out::add;
    byte[] header = {1, 2, 3};
    byte[] payload = {9, 8, 7, 6, 5};
    sink.write(header, payload, 1, 3);
    header[0] = 0; // borrowed only: later changes do not reach the written frame
    payload[1] = 0;
    assertThat(out).hasSize(1);
    assertThat(out.get(0)).containsExactly(1, 2, 3, 8, 7, 6);
  }

  @Test
  void mplexHeaderAloneIsThePrefixOfTheWholeFrame() {
    RandomInputs.forEachCase(
        300,
        r -> {
          int len = r.nextInt(4) == 0 ? r.nextInt(1 << 20) : r.nextInt(300);
          long id = r.nextBoolean() ? r.nextInt(200) : r.nextLong() >>> 4;
          MplexFrameHeader h = new MplexFrameHeader(id, r.nextInt(7), len);
          byte[] payload = RandomInputs.bytes(r, len, len);
          byte[] frame = h.encodeFrame(payload, 0);
          byte[] head = h.encodeHeader();
          assertThat(head).hasSize(h.encodedLength());
          assertThat(Arrays.copyOf(frame, head.length)).isEqualTo(head);
        });
  }
}

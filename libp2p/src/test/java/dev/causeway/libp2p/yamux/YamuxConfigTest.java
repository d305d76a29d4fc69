package dev.causeway.libp2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.mux.RecordingMuxerListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host's yamux settings (spec libp2p-core.md §6.3, §12 item 4). */
class YamuxConfigTest {
  @Test
  void hostConfigAnnouncesA16MiBWindowButAssumesOnlyTheNwakuSafeSendCredit() throws Exception {
    List<byte[]> out = new ArrayList<>();
    YamuxSession client =
        Yamux.session(true, YamuxConfig.forHost(), out::add, new RecordingMuxerListener(true));
    client.openStream();

    YamuxFrameHeader syn = YamuxFrameHeader.readFrom(out.get(0), 0);
    assertThat(syn.type()).isEqualTo(Yamux.TYPE_WINDOW_UPDATE);
    assertThat(syn.has(Yamux.FLAG_SYN)).isTrue();
    assertThat(syn.length()).isEqualTo(16 * 1024 * 1024 - Yamux.SPEC_INITIAL_WINDOW);
    assertThat(YamuxConfig.forHost().initialSendWindow()).isEqualTo(256_000);
    assertThat(YamuxConfig.defaults().receiveWindow()).isEqualTo(Yamux.SPEC_INITIAL_WINDOW);
  }
}

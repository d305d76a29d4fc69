package dev.causeway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class V2MessagesTest {
  private static final String CT = "/causeway/1/test/proto";

  @Test
  void textPayloadIsPrintedAsText() {
    WakuMessage m =
        WakuMessage.of("héllo".getBytes(StandardCharsets.UTF_8), CT, 1_700_000_000_000_000_000L);
    MessageHash h = MessageHash.of(PubsubTopic.DEFAULT, m);
    Map<String, Object> d = V2Messages.describe(PubsubTopic.DEFAULT, m, h);
    assertThat(d)
        .containsEntry("type", "message")
        .containsEntry("pubsubTopic", "/waku/2/default-waku/proto")
        .containsEntry("contentTopic", CT)
        .containsEntry("payload", "héllo")
        .containsEntry("timestamp", 1_700_000_000_000_000_000L)
        .containsEntry("hash", h.to0xHex())
        .containsEntry("version", 0L)
        .doesNotContainKeys("payloadHex", "meta");
  }

  @Test
  void binaryPayloadIsPrintedAsHexWithMeta() {
    WakuMessage m =
        WakuMessage.builder()
            .payload(new byte[] {(byte) 0xff, 0x00, (byte) 0xc3})
            .contentTopic(CT)
            .version(-1)
            .meta(new byte[] {1, 2})
            .build();
    PubsubTopic t = PubsubTopic.staticShard(1, 4);
    Map<String, Object> d = V2Messages.describe(t, m, MessageHash.of(t, m));
    assertThat(d)
        .containsEntry("payloadHex", "ff00c3")
        .containsEntry("meta", "0102")
        .containsEntry("version", 4294967295L)
        .containsEntry("timestamp", null)
        .doesNotContainKey("payload");
  }
}

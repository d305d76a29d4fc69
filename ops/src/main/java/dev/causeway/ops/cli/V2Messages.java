package dev.causeway.ops.cli;

import dev.causeway.common.hex.Hex;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import java.util.Map;

/**
 * JSON description of a received Waku v2 message: {@code pubsubTopic}, {@code contentTopic}, the
 * payload as {@code payload} (UTF-8 text) or {@code payloadHex} when it is not well-formed UTF-8,
 * {@code timestamp} (Unix ns, null when the message has none), {@code hash} ({@code 0x} hex, as
 * nwaku's REST API prints it), {@code version} (uint32) and {@code meta} (hex, only when present).
 */
final class V2Messages {
  private V2Messages() {}

  static Map<String, Object> describe(PubsubTopic topic, WakuMessage m, MessageHash hash) {
    Map<String, Object> out = JsonLines.object("message");
    out.put("pubsubTopic", topic.toString());
    out.put("contentTopic", m.contentTopic());
    byte[] payload = m.payload();
    String text = Utf8.decodeOrNull(payload);
    if (text != null) {
      out.put("payload", text);
    } else {
      out.put("payloadHex", Hex.encode(payload));
    }
    out.put("timestamp", m.timestamp().isPresent() ? m.timestamp().getAsLong() : null);
    out.put("hash", hash.to0xHex());
    out.put("version", Integer.toUnsignedLong(m.version()));
    if (m.metaLength() > 0) {
      out.put("meta", Hex.encode(m.meta()));
    }
    return out;
  }
}

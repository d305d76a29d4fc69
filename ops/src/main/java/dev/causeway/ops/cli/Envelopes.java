package dev.causeway.ops.cli;

import dev.causeway.v1.waku.envelope.Envelope;
import java.util.Map;

/** JSON description of an envelope (never its payload). */
final class Envelopes {
  private Envelopes() {}

  static Map<String, Object> describe(Envelope e, double pow, String fromPeer) {
    Map<String, Object> m = JsonLines.object("envelope");
    m.put("hash", e.hash().toHex());
    m.put("topic", "0x" + e.topic().toHex());
    m.put("expiry", e.expiry());
    m.put("ttl", e.ttl());
    m.put("nonce", Long.toUnsignedString(e.nonce()));
    m.put("dataBytes", e.dataLength());
    m.put("pow", pow);
    m.put("from", fromPeer == null ? "local" : fromPeer);
    return m;
  }
}

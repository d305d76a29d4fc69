package dev.causeway.v1.waku.message;

import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.rlp.RlpWriter;

/**
 * Advertised rate limits {@code [limitIp, limitPeerId, limitTopic]} (status options keys 4 and 6,
 * {@code v1-waku.md} §3.1, §10). Values are unsigned 64-bit, 0 = unlimited; informational only.
 */
public record RateLimits(long ip, long peerId, long topic) {
  /** All zero (unlimited): status-go's default for an absent key. */
  public static final RateLimits NONE = new RateLimits(0, 0, 0);

  void writeTo(RlpWriter w) {
    int l = w.startList();
    w.writeLong(ip).writeLong(peerId).writeLong(topic);
    w.endList(l);
  }

  /** Reads exactly three canonical uints (go-ethereum decodes a 3-field struct). */
  static RateLimits readFrom(RlpReader r) throws RlpException {
    RlpReader l = r.readList();
    RateLimits v = new RateLimits(l.readLong(), l.readLong(), l.readLong());
    l.requireEnd();
    return v;
  }

  @Override
  public String toString() {
    return "RateLimits[ip="
        + Long.toUnsignedString(ip)
        + ", peerId="
        + Long.toUnsignedString(peerId)
        + ", topic="
        + Long.toUnsignedString(topic)
        + "]";
  }
}

package dev.causeway.v1.waku.message;

import dev.causeway.v1.rlp.Rlp;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared codec for the "RLP list of envelopes" payloads (Messages, P2P Message). */
final class EnvelopeLists {
  /** Default bound on one packet's msg-data: status-go's default MaxMessageSize, 1 MiB. */
  static final int DEFAULT_MAX_MSG_DATA_BYTES = 1 << 20;

  /**
   * Default bound on the number of envelopes read from one packet; the smallest envelope takes 10
   * bytes, so this admits any packet within {@link #DEFAULT_MAX_MSG_DATA_BYTES}.
   */
  static final int DEFAULT_MAX_ENVELOPES = 1 << 17;

  private EnvelopeLists() {}

  static byte[] encode(List<Envelope> envelopes) {
    int payload = 0;
    for (Envelope e : envelopes) {
      payload += e.encodedLength();
    }
    byte[] out = new byte[Rlp.headerLength(payload) + payload];
    int p = Rlp.writeHeader(out, 0, payload, true);
    for (Envelope e : envelopes) {
      p += e.writeTo(out, p);
    }
    return out;
  }

  static List<Envelope> read(byte[] msgData, int maxEnvelopes, String what)
      throws WakuCodecException {
    try {
      RlpReader r = RlpReader.of(msgData);
      RlpReader list = r.readList();
      r.requireEnd();
      List<Envelope> out = new ArrayList<>(Math.min(maxEnvelopes, 64));
      while (list.hasNext()) {
        if (out.size() >= maxEnvelopes) {
          throw new WakuCodecException(what + ": more than " + maxEnvelopes + " envelopes");
        }
        out.add(Envelope.readFrom(list));
      }
      return Collections.unmodifiableList(out);
    } catch (RlpException e) {
      throw new WakuCodecException(what + ": " + e.getMessage(), e);
    }
  }

  static Batches split(List<Envelope> envelopes, int maxMsgDataBytes) {
    if (maxMsgDataBytes < 2) {
      throw new IllegalArgumentException("maxMsgDataBytes too small: " + maxMsgDataBytes);
    }
    List<byte[]> packets = new ArrayList<>();
    List<Envelope> oversized = new ArrayList<>();
    List<Envelope> current = new ArrayList<>();
    long payload = 0;
    for (Envelope e : envelopes) {
      int len = e.encodedLength();
      if (Rlp.headerLength(len) + (long) len > maxMsgDataBytes) {
        oversized.add(e);
        continue;
      }
      long next = payload + len;
      if (!current.isEmpty()
          && Rlp.headerLength((int) Math.min(next, Integer.MAX_VALUE)) + next > maxMsgDataBytes) {
        packets.add(encode(current));
        current.clear();
        next = len;
      }
      current.add(e);
      payload = next;
    }
    if (!current.isEmpty()) {
      packets.add(encode(current));
    }
    return new Batches(
        Collections.unmodifiableList(packets), Collections.unmodifiableList(oversized));
  }
}

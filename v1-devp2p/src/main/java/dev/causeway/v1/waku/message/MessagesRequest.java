package dev.causeway.v1.waku.message;

import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.rlp.RlpWriter;
import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * status-go's plain (non-envelope) history request {@code [id, from, to, limit, cursor, bloom,
 * topics]} that may travel in a P2P Request packet ({@code v1-waku.md} §12.1).
 *
 * <p>Decoding bounds every field: id ≤ {@value #MAX_ID_BYTES} bytes, cursor ≤ {@value
 * #MAX_CURSOR_BYTES} bytes, bloom 0 or 64 bytes, at most {@value StatusOptions#MAX_TOPIC_INTEREST}
 * topics of exactly 4 bytes; from/to/limit are uint32.
 */
public final class MessagesRequest {
  public static final int MAX_ID_BYTES = 32;
  public static final int MAX_CURSOR_BYTES = 64;

  private final byte[] id;
  private final long from;
  private final long to;
  private final long limit;
  private final byte[] cursor;
  private final byte[] bloom;
  private final List<Topic> topics;

  public MessagesRequest(
      byte[] id, long from, long to, long limit, byte[] cursor, byte[] bloom, List<Topic> topics) {
    if (id.length > MAX_ID_BYTES
        || cursor.length > MAX_CURSOR_BYTES
        || (bloom.length != 0 && bloom.length != BloomFilter.LENGTH)
        || topics.size() > StatusOptions.MAX_TOPIC_INTEREST) {
      throw new IllegalArgumentException("messages request field out of bounds");
    }
    for (long v : new long[] {from, to, limit}) {
      if (v < 0 || v > 0xffff_ffffL) {
        throw new IllegalArgumentException("uint32 field out of range: " + v);
      }
    }
    this.id = id.clone();
    this.from = from;
    this.to = to;
    this.limit = limit;
    this.cursor = cursor.clone();
    this.bloom = bloom.clone();
    this.topics = Collections.unmodifiableList(List.copyOf(topics));
  }

  public byte[] id() {
    return id.clone();
  }

  public long from() {
    return from;
  }

  public long to() {
    return to;
  }

  public long limit() {
    return limit;
  }

  public byte[] cursor() {
    return cursor.clone();
  }

  /** The bloom bytes, empty if absent. */
  public byte[] bloom() {
    return bloom.clone();
  }

  public List<Topic> topics() {
    return topics;
  }

  void writeTo(RlpWriter w) {
    int l = w.startList();
    w.writeBytes(id).writeLong(from).writeLong(to).writeLong(limit).writeBytes(cursor);
    w.writeBytes(bloom);
    int tl = w.startList();
    for (Topic t : topics) {
      w.writeBytes(t.bytes());
    }
    w.endList(tl);
    w.endList(l);
  }

  static MessagesRequest readFrom(RlpReader r) throws RlpException, WakuCodecException {
    RlpReader l = r.readList();
    byte[] id = l.readBytesMax(MAX_ID_BYTES);
    long from = l.readUInt32();
    long to = l.readUInt32();
    long limit = l.readUInt32();
    byte[] cursor = l.readBytesMax(MAX_CURSOR_BYTES);
    byte[] bloom = l.readBytesMax(BloomFilter.LENGTH);
    if (bloom.length != 0 && bloom.length != BloomFilter.LENGTH) {
      throw new WakuCodecException("messages request: bloom of " + bloom.length + " bytes");
    }
    RlpReader tl = l.readList();
    List<Topic> topics = new ArrayList<>();
    while (tl.hasNext()) {
      if (topics.size() == StatusOptions.MAX_TOPIC_INTEREST) {
        throw new WakuCodecException("messages request: too many topics");
      }
      topics.add(Topic.of(tl.readBytes(Topic.LENGTH)));
    }
    l.requireEnd();
    return new MessagesRequest(id, from, to, limit, cursor, bloom, topics);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MessagesRequest)) {
      return false;
    }
    MessagesRequest m = (MessagesRequest) o;
    return Arrays.equals(id, m.id)
        && from == m.from
        && to == m.to
        && limit == m.limit
        && Arrays.equals(cursor, m.cursor)
        && Arrays.equals(bloom, m.bloom)
        && topics.equals(m.topics);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(id), from, to, limit, topics);
  }

  @Override
  public String toString() {
    return "MessagesRequest[id="
        + Hex.encode(id)
        + ", from="
        + from
        + ", to="
        + to
        + ", limit="
        + limit
        + ", topics="
        + topics.size()
        + "]";
  }
}

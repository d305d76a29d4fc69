package dev.causeway.v1.waku.message;

import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.rlp.RlpWriter;
import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The {@code waku/1} status-options association list {@code [[key, value], …]} carried by Status
 * (code 0) and Status Update (code 22) ({@code v1-waku.md} §3).
 *
 * <p>Every field is nullable; {@code null} means the key is absent. Defaults for absent keys are
 * applied by {@link WakuPeerState}, not here, because Status Update must distinguish "absent" from
 * "set to the default".
 *
 * <p>Encoding emits the present keys in ascending order (status-go stops reading after an unknown
 * key, §3.3). Decoding ({@link #readFrom(byte[])}) is tolerant of unknown keys, which are skipped
 * together with the rest of their pair, and strict about known ones:
 *
 * <ul>
 *   <li>pow-requirement: canonical uint64 holding IEEE-754 bits; NaN, ±Inf and negative values are
 *       rejected (as status-go does); {@code -0.0} is read as {@code 0.0}.
 *   <li>bloom-filter: 64 bytes; a <b>0-byte</b> bloom is accepted and read as {@link
 *       BloomFilter#FULL} — status-go treats it as "full node"; nim-waku would reject it, so we
 *       never send one (our encoder always writes 64 bytes). Other lengths are rejected.
 *   <li>topic-interest: at most {@value #MAX_TOPIC_INTEREST} 4-byte topics; the count is enforced
 *       while reading, before the list can grow past the bound. An empty list is kept as an empty
 *       list ("send me nothing").
 *   <li>a later duplicate key overwrites an earlier one (both real decoders behave so).
 * </ul>
 */
public final class StatusOptions {
  public static final int KEY_POW_REQUIREMENT = 0;
  public static final int KEY_BLOOM_FILTER = 1;
  public static final int KEY_LIGHT_NODE = 2;
  public static final int KEY_CONFIRMATIONS_ENABLED = 3;
  public static final int KEY_PACKET_RATE_LIMITS = 4;
  public static final int KEY_TOPIC_INTEREST = 5;
  public static final int KEY_BYTES_RATE_LIMITS = 6;

  /** Maximum number of topic-interest entries (status-go and nim-waku). */
  public static final int MAX_TOPIC_INTEREST = 10_000;

  /** No keys at all (a Status Update with no changes). */
  public static final StatusOptions EMPTY = builder().build();

  private final Double powRequirement;
  private final BloomFilter bloom;
  private final Boolean lightNode;
  private final Boolean confirmationsEnabled;
  private final RateLimits packetRateLimits;
  private final List<Topic> topicInterest;
  private final RateLimits bytesRateLimits;

  private StatusOptions(Builder b) {
    this.powRequirement = b.powRequirement;
    this.bloom = b.bloom;
    this.lightNode = b.lightNode;
    this.confirmationsEnabled = b.confirmationsEnabled;
    this.packetRateLimits = b.packetRateLimits;
    this.topicInterest = b.topicInterest;
    this.bytesRateLimits = b.bytesRateLimits;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.powRequirement = powRequirement;
    b.bloom = bloom;
    b.lightNode = lightNode;
    b.confirmationsEnabled = confirmationsEnabled;
    b.packetRateLimits = packetRateLimits;
    b.topicInterest = topicInterest;
    b.bytesRateLimits = bytesRateLimits;
    return b;
  }

  /** Key 0, or null. */
  public Double powRequirement() {
    return powRequirement;
  }

  /** Key 1, or null. */
  public BloomFilter bloom() {
    return bloom;
  }

  /** Key 2, or null. */
  public Boolean lightNode() {
    return lightNode;
  }

  /** Key 3, or null. */
  public Boolean confirmationsEnabled() {
    return confirmationsEnabled;
  }

  /** Key 4, or null. */
  public RateLimits packetRateLimits() {
    return packetRateLimits;
  }

  /** Key 5 (unmodifiable), or null. */
  public List<Topic> topicInterest() {
    return topicInterest;
  }

  /** Key 6, or null. */
  public RateLimits bytesRateLimits() {
    return bytesRateLimits;
  }

  /** True if no key is present. */
  public boolean isEmpty() {
    return equals(EMPTY);
  }

  /**
   * Status Update semantics (§3.4): keys present in {@code update} replace ours; a topic interest
   * replaces ours and discards our bloom; otherwise a bloom replaces ours and discards our topic
   * interest; if the update carries both, the topic interest wins and its bloom is ignored.
   */
  public StatusOptions applyUpdate(StatusOptions update) {
    Builder b = toBuilder();
    if (update.powRequirement != null) {
      b.powRequirement = update.powRequirement;
    }
    if (update.topicInterest != null) {
      b.topicInterest = update.topicInterest;
      b.bloom = null;
    } else if (update.bloom != null) {
      b.bloom = update.bloom;
      b.topicInterest = null;
    }
    if (update.lightNode != null) {
      b.lightNode = update.lightNode;
    }
    if (update.confirmationsEnabled != null) {
      b.confirmationsEnabled = update.confirmationsEnabled;
    }
    if (update.packetRateLimits != null) {
      b.packetRateLimits = update.packetRateLimits;
    }
    if (update.bytesRateLimits != null) {
      b.bytesRateLimits = update.bytesRateLimits;
    }
    return b.build();
  }

  /** The msg-data: the association list, keys ascending. */
  public byte[] encode() {
    RlpWriter w = new RlpWriter(128 + (topicInterest == null ? 0 : 5 * topicInterest.size()));
    writeTo(w);
    return w.toByteArray();
  }

  /** Writes the association list to {@code w}. */
  public void writeTo(RlpWriter w) {
    int outer = w.startList();
    if (powRequirement != null) {
      int l = w.startList();
      w.writeLong(KEY_POW_REQUIREMENT).writeLong(Double.doubleToRawLongBits(powRequirement));
      w.endList(l);
    }
    if (bloom != null) {
      int l = w.startList();
      w.writeLong(KEY_BLOOM_FILTER).writeBytes(bloom.bytes());
      w.endList(l);
    }
    if (lightNode != null) {
      int l = w.startList();
      w.writeLong(KEY_LIGHT_NODE).writeBoolean(lightNode);
      w.endList(l);
    }
    if (confirmationsEnabled != null) {
      int l = w.startList();
      w.writeLong(KEY_CONFIRMATIONS_ENABLED).writeBoolean(confirmationsEnabled);
      w.endList(l);
    }
    if (packetRateLimits != null) {
      int l = w.startList();
      w.writeLong(KEY_PACKET_RATE_LIMITS);
      packetRateLimits.writeTo(w);
      w.endList(l);
    }
    if (topicInterest != null) {
      int l = w.startList();
      w.writeLong(KEY_TOPIC_INTEREST);
      int tl = w.startList();
      byte[] buf = new byte[Topic.LENGTH];
      for (Topic t : topicInterest) {
        t.writeTo(buf, 0);
        w.writeBytes(buf);
      }
      w.endList(tl);
      w.endList(l);
    }
    if (bytesRateLimits != null) {
      int l = w.startList();
      w.writeLong(KEY_BYTES_RATE_LIMITS);
      bytesRateLimits.writeTo(w);
      w.endList(l);
    }
    w.endList(outer);
  }

  /**
   * Decodes a Status or Status Update msg-data: exactly one association list, nothing after it.
   *
   * @throws WakuCodecException on malformed input or an invalid known option (see class doc)
   */
  public static StatusOptions readFrom(byte[] msgData) throws WakuCodecException {
    RlpReader r = RlpReader.of(msgData);
    StatusOptions o = readFrom(r);
    try {
      r.requireEnd();
    } catch (RlpException e) {
      throw new WakuCodecException("status options: " + e.getMessage(), e);
    }
    return o;
  }

  /** Reads one association list from {@code reader}. */
  public static StatusOptions readFrom(RlpReader reader) throws WakuCodecException {
    try {
      Builder b = new Builder();
      RlpReader list = reader.readList();
      while (list.hasNext()) {
        RlpReader pair = list.readList();
        long key = pair.readLong();
        if (key < 0 || key > KEY_BYTES_RATE_LIMITS) {
          continue; // unknown key: ignore its value (and anything else in the pair)
        }
        readValue(b, (int) key, pair);
        pair.requireEnd();
      }
      return b.build();
    } catch (RlpException e) {
      throw new WakuCodecException("status options: " + e.getMessage(), e);
    }
  }

  private static void readValue(Builder b, int key, RlpReader pair)
      throws RlpException, WakuCodecException {
    switch (key) {
      case KEY_POW_REQUIREMENT:
        {
          double pow = Double.longBitsToDouble(pair.readLong());
          if (Double.isNaN(pow) || Double.isInfinite(pow) || pow < 0) {
            throw new WakuCodecException("status options: invalid pow-requirement " + pow);
          }
          b.powRequirement(pow);
          break;
        }
      case KEY_BLOOM_FILTER:
        {
          byte[] bloom = pair.readBytesMax(BloomFilter.LENGTH);
          if (bloom.length == 0) {
            b.bloom(BloomFilter.FULL);
          } else if (bloom.length == BloomFilter.LENGTH) {
            b.bloom(BloomFilter.of(bloom));
          } else {
            throw new WakuCodecException(
                "status options: bloom filter of " + bloom.length + " bytes");
          }
          break;
        }
      case KEY_LIGHT_NODE:
        b.lightNode(pair.readBoolean());
        break;
      case KEY_CONFIRMATIONS_ENABLED:
        b.confirmationsEnabled(pair.readBoolean());
        break;
      case KEY_PACKET_RATE_LIMITS:
        b.packetRateLimits(RateLimits.readFrom(pair));
        break;
      case KEY_TOPIC_INTEREST:
        b.topicInterest(readTopics(pair.readList()));
        break;
      case KEY_BYTES_RATE_LIMITS:
        b.bytesRateLimits(RateLimits.readFrom(pair));
        break;
      default:
        throw new IllegalStateException("unreachable key " + key);
    }
  }

  private static List<Topic> readTopics(RlpReader l) throws RlpException, WakuCodecException {
    List<Topic> topics = new ArrayList<>(16);
    byte[] raw = l.array();
    while (l.hasNext()) {
      if (topics.size() == MAX_TOPIC_INTEREST) {
        throw new WakuCodecException(
            "status options: topic interest exceeds " + MAX_TOPIC_INTEREST + " entries");
      }
      int start = l.position();
      if (l.nextIsList()) {
        throw new WakuCodecException("status options: topic is a list");
      }
      l.skip();
      if (l.position() - start != Topic.LENGTH + 1 || (raw[start] & 0xff) != 0x84) {
        throw new WakuCodecException("status options: topic is not 4 bytes");
      }
      topics.add(Topic.of(raw, start + 1));
    }
    return topics;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StatusOptions)) {
      return false;
    }
    StatusOptions s = (StatusOptions) o;
    return Objects.equals(powRequirement, s.powRequirement)
        && Objects.equals(bloom, s.bloom)
        && Objects.equals(lightNode, s.lightNode)
        && Objects.equals(confirmationsEnabled, s.confirmationsEnabled)
        && Objects.equals(packetRateLimits, s.packetRateLimits)
        && Objects.equals(topicInterest, s.topicInterest)
        && Objects.equals(bytesRateLimits, s.bytesRateLimits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        powRequirement,
        bloom,
        lightNode,
        confirmationsEnabled,
        packetRateLimits,
        topicInterest,
        bytesRateLimits);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("StatusOptions[");
    if (powRequirement != null) {
      sb.append("pow=").append(powRequirement).append(' ');
    }
    if (bloom != null) {
      sb.append("bloom=").append(bloom.isFull() ? "full" : bloom.isEmpty() ? "empty" : "partial");
      sb.append(' ');
    }
    if (lightNode != null) {
      sb.append("light=").append(lightNode).append(' ');
    }
    if (confirmationsEnabled != null) {
      sb.append("confirmations=").append(confirmationsEnabled).append(' ');
    }
    if (packetRateLimits != null) {
      sb.append("packetLimits=").append(packetRateLimits).append(' ');
    }
    if (topicInterest != null) {
      sb.append("topicInterest=").append(topicInterest.size()).append(' ');
    }
    if (bytesRateLimits != null) {
      sb.append("bytesLimits=").append(bytesRateLimits).append(' ');
    }
    return sb.toString().trim() + "]";
  }

  /** Builder; every setter accepts null (= key absent). */
  public static final class Builder {
    private Double powRequirement;
    private BloomFilter bloom;
    private Boolean lightNode;
    private Boolean confirmationsEnabled;
    private RateLimits packetRateLimits;
    private List<Topic> topicInterest;
    private RateLimits bytesRateLimits;

    private Builder() {}

    /**
     * @throws IllegalArgumentException for NaN, infinite or negative values ({@code -0.0} becomes
     *     {@code 0.0})
     */
    public Builder powRequirement(Double pow) {
      if (pow != null) {
        if (pow.isNaN() || pow.isInfinite() || pow < 0) {
          throw new IllegalArgumentException("invalid PoW requirement " + pow);
        }
        pow = pow + 0.0; // -0.0 -> 0.0
      }
      this.powRequirement = pow;
      return this;
    }

    public Builder bloom(BloomFilter bloom) {
      this.bloom = bloom;
      return this;
    }

    public Builder lightNode(Boolean lightNode) {
      this.lightNode = lightNode;
      return this;
    }

    public Builder confirmationsEnabled(Boolean confirmationsEnabled) {
      this.confirmationsEnabled = confirmationsEnabled;
      return this;
    }

    public Builder packetRateLimits(RateLimits limits) {
      this.packetRateLimits = limits;
      return this;
    }

    /**
     * @throws IllegalArgumentException above {@value StatusOptions#MAX_TOPIC_INTEREST} entries
     */
    public Builder topicInterest(List<Topic> topics) {
      if (topics != null) {
        if (topics.size() > MAX_TOPIC_INTEREST) {
          throw new IllegalArgumentException("topic interest exceeds " + MAX_TOPIC_INTEREST);
        }
        topics = Collections.unmodifiableList(new ArrayList<>(topics));
      }
      this.topicInterest = topics;
      return this;
    }

    public Builder bytesRateLimits(RateLimits limits) {
      this.bytesRateLimits = limits;
      return this;
    }

    public StatusOptions build() {
      return new StatusOptions(this);
    }
  }
}

package dev.causeway.v2.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.causeway.v2.core.pb.MessageProto;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A 14/WAKU2-MESSAGE (spec v2-message-relay-sharding.md §2) as an immutable value, with its
 * protobuf encoder ({@link #encode()}) and lenient decoder ({@link #readFrom(byte[])}).
 *
 * <p>Encoding (§1.3): {@code payload} (1), {@code content_topic} (2) and {@code version} (3) are
 * always written, even when empty or zero, because nwaku's decoder rejects a message without fields
 * 1 or 2 and nwaku's own encoder writes the version unconditionally. {@code timestamp} (10) is
 * written whenever it is set, including an explicit 0; {@code meta} (11) when non-empty; {@code
 * rate_limit_proof} (21) when present; {@code ephemeral} (31) when true.
 *
 * <p>Decoding is lenient: absent fields take their defaults (empty payload, empty content topic,
 * version 0, no timestamp, empty meta, no proof, not ephemeral), unknown fields are skipped, and
 * limits that are policy rather than syntax (empty payload, meta longer than 64 bytes, message
 * size, timestamp window) are left to {@link WakuMessageValidator}. The only inputs refused are
 * malformed protobuf, a non-UTF-8 content topic, and input longer than the caller's limit.
 *
 * <p>Accessors that return arrays return copies. {@code version} is a uint32 on the wire and is
 * kept as its 32 bits in an {@code int}.
 */
public final class WakuMessage {
  /*
   * Design: the class owns its arrays (copied in by the builder, copied out by accessors), so the
   * encoder and MessageHash can read them without copying; protobuf-java gets them through
   * UnsafeByteOperations.unsafeWrap, which is safe because nothing ever writes to them.
   *
   * Presence: the generated proto declares every field `optional` (explicit presence). That is how
   * fields 1-3 are forced onto the wire when they hold defaults, and how a decoded message can tell
   * "timestamp absent" from "timestamp 0" — the deterministic hash treats both as 0 (§3), but the
   * validator reports a missing timestamp separately and a re-encoded message keeps the
   * difference.
   */

  /** Largest meta accepted by nwaku and go-waku (§2); enforced by the validator. */
  public static final int MAX_META_LENGTH = 64;

  private static final byte[] EMPTY = new byte[0];

  private final byte[] payload;
  private final String contentTopic;
  private final int version;
  private final boolean hasTimestamp;
  private final long timestamp;
  private final byte[] meta;
  private final boolean ephemeral;
  private final byte[] rateLimitProof;

  private WakuMessage(Builder b) {
    this.payload = b.payload;
    this.contentTopic = b.contentTopic;
    this.version = b.version;
    this.hasTimestamp = b.hasTimestamp;
    this.timestamp = b.timestamp;
    this.meta = b.meta;
    this.ephemeral = b.ephemeral;
    this.rateLimitProof = b.rateLimitProof;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A version-0 message with the given timestamp (Unix epoch nanoseconds). Always set timestamps on
   * messages you originate: js-waku hashes timestamp-less messages differently (§3).
   */
  public static WakuMessage of(byte[] payload, String contentTopic, long timestampNanos) {
    return builder().payload(payload).contentTopic(contentTopic).timestamp(timestampNanos).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.payload = payload;
    b.contentTopic = contentTopic;
    b.version = version;
    b.hasTimestamp = hasTimestamp;
    b.timestamp = timestamp;
    b.meta = meta;
    b.ephemeral = ephemeral;
    b.rateLimitProof = rateLimitProof;
    return b;
  }

  public byte[] payload() {
    return payload.clone();
  }

  public int payloadLength() {
    return payload.length;
  }

  public String contentTopic() {
    return contentTopic;
  }

  /** Payload encryption version (0 plain, 1 = 26/WAKU-PAYLOAD, 2 = Noise); uint32 bits. */
  public int version() {
    return version;
  }

  /** Sender timestamp in Unix epoch nanoseconds, if the message carries one. */
  public OptionalLong timestamp() {
    return hasTimestamp ? OptionalLong.of(timestamp) : OptionalLong.empty();
  }

  /** The timestamp, or 0 when absent (how every implementation interprets absence, §2). */
  public long timestampOrZero() {
    return hasTimestamp ? timestamp : 0L;
  }

  /** Meta bytes (empty when absent). */
  public byte[] meta() {
    return meta.clone();
  }

  public int metaLength() {
    return meta.length;
  }

  public boolean ephemeral() {
    return ephemeral;
  }

  /** The serialized RLN proof (field 21) as received, or null when absent. Not interpreted. */
  public byte[] rateLimitProof() {
    return rateLimitProof == null ? null : rateLimitProof.clone();
  }

  // Package-private views for the hash, no copies.
  byte[] payloadView() {
    return payload;
  }

  byte[] metaView() {
    return meta;
  }

  /** Serialized size of {@link #encode()}, without building the bytes twice. */
  public int encodedSize() {
    return toProto().getSerializedSize();
  }

  /** The protobuf encoding (§2, §1.3). */
  public byte[] encode() {
    return toProto().toByteArray();
  }

  private MessageProto.WakuMessage toProto() {
    MessageProto.WakuMessage.Builder b =
        MessageProto.WakuMessage.newBuilder()
            .setPayload(UnsafeByteOperations.unsafeWrap(payload))
            .setContentTopic(contentTopic)
            .setVersion(version);
    if (hasTimestamp) {
      b.setTimestamp(timestamp);
    }
    if (meta.length > 0) {
      b.setMeta(UnsafeByteOperations.unsafeWrap(meta));
    }
    if (rateLimitProof != null) {
      b.setRateLimitProof(UnsafeByteOperations.unsafeWrap(rateLimitProof));
    }
    if (ephemeral) {
      b.setEphemeral(true);
    }
    return b.build();
  }

  /**
   * Decodes a serialized message (lenient, see the class comment).
   *
   * @throws WakuCodecException if the bytes are not a valid protobuf {@code WakuMessage}
   */
  public static WakuMessage readFrom(byte[] bytes) throws WakuCodecException {
    return readFrom(bytes, Integer.MAX_VALUE);
  }

  /**
   * Decodes a serialized message of at most {@code maxSize} bytes.
   *
   * @throws WakuCodecException if the input is longer than {@code maxSize} or not a valid protobuf
   *     {@code WakuMessage}
   */
  public static WakuMessage readFrom(byte[] bytes, int maxSize) throws WakuCodecException {
    if (bytes.length > maxSize) {
      throw new WakuCodecException(
          "message of " + bytes.length + " bytes exceeds limit " + maxSize);
    }
    return decode(CodedInputStream.newInstance(bytes));
  }

  /**
   * Decodes a serialized message held in a protobuf {@link ByteString} (e.g. the data of a pubsub
   * message) without copying the input first; the message copies out only the fields it keeps.
   *
   * @throws WakuCodecException if the input is longer than {@code maxSize} or not a valid protobuf
   *     {@code WakuMessage}
   */
  public static WakuMessage readFrom(ByteString bytes, int maxSize) throws WakuCodecException {
    if (bytes.size() > maxSize) {
      throw new WakuCodecException(
          "message of " + bytes.size() + " bytes exceeds limit " + maxSize);
    }
    return decode(bytes.newCodedInput());
  }

  private static WakuMessage decode(CodedInputStream in) throws WakuCodecException {
    // Aliasing: the parsed byte fields are views of the input, copied once by bytesOf below
    // (instead of a copy by the parser and another one here).
    in.enableAliasing(true);
    MessageProto.WakuMessage m;
    try {
      m = MessageProto.WakuMessage.parseFrom(in);
      in.checkLastTagWas(0); // as parseFrom(byte[]) does: a stray end-group tag is malformed
    } catch (IOException e) {
      throw new WakuCodecException("malformed WakuMessage: " + e.getMessage(), e);
    }
    Builder b = new Builder();
    b.payload = bytesOf(m.getPayload());
    b.contentTopic = m.getContentTopic();
    b.version = m.getVersion();
    if (m.hasTimestamp()) {
      b.hasTimestamp = true;
      b.timestamp = m.getTimestamp();
    }
    b.meta = bytesOf(m.getMeta());
    b.ephemeral = m.getEphemeral();
    b.rateLimitProof = m.hasRateLimitProof() ? m.getRateLimitProof().toByteArray() : null;
    return new WakuMessage(b);
  }

  private static byte[] bytesOf(ByteString s) {
    return s.isEmpty() ? EMPTY : s.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WakuMessage m)) {
      return false;
    }
    return version == m.version
        && hasTimestamp == m.hasTimestamp
        && timestamp == m.timestamp
        && ephemeral == m.ephemeral
        && contentTopic.equals(m.contentTopic)
        && Arrays.equals(payload, m.payload)
        && Arrays.equals(meta, m.meta)
        && Arrays.equals(rateLimitProof, m.rateLimitProof);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(contentTopic, version, hasTimestamp, timestamp, ephemeral);
    h = 31 * h + Arrays.hashCode(payload);
    h = 31 * h + Arrays.hashCode(meta);
    return 31 * h + Arrays.hashCode(rateLimitProof);
  }

  /** Describes the message without its payload (payloads never go to logs). */
  @Override
  public String toString() {
    return "WakuMessage{contentTopic="
        + contentTopic
        + ", payload="
        + payload.length
        + " bytes, version="
        + Integer.toUnsignedString(version)
        + ", timestamp="
        + (hasTimestamp ? Long.toString(timestamp) : "absent")
        + ", meta="
        + meta.length
        + " bytes"
        + (rateLimitProof != null ? ", proof=" + rateLimitProof.length + " bytes" : "")
        + (ephemeral ? ", ephemeral" : "")
        + "}";
  }

  /** Builds a {@link WakuMessage}; arrays are copied in. Defaults as for an empty wire message. */
  public static final class Builder {
    private byte[] payload = EMPTY;
    private String contentTopic = "";
    private int version;
    private boolean hasTimestamp;
    private long timestamp;
    private byte[] meta = EMPTY;
    private boolean ephemeral;
    private byte[] rateLimitProof;

    private Builder() {}

    public Builder payload(byte[] payload) {
      this.payload = payload.length == 0 ? EMPTY : payload.clone();
      return this;
    }

    public Builder contentTopic(String contentTopic) {
      this.contentTopic = Objects.requireNonNull(contentTopic, "contentTopic");
      return this;
    }

    public Builder version(int version) {
      this.version = version;
      return this;
    }

    /** Unix epoch nanoseconds. */
    public Builder timestamp(long timestampNanos) {
      this.hasTimestamp = true;
      this.timestamp = timestampNanos;
      return this;
    }

    /** Sets the timestamp, or removes it when {@code timestampNanos} is null. */
    public Builder timestamp(Long timestampNanos) {
      if (timestampNanos == null) {
        return clearTimestamp();
      }
      return timestamp(timestampNanos.longValue());
    }

    public Builder clearTimestamp() {
      this.hasTimestamp = false;
      this.timestamp = 0;
      return this;
    }

    /** Meta bytes; null or empty means none. */
    public Builder meta(byte[] meta) {
      this.meta = meta == null || meta.length == 0 ? EMPTY : meta.clone();
      return this;
    }

    public Builder ephemeral(boolean ephemeral) {
      this.ephemeral = ephemeral;
      return this;
    }

    /** Serialized RLN proof bytes, or null for none. */
    public Builder rateLimitProof(byte[] proof) {
      this.rateLimitProof = proof == null ? null : proof.clone();
      return this;
    }

    public WakuMessage build() {
      return new WakuMessage(this);
    }
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import com.google.protobuf.ByteString;
import dev.causeway.libp2p.pubsub.gossipsub.pb.RpcProto;
import java.util.Objects;

/**
 * One pubsub {@code Message} (spec libp2p-gossipsub.md §2): {@code data} and {@code topic}, plus
 * the {@code from}, {@code seqno}, {@code signature} and {@code key} fields that StrictNoSign
 * (§3.2) requires to be absent. Absent and empty are different: a field that was on the wire, even
 * empty, {@link #hasFrom() is present}.
 *
 * <p>Immutable. Byte accessors return copies; the router itself never copies the payload when
 * forwarding.
 */
public final class PubsubMessage {
  /*
   * Wraps the generated, immutable protobuf message: decoding produces it without a copy, its
   * serialized size is memoised (the RPC splitter asks for it once per destination) and encoding
   * a forwarded message to several peers reuses it. Unknown fields are dropped when a decoded
   * message is wrapped, so the router never forwards bytes it did not understand.
   */
  private final RpcProto.Message proto;

  PubsubMessage(RpcProto.Message proto) {
    this.proto = proto;
  }

  /** A StrictNoSign message: only {@code data} and {@code topic} are set. */
  public static PubsubMessage of(String topic, byte[] data) {
    Objects.requireNonNull(topic, "topic");
    return new PubsubMessage(
        RpcProto.Message.newBuilder().setData(ByteString.copyFrom(data)).setTopic(topic).build());
  }

  /** A copy with {@code from} set (signed messages only; StrictNoSign receivers reject it). */
  public PubsubMessage withFrom(byte[] from) {
    return new PubsubMessage(proto.toBuilder().setFrom(ByteString.copyFrom(from)).build());
  }

  /** A copy with {@code seqno} set (StrictNoSign receivers reject it). */
  public PubsubMessage withSeqno(byte[] seqno) {
    return new PubsubMessage(proto.toBuilder().setSeqno(ByteString.copyFrom(seqno)).build());
  }

  /** A copy with {@code signature} set (StrictNoSign receivers reject it). */
  public PubsubMessage withSignature(byte[] signature) {
    return new PubsubMessage(
        proto.toBuilder().setSignature(ByteString.copyFrom(signature)).build());
  }

  /** A copy with {@code key} set (StrictNoSign receivers reject it). */
  public PubsubMessage withKey(byte[] key) {
    return new PubsubMessage(proto.toBuilder().setKey(ByteString.copyFrom(key)).build());
  }

  /** The topic; empty if the field was absent. */
  public String topic() {
    return proto.getTopic();
  }

  /** A copy of the payload (empty if absent). */
  public byte[] data() {
    return proto.getData().toByteArray();
  }

  /** The payload without copying. */
  public ByteString dataBytes() {
    return proto.getData();
  }

  public int dataSize() {
    return proto.getData().size();
  }

  public boolean hasFrom() {
    return proto.hasFrom();
  }

  public boolean hasSeqno() {
    return proto.hasSeqno();
  }

  public boolean hasSignature() {
    return proto.hasSignature();
  }

  public boolean hasKey() {
    return proto.hasKey();
  }

  /** A copy of {@code from}, or null when absent. */
  public byte[] from() {
    return proto.hasFrom() ? proto.getFrom().toByteArray() : null;
  }

  /** A copy of {@code seqno}, or null when absent. */
  public byte[] seqno() {
    return proto.hasSeqno() ? proto.getSeqno().toByteArray() : null;
  }

  /** A copy of {@code signature}, or null when absent. */
  public byte[] signature() {
    return proto.hasSignature() ? proto.getSignature().toByteArray() : null;
  }

  /** A copy of {@code key}, or null when absent. */
  public byte[] key() {
    return proto.hasKey() ? proto.getKey().toByteArray() : null;
  }

  /** True when none of {@code from}, {@code seqno}, {@code signature}, {@code key} is present. */
  public boolean isStrictNoSign() {
    return !proto.hasFrom() && !proto.hasSeqno() && !proto.hasSignature() && !proto.hasKey();
  }

  /** Size of the protobuf encoding of this message (without its field tag and length). */
  public int encodedSize() {
    return proto.getSerializedSize();
  }

  RpcProto.Message proto() {
    return proto;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PubsubMessage m && proto.equals(m.proto);
  }

  @Override
  public int hashCode() {
    return proto.hashCode();
  }

  @Override
  public String toString() {
    return "PubsubMessage{topic="
        + topic()
        + ", data="
        + dataSize()
        + " bytes"
        + (isStrictNoSign() ? "" : ", signed fields present")
        + "}";
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Graft;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IDontWant;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IHave;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IWant;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.PeerInfo;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Prune;
import dev.causeway.libp2p.pubsub.gossipsub.Rpc.SubOpts;
import dev.causeway.libp2p.pubsub.gossipsub.pb.RpcProto;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.Uvarint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Encodes and decodes pubsub {@code RPC} protobufs (spec libp2p-gossipsub.md §2) and splits
 * outgoing batches into LP frames that each stay within a size limit (§1: nwaku reads at most 150
 * KiB per RPC).
 *
 * <p>Input assumptions: {@link #decode} receives one RPC body, the payload of one uvarint
 * length-prefixed frame (use {@link #newFrameReader()} on the stream). Everything that does not
 * parse, or breaks the {@link RpcLimits}, raises {@link GossipsubException}; unknown fields are
 * skipped. Topics must be valid UTF-8. Thread-safe (stateless apart from the limits).
 */
public final class RpcCodec {
  /*
   * Parsing uses the generated proto2 classes (the frame limit bounds everything they allocate);
   * the limits on counts are checked afterwards, before any of the content is looked at.
   *
   * Splitting packs items greedily into the current RPC, in the order subscriptions, control,
   * messages, and starts a new RPC when the next item would push the body over the limit. Sizes
   * are computed exactly from the protobuf layout: every field used has a one-byte tag, so a
   * length-delimited field of n bytes costs 1 + varint(n) + n, and the control message costs that
   * over the sum of its entries. IHAVE/IWANT/IDONTWANT id lists are cut between ids (a topic
   * repeated in several IHAVEs is legal), everything else is atomic. An item that does not fit
   * even into an empty RPC is dropped and counted: sending it would only make nwaku close the
   * stream (§1).
   */

  private final RpcLimits limits;

  public RpcCodec(RpcLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public RpcLimits limits() {
    return limits;
  }

  /** A reader for the LP frames of an inbound pubsub stream, bounded by the RPC size limit. */
  public LengthPrefixedReader newFrameReader() {
    return new LengthPrefixedReader(limits.maxRpcSize());
  }

  /**
   * Decodes one RPC body.
   *
   * @throws GossipsubException if it is larger than the limit, does not parse, has a topic that is
   *     not UTF-8 or too long, or exceeds a count limit
   */
  public Rpc decode(byte[] body) throws GossipsubException {
    return decode(body, 0, body.length);
  }

  /** Decodes the RPC body {@code buf[off, off + len)}; see {@link #decode(byte[])}. */
  public Rpc decode(byte[] buf, int off, int len) throws GossipsubException {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len > limits.maxRpcSize()) {
      throw new GossipsubException("RPC of " + len + " bytes exceeds limit " + limits.maxRpcSize());
    }
    RpcProto.RPC pb;
    try {
      pb = RpcProto.RPC.parser().parseFrom(buf, off, len);
    } catch (InvalidProtocolBufferException e) {
      throw new GossipsubException("malformed RPC: " + e.getMessage(), e);
    }
    return fromProto(pb);
  }

  private Rpc fromProto(RpcProto.RPC pb) throws GossipsubException {
    if (pb.getSubscriptionsCount() > limits.maxSubscriptions()) {
      throw new GossipsubException(
          pb.getSubscriptionsCount() + " subscriptions exceed limit " + limits.maxSubscriptions());
    }
    if (pb.getPublishCount() > limits.maxMessages()) {
      throw new GossipsubException(
          pb.getPublishCount() + " messages exceed limit " + limits.maxMessages());
    }
    List<SubOpts> subs = new ArrayList<>(pb.getSubscriptionsCount());
    for (RpcProto.RPC.SubOpts s : pb.getSubscriptionsList()) {
      subs.add(new SubOpts(s.getSubscribe(), topic(s.getTopicidBytes())));
    }
    List<PubsubMessage> msgs = new ArrayList<>(pb.getPublishCount());
    for (RpcProto.Message m : pb.getPublishList()) {
      topic(m.getTopicBytes());
      RpcProto.Message clean = m;
      if (m.getUnknownFields().getSerializedSize() != 0) {
        clean = m.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()).build();
      }
      msgs.add(new PubsubMessage(clean));
    }
    ControlMessage control = pb.hasControl() ? control(pb.getControl()) : ControlMessage.EMPTY;
    return new Rpc(subs, msgs, control);
  }

  private ControlMessage control(RpcProto.ControlMessage c) throws GossipsubException {
    long entries =
        (long) c.getIhaveCount()
            + c.getIwantCount()
            + c.getGraftCount()
            + c.getPruneCount()
            + c.getIdontwantCount();
    long ids = 0;
    for (RpcProto.ControlPrune p : c.getPruneList()) {
      entries += p.getPeersCount();
    }
    if (entries > limits.maxControlEntries()) {
      throw new GossipsubException(
          entries + " control entries exceed limit " + limits.maxControlEntries());
    }
    for (RpcProto.ControlIHave h : c.getIhaveList()) {
      ids += h.getMessageIDsCount();
    }
    for (RpcProto.ControlIWant w : c.getIwantList()) {
      ids += w.getMessageIDsCount();
    }
    for (RpcProto.ControlIDontWant d : c.getIdontwantList()) {
      ids += d.getMessageIDsCount();
    }
    if (ids > limits.maxMessageIds()) {
      throw new GossipsubException(ids + " message ids exceed limit " + limits.maxMessageIds());
    }
    List<IHave> ihave = new ArrayList<>(c.getIhaveCount());
    for (RpcProto.ControlIHave h : c.getIhaveList()) {
      ihave.add(new IHave(topic(h.getTopicIDBytes()), ids(h.getMessageIDsList())));
    }
    List<IWant> iwant = new ArrayList<>(c.getIwantCount());
    for (RpcProto.ControlIWant w : c.getIwantList()) {
      iwant.add(new IWant(ids(w.getMessageIDsList())));
    }
    List<Graft> graft = new ArrayList<>(c.getGraftCount());
    for (RpcProto.ControlGraft g : c.getGraftList()) {
      graft.add(new Graft(topic(g.getTopicIDBytes())));
    }
    List<Prune> prune = new ArrayList<>(c.getPruneCount());
    for (RpcProto.ControlPrune p : c.getPruneList()) {
      List<PeerInfo> peers = new ArrayList<>(p.getPeersCount());
      for (RpcProto.PeerInfo i : p.getPeersList()) {
        peers.add(
            new PeerInfo(
                i.hasPeerID() ? i.getPeerID().toByteArray() : null,
                i.hasSignedPeerRecord() ? i.getSignedPeerRecord().toByteArray() : null));
      }
      OptionalLong backoff =
          p.hasBackoff()
              ? OptionalLong.of(p.getBackoff() < 0 ? Long.MAX_VALUE : p.getBackoff())
              : OptionalLong.empty();
      prune.add(new Prune(topic(p.getTopicIDBytes()), peers, backoff));
    }
    List<IDontWant> idontwant = new ArrayList<>(c.getIdontwantCount());
    for (RpcProto.ControlIDontWant d : c.getIdontwantList()) {
      idontwant.add(new IDontWant(ids(d.getMessageIDsList())));
    }
    return new ControlMessage(ihave, iwant, graft, prune, idontwant);
  }

  private List<MessageId> ids(List<ByteString> raw) throws GossipsubException {
    List<MessageId> out = new ArrayList<>(raw.size());
    for (ByteString b : raw) {
      if (b.size() > limits.maxMessageIdLength()) {
        throw new GossipsubException(
            "message id of " + b.size() + " bytes exceeds limit " + limits.maxMessageIdLength());
      }
      out.add(MessageId.wrap(b.toByteArray()));
    }
    return out;
  }

  private String topic(ByteString raw) throws GossipsubException {
    if (raw.size() > limits.maxTopicLength()) {
      throw new GossipsubException(
          "topic of " + raw.size() + " bytes exceeds limit " + limits.maxTopicLength());
    }
    if (!raw.isValidUtf8()) {
      throw new GossipsubException("topic is not valid UTF-8");
    }
    return raw.toStringUtf8();
  }

  // ---------------------------------------------------------------------------------------------
  // Encoding

  /** The protobuf encoding of {@code rpc} as one body (no length prefix, no splitting). */
  public static byte[] encode(Rpc rpc) {
    RpcProto.RPC.Builder b = RpcProto.RPC.newBuilder();
    for (SubOpts s : rpc.subscriptions()) {
      b.addSubscriptions(subOpts(s));
    }
    for (PubsubMessage m : rpc.messages()) {
      b.addPublish(m.proto());
    }
    ControlMessage c = rpc.control();
    if (!c.isEmpty()) {
      RpcProto.ControlMessage.Builder cb = RpcProto.ControlMessage.newBuilder();
      for (IHave h : c.ihave()) {
        cb.addIhave(ihave(h.topic(), h.messageIds()));
      }
      for (IWant w : c.iwant()) {
        cb.addIwant(iwant(w.messageIds()));
      }
      for (Graft g : c.graft()) {
        cb.addGraft(graft(g));
      }
      for (Prune p : c.prune()) {
        cb.addPrune(prune(p));
      }
      for (IDontWant d : c.idontwant()) {
        cb.addIdontwant(idontwant(d.messageIds()));
      }
      b.setControl(cb);
    }
    return b.build().toByteArray();
  }

  /** {@code uvarint(len) ‖ body}: the wire form of one RPC on a pubsub stream (§1). */
  public static byte[] frame(byte[] body) {
    return LengthPrefixed.frame(body);
  }

  /** Outcome of {@link #encodeSplit}. */
  public record Split(List<byte[]> frames, int droppedItems) {
    public Split {
      frames = List.copyOf(frames);
    }
  }

  /**
   * Encodes {@code rpc} as one or more LP-framed RPCs whose bodies are each at most {@code
   * maxRpcSize} bytes. Together the frames carry every item of {@code rpc} except those that would
   * not fit even alone (a message, SubOpts, GRAFT or PRUNE, or one message id), which are counted
   * in {@link Split#droppedItems()}. Subscriptions come first, then control, then messages; order
   * within each kind is kept. Id lists are cut between ids.
   */
  public static Split encodeSplit(Rpc rpc, int maxRpcSize) {
    if (maxRpcSize <= 0) {
      throw new IllegalArgumentException("maxRpcSize must be positive");
    }
    Packer p = new Packer(maxRpcSize);
    for (SubOpts s : rpc.subscriptions()) {
      RpcProto.RPC.SubOpts pb = subOpts(s);
      if (p.makeRoomTop(pb.getSerializedSize())) {
        p.rpc.addSubscriptions(pb);
        p.addedTop(pb.getSerializedSize());
      }
    }
    ControlMessage c = rpc.control();
    for (Graft g : c.graft()) {
      RpcProto.ControlGraft pb = graft(g);
      if (p.makeRoomControl(pb.getSerializedSize())) {
        p.ctl().addGraft(pb);
        p.addedControl(pb.getSerializedSize());
      }
    }
    for (Prune pr : c.prune()) {
      RpcProto.ControlPrune pb = prune(pr);
      if (p.makeRoomControl(pb.getSerializedSize())) {
        p.ctl().addPrune(pb);
        p.addedControl(pb.getSerializedSize());
      }
    }
    for (IHave h : c.ihave()) {
      p.addIdList(IdKind.IHAVE, h.topic(), h.messageIds());
    }
    for (IWant w : c.iwant()) {
      p.addIdList(IdKind.IWANT, null, w.messageIds());
    }
    for (IDontWant d : c.idontwant()) {
      p.addIdList(IdKind.IDONTWANT, null, d.messageIds());
    }
    for (PubsubMessage m : rpc.messages()) {
      int n = m.encodedSize();
      if (p.makeRoomTop(n)) {
        p.rpc.addPublish(m.proto());
        p.addedTop(n);
      }
    }
    p.flush();
    return new Split(p.frames, p.dropped);
  }

  /**
   * Size of the RPC body that carries {@code message} alone: a publish of a message larger than the
   * outbound limit could never be sent.
   */
  public static int singleMessageRpcSize(PubsubMessage message) {
    return (int) field(message.encodedSize());
  }

  private enum IdKind {
    IHAVE,
    IWANT,
    IDONTWANT
  }

  /** One length-delimited field with a one-byte tag and a body of {@code n} bytes. */
  private static long field(long n) {
    return 1 + CodedOutputStream.computeUInt64SizeNoTag(n) + n;
  }

  private static final class Packer {
    final int max;
    final List<byte[]> frames = new ArrayList<>(1);
    int dropped;
    RpcProto.RPC.Builder rpc = RpcProto.RPC.newBuilder();
    RpcProto.ControlMessage.Builder ctl;
    long top;
    long ctlBody;

    Packer(int max) {
      this.max = max;
    }

    RpcProto.ControlMessage.Builder ctl() {
      if (ctl == null) {
        ctl = RpcProto.ControlMessage.newBuilder();
      }
      return ctl;
    }

    long total(long topBytes, long ctlBytes) {
      return topBytes + (ctlBytes > 0 ? field(ctlBytes) : 0);
    }

    boolean isEmpty() {
      return top == 0 && ctl == null;
    }

    boolean fitsTop(int n) {
      return total(top + field(n), ctlBody) <= max;
    }

    boolean fitsControl(long n) {
      return total(top, ctlBody + field(n)) <= max;
    }

    /** Flushes if needed; false (and counted) if an item of this size can never fit. */
    boolean makeRoomTop(int n) {
      if (fitsTop(n)) {
        return true;
      }
      flush();
      if (fitsTop(n)) {
        return true;
      }
      dropped++;
      return false;
    }

    boolean makeRoomControl(int n) {
      if (fitsControl(n)) {
        return true;
      }
      flush();
      if (fitsControl(n)) {
        return true;
      }
      dropped++;
      return false;
    }

    void addedTop(int n) {
      top += field(n);
    }

    void addedControl(long n) {
      ctl();
      ctlBody += field(n);
    }

    void addIdList(IdKind kind, String topic, List<MessageId> ids) {
      long base = topic == null ? 0 : 1 + CodedOutputStream.computeStringSizeNoTag(topic);
      if (ids.isEmpty()) {
        if (makeRoomControl((int) base)) {
          appendEntry(kind, topic, ids);
          addedControl(base);
        }
        return;
      }
      int i = 0;
      while (i < ids.size()) {
        long entry = base;
        int j = i;
        while (j < ids.size() && fitsControl(entry + field(ids.get(j).length()))) {
          entry += field(ids.get(j).length());
          j++;
        }
        if (j == i) {
          if (isEmpty()) {
            dropped++;
            i++;
          } else {
            flush();
          }
          continue;
        }
        appendEntry(kind, topic, ids.subList(i, j));
        addedControl(entry);
        i = j;
        if (i < ids.size()) {
          flush();
        }
      }
    }

    void appendEntry(IdKind kind, String topic, List<MessageId> ids) {
      switch (kind) {
        case IHAVE -> ctl().addIhave(ihave(topic, ids));
        case IWANT -> ctl().addIwant(iwant(ids));
        case IDONTWANT -> ctl().addIdontwant(idontwant(ids));
      }
    }

    void flush() {
      if (isEmpty()) {
        return;
      }
      if (ctl != null) {
        rpc.setControl(ctl);
      }
      RpcProto.RPC built = rpc.build();
      int size = built.getSerializedSize();
      if (size != total(top, ctlBody) || size > max) {
        throw new IllegalStateException(
            "RPC size accounting is off: " + size + " vs " + total(top, ctlBody));
      }
      // Encoded straight behind its length prefix: no second copy of the body.
      byte[] frame = new byte[LengthPrefixed.frameLength(size)];
      int p = Uvarint.write(size, frame, 0);
      CodedOutputStream out = CodedOutputStream.newInstance(frame, p, size);
      try {
        built.writeTo(out);
      } catch (IOException e) {
        throw new IllegalStateException("RPC encoding into an array of its size failed", e);
      }
      out.checkNoSpaceLeft();
      frames.add(frame);
      rpc = RpcProto.RPC.newBuilder();
      ctl = null;
      top = 0;
      ctlBody = 0;
    }
  }

  private static RpcProto.RPC.SubOpts subOpts(SubOpts s) {
    return RpcProto.RPC
        .SubOpts
        .newBuilder()
        .setSubscribe(s.subscribe())
        .setTopicid(s.topic())
        .build();
  }

  private static RpcProto.ControlIHave ihave(String topic, List<MessageId> ids) {
    RpcProto.ControlIHave.Builder b = RpcProto.ControlIHave.newBuilder().setTopicID(topic);
    for (MessageId id : ids) {
      b.addMessageIDs(UnsafeByteOperations.unsafeWrap(id.raw()));
    }
    return b.build();
  }

  private static RpcProto.ControlIWant iwant(List<MessageId> ids) {
    RpcProto.ControlIWant.Builder b = RpcProto.ControlIWant.newBuilder();
    for (MessageId id : ids) {
      b.addMessageIDs(UnsafeByteOperations.unsafeWrap(id.raw()));
    }
    return b.build();
  }

  private static RpcProto.ControlIDontWant idontwant(List<MessageId> ids) {
    RpcProto.ControlIDontWant.Builder b = RpcProto.ControlIDontWant.newBuilder();
    for (MessageId id : ids) {
      b.addMessageIDs(UnsafeByteOperations.unsafeWrap(id.raw()));
    }
    return b.build();
  }

  private static RpcProto.ControlGraft graft(Graft g) {
    return RpcProto.ControlGraft.newBuilder().setTopicID(g.topic()).build();
  }

  private static RpcProto.ControlPrune prune(Prune p) {
    RpcProto.ControlPrune.Builder b = RpcProto.ControlPrune.newBuilder().setTopicID(p.topic());
    for (PeerInfo i : p.peers()) {
      RpcProto.PeerInfo.Builder ib = RpcProto.PeerInfo.newBuilder();
      byte[] id = i.peerId();
      if (id != null) {
        ib.setPeerID(UnsafeByteOperations.unsafeWrap(id));
      }
      byte[] rec = i.signedPeerRecord();
      if (rec != null) {
        ib.setSignedPeerRecord(UnsafeByteOperations.unsafeWrap(rec));
      }
      b.addPeers(ib);
    }
    if (p.backoffSeconds().isPresent()) {
      b.setBackoff(p.backoffSeconds().getAsLong());
    }
    return b.build();
  }
}

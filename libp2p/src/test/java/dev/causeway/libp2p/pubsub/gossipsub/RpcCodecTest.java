package dev.causeway.libp2p.pubsub.gossipsub;

import static dev.causeway.libp2p.pubsub.gossipsub.Fixtures.TOPIC;
import static dev.causeway.libp2p.pubsub.gossipsub.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import dev.causeway.common.hex.Hex;
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
import dev.causeway.testing.RandomInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RpcCodec}: round trips, limits, rejections, splitting (spec libp2p-gossipsub.md §1, §2).
 */
class RpcCodecTest {
  private final RpcCodec codec = new RpcCodec(RpcLimits.defaults());

  static MessageId id(int n) {
    return MessageId.of(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), 7});
  }

  static Rpc fullRpc() {
    return new Rpc(
        List.of(SubOpts.subscribe(TOPIC), SubOpts.unsubscribe("/other")),
        List.of(
            PubsubMessage.of(TOPIC, utf8("one")),
            PubsubMessage.of(TOPIC, new byte[0]),
            PubsubMessage.of("/x", utf8("signed"))
                .withFrom(new byte[] {0, 1, 2})
                .withSeqno(new byte[8])
                .withSignature(new byte[] {9})
                .withKey(new byte[0])),
        new ControlMessage(
            List.of(new IHave(TOPIC, List.of(id(1), id(2))), new IHave("/x", List.of())),
            List.of(new IWant(List.of(id(3)))),
            List.of(new Graft(TOPIC)),
            List.of(
                new Prune(
                    TOPIC,
                    List.of(new PeerInfo(new byte[] {1, 2}, null), new PeerInfo(null, new byte[3])),
                    OptionalLong.of(60)),
                Prune.of("/x", -1)),
            List.of(new IDontWant(List.of(id(4), id(5))))));
  }

  @Test
  void roundTripsEveryFieldIncludingPresentButEmptyOnes() throws Exception {
    Rpc rpc = fullRpc();
    Rpc back = codec.decode(RpcCodec.encode(rpc));
    assertThat(back).isEqualTo(rpc);
    PubsubMessage signed = back.messages().get(2);
    assertThat(signed.isStrictNoSign()).isFalse();
    assertThat(signed.hasKey()).isTrue();
    assertThat(signed.key()).isEmpty();
    assertThat(back.messages().get(1).isStrictNoSign()).isTrue();
    assertThat(back.control().prune().get(1).backoffSeconds()).isEmpty();
  }

  @Test
  void emptyRpcIsZeroBytes() throws Exception {
    assertThat(RpcCodec.encode(Rpc.EMPTY)).isEmpty();
    assertThat(codec.decode(new byte[0])).isEqualTo(Rpc.EMPTY);
    assertThat(RpcCodec.encodeSplit(Rpc.EMPTY, 100).frames()).isEmpty();
  }

  @Test
  void absentFieldsDecodeAsDefaults() throws Exception {
    // SubOpts with neither field; Message with neither field; PRUNE with no topic
    byte[] body = Hex.decode("0a00" + "1200" + "1a02" + "2200");
    Rpc rpc = codec.decode(body);
    assertThat(rpc.subscriptions()).containsExactly(new SubOpts(false, ""));
    assertThat(rpc.messages().get(0).topic()).isEmpty();
    assertThat(rpc.messages().get(0).dataSize()).isZero();
    assertThat(rpc.control().prune()).containsExactly(Prune.of("", -1));
  }

  @Test
  void skipsUnknownFieldsAndDropsThemFromMessages() throws Exception {
    RpcProto.Message withUnknown =
        RpcProto.Message.newBuilder()
            .setData(ByteString.copyFromUtf8("x"))
            .setTopic(TOPIC)
            .setUnknownFields(
                com.google.protobuf.UnknownFieldSet.newBuilder()
                    .addField(
                        7,
                        com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(5).build())
                    .build())
            .build();
    byte[] body =
        RpcProto.RPC
            .newBuilder()
            .addPublish(withUnknown)
            .setUnknownFields(
                com.google.protobuf.UnknownFieldSet.newBuilder()
                    .addField(
                        10,
                        com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8("partial"))
                            .build())
                    .build())
            .build()
            .toByteArray();
    Rpc rpc = codec.decode(body);
    assertThat(rpc.messages()).containsExactly(PubsubMessage.of(TOPIC, utf8("x")));
    assertThat(RpcCodec.encode(rpc)).isEqualTo(RpcCodec.encode(Rpc.ofMessages(rpc.messages())));
  }

  @Test
  void hugeBackoffDecodesAsLongMax() throws Exception {
    byte[] body =
        RpcProto.RPC
            .newBuilder()
            .setControl(
                RpcProto.ControlMessage.newBuilder()
                    .addPrune(RpcProto.ControlPrune.newBuilder().setTopicID(TOPIC).setBackoff(-1L)))
            .build()
            .toByteArray();
    assertThat(codec.decode(body).control().prune().get(0).backoffSeconds())
        .hasValue(Long.MAX_VALUE);
  }

  @Test
  void rejectsRpcLargerThanLimit() {
    RpcCodec small = new RpcCodec(RpcLimits.defaults().withMaxRpcSize(10));
    byte[] body = RpcCodec.encode(Rpc.ofMessages(List.of(PubsubMessage.of(TOPIC, new byte[20]))));
    assertThatThrownBy(() -> small.decode(body))
        .isInstanceOf(GossipsubException.class)
        .hasMessageContaining("exceeds limit");
    LengthPrefixedReader reader = small.newFrameReader();
    byte[] frame = LengthPrefixed.frame(body);
    assertThatThrownBy(() -> reader.read(frame, 0, frame.length))
        .hasMessageContaining("exceeds limit");
  }

  @Test
  void rejectsMalformedProtobuf() {
    byte[] truncated = Hex.decode("0a120801120e2f77616b75");
    assertThatThrownBy(() -> codec.decode(truncated))
        .isInstanceOf(GossipsubException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void rejectsTopicThatIsNotUtf8() {
    byte[] body = Hex.decode("0a04" + "1202c328"); // SubOpts{topicid = c3 28}
    assertThatThrownBy(() -> codec.decode(body))
        .isInstanceOf(GossipsubException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void rejectsEachCountAndLengthLimit() {
    RpcLimits tight = new RpcLimits(1 << 20, 2, 2, 3, 4, 8, 16);
    RpcCodec c = new RpcCodec(tight);
    List<Rpc> bad =
        List.of(
            Rpc.ofSubscriptions(
                List.of(SubOpts.subscribe("a"), SubOpts.subscribe("b"), SubOpts.subscribe("c"))),
            Rpc.ofMessages(
                List.of(
                    PubsubMessage.of("a", new byte[0]),
                    PubsubMessage.of("a", new byte[0]),
                    PubsubMessage.of("a", new byte[0]))),
            Rpc.ofControl(
                ControlMessage.ofGraft(
                    new Graft("a"), new Graft("b"), new Graft("c"), new Graft("d"))),
            Rpc.ofControl(
                ControlMessage.ofPrune(
                    new Prune(
                        "a",
                        List.of(
                            new PeerInfo(null, null),
                            new PeerInfo(null, null),
                            new PeerInfo(null, null)),
                        OptionalLong.empty()))),
            Rpc.ofControl(
                ControlMessage.ofIWant(new IWant(List.of(id(1), id(2), id(3), id(4), id(5))))),
            Rpc.ofControl(
                ControlMessage.ofIDontWant(new IDontWant(List.of(MessageId.of(new byte[9]))))),
            Rpc.ofSubscriptions(List.of(SubOpts.subscribe("x".repeat(17)))),
            Rpc.ofMessages(List.of(PubsubMessage.of("y".repeat(17), new byte[0]))),
            Rpc.ofControl(ControlMessage.ofIHave(new IHave("z".repeat(17), List.of()))));
    for (Rpc r : bad) {
      byte[] body = RpcCodec.encode(r);
      assertThatThrownBy(() -> c.decode(body))
          .as(r.toString())
          .isInstanceOf(GossipsubException.class)
          .hasMessageContaining("limit");
    }
  }

  @Test
  void splitsManyMessagesIntoFramesWithinTheLimit() throws Exception {
    List<PubsubMessage> msgs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      msgs.add(PubsubMessage.of(TOPIC, new byte[10_000 + i]));
    }
    Rpc rpc =
        new Rpc(List.of(SubOpts.subscribe(TOPIC)), msgs, ControlMessage.ofGraft(new Graft(TOPIC)));
    RpcCodec.Split split = RpcCodec.encodeSplit(rpc, GossipsubConfig.NWAKU_MAX_RPC_SIZE);
    assertThat(split.droppedItems()).isZero();
    assertThat(split.frames()).hasSizeGreaterThan(2);
    List<Rpc> parts = decodeAll(split, GossipsubConfig.NWAKU_MAX_RPC_SIZE);
    assertThat(Flat.of(parts)).isEqualTo(Flat.of(List.of(rpc)));
  }

  @Test
  void splitsLongIHaveListsBetweenIds() throws Exception {
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(MessageId.of(RandomInputs.bytes(new Random(i), 32, 32)));
    }
    Rpc rpc =
        Rpc.ofControl(
            new ControlMessage(
                List.of(new IHave(TOPIC, ids)),
                List.of(new IWant(ids)),
                List.of(),
                List.of(),
                List.of(new IDontWant(ids))));
    int max = 50_000;
    RpcCodec.Split split = RpcCodec.encodeSplit(rpc, max);
    assertThat(split.droppedItems()).isZero();
    List<Rpc> parts = decodeAll(split, max);
    assertThat(Flat.of(parts)).isEqualTo(Flat.of(List.of(rpc)));
    // frames are filled: all but the last are close to the limit
    for (int i = 0; i < split.frames().size() - 1; i++) {
      assertThat(split.frames().get(i).length).isGreaterThan(max - 40);
    }
  }

  @Test
  void dropsAndCountsItemsThatCannotFitAlone() throws Exception {
    Rpc rpc =
        Rpc.ofMessages(
            List.of(
                PubsubMessage.of(TOPIC, new byte[100]),
                PubsubMessage.of(TOPIC, new byte[2000]),
                PubsubMessage.of(TOPIC, new byte[200])));
    RpcCodec.Split split = RpcCodec.encodeSplit(rpc, 1000);
    assertThat(split.droppedItems()).isEqualTo(1);
    List<Rpc> parts = decodeAll(split, 1000);
    assertThat(Flat.of(parts).messages)
        .extracting(PubsubMessage::dataSize)
        .containsExactly(100, 200);
    PubsubMessage big = PubsubMessage.of(TOPIC, new byte[2000]);
    assertThat(RpcCodec.singleMessageRpcSize(big))
        .isEqualTo(RpcCodec.encode(Rpc.ofMessages(List.of(big))).length);
  }

  @Test
  void randomBytesOnlyGiveGossipsubException() {
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in = RandomInputs.bytes(r, 400);
          try {
            codec.decode(in);
          } catch (GossipsubException expected) {
            // typed
          }
        });
  }

  @Test
  void mutatedValidEncodingsOnlyGiveGossipsubException() {
    byte[] valid = RpcCodec.encode(fullRpc());
    List<byte[]> vectors = new ArrayList<>();
    vectors.add(valid);
    RpcVectorTest.vectors().forEach(v -> vectors.add(Hex.decode(v.hex())));
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in = RandomInputs.mutate(r, vectors.get(r.nextInt(vectors.size())));
          try {
            Rpc rpc = codec.decode(in);
            // whatever decodes re-encodes to something that decodes to the same RPC
            assertThat(codec.decode(RpcCodec.encode(rpc))).isEqualTo(rpc);
          } catch (GossipsubException expected) {
            // typed
          }
        });
  }

  @Test
  void randomRpcsSplitAtRandomLimitsLoseNothing() {
    RandomInputs.forEachCase(
        300,
        r -> {
          Rpc rpc = randomRpc(r);
          int max = 200 + r.nextInt(4000);
          RpcCodec.Split split = RpcCodec.encodeSplit(rpc, max);
          Flat expected = Flat.of(List.of(rpc));
          // items too big for even an empty RPC are the only ones allowed to go missing
          expected.messages.removeIf(m -> RpcCodec.singleMessageRpcSize(m) > max);
          assertThat(split.droppedItems())
              .isEqualTo(Flat.of(List.of(rpc)).messages.size() - expected.messages.size());
          assertThat(Flat.of(decodeAll(split, max))).isEqualTo(expected);
          assertThat(codec.decode(RpcCodec.encode(rpc))).isEqualTo(rpc);
        });
  }

  static Rpc randomRpc(Random r) {
    String[] topics = {TOPIC, "/waku/2/rs/1/1", "t", ""};
    List<SubOpts> subs = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      subs.add(new SubOpts(r.nextBoolean(), topics[r.nextInt(topics.length)]));
    }
    List<PubsubMessage> msgs = new ArrayList<>();
    for (int i = r.nextInt(6); i > 0; i--) {
      msgs.add(PubsubMessage.of(topics[r.nextInt(topics.length)], RandomInputs.bytes(r, 0, 3000)));
    }
    List<IHave> ihave = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      ihave.add(new IHave(topics[r.nextInt(topics.length)], randomIds(r)));
    }
    List<IWant> iwant = r.nextBoolean() ? List.of(new IWant(randomIds(r))) : List.of();
    List<Graft> graft = r.nextBoolean() ? List.of(new Graft(topics[r.nextInt(2)])) : List.of();
    List<Prune> prune =
        r.nextBoolean()
            ? List.of(
                new Prune(
                    topics[r.nextInt(2)],
                    r.nextBoolean()
                        ? List.of(new PeerInfo(RandomInputs.bytes(r, 1, 38), null))
                        : List.of(),
                    r.nextBoolean() ? OptionalLong.of(r.nextInt(100)) : OptionalLong.empty()))
            : List.of();
    List<IDontWant> idw = r.nextBoolean() ? List.of(new IDontWant(randomIds(r))) : List.of();
    return new Rpc(subs, msgs, new ControlMessage(ihave, iwant, graft, prune, idw));
  }

  static List<MessageId> randomIds(Random r) {
    List<MessageId> ids = new ArrayList<>();
    for (int i = r.nextInt(200); i > 0; i--) {
      ids.add(MessageId.of(RandomInputs.bytes(r, 1, 40)));
    }
    return ids;
  }

  private List<Rpc> decodeAll(RpcCodec.Split split, int max) throws Exception {
    List<Rpc> parts = new ArrayList<>();
    for (byte[] f : split.frames()) {
      byte[] body = LengthPrefixed.decodeExact(f, Integer.MAX_VALUE - 8);
      assertThat(body.length).isLessThanOrEqualTo(max);
      if (body.length == 0) {
        fail("empty frame sent");
      }
      parts.add(codec.decode(body));
    }
    return parts;
  }

  /** The items of some RPCs, per kind, in order; id lists flattened (IHAVE as topic:id). */
  record Flat(
      List<SubOpts> subs,
      List<PubsubMessage> messages,
      List<String> ihave,
      List<MessageId> iwant,
      List<Graft> graft,
      List<Prune> prune,
      List<MessageId> idontwant,
      int emptyIdEntries) {
    static Flat of(List<Rpc> rpcs) {
      Flat f =
          new Flat(
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              0);
      int empty = 0;
      for (Rpc r : rpcs) {
        f.subs.addAll(r.subscriptions());
        f.messages.addAll(r.messages());
        for (IHave h : r.control().ihave()) {
          h.messageIds().forEach(id -> f.ihave.add(h.topic() + ":" + id));
          empty += h.messageIds().isEmpty() ? 1 : 0;
        }
        for (IWant w : r.control().iwant()) {
          f.iwant.addAll(w.messageIds());
          empty += w.messageIds().isEmpty() ? 1 : 0;
        }
        f.graft.addAll(r.control().graft());
        f.prune.addAll(r.control().prune());
        for (IDontWant d : r.control().idontwant()) {
          f.idontwant.addAll(d.messageIds());
          empty += d.messageIds().isEmpty() ? 1 : 0;
        }
      }
      return new Flat(f.subs, f.messages, f.ihave, f.iwant, f.graft, f.prune, f.idontwant, empty);
    }
  }
}

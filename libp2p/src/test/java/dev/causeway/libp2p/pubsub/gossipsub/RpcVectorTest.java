package dev.causeway.libp2p.pubsub.gossipsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.mux.FrameVectors;
import dev.causeway.libp2p.mux.FrameVectors.Vector;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Graft;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IDontWant;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IHave;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IWant;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Prune;
import dev.causeway.libp2p.varint.LengthPrefixed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire examples of spec libp2p-gossipsub.md §10 (vectors/gossipsub/rpc.txt), both ways. */
class RpcVectorTest {
  static final String FILE = "/vectors/gossipsub/rpc.txt";
  static final String HELLO_ID = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  private final RpcCodec codec = new RpcCodec(RpcLimits.defaults());

  static List<Vector> vectors() {
    return FrameVectors.load(FILE);
  }

  static Rpc expected(Vector v) {
    String topic = v.field(3);
    String arg = v.field(4);
    return switch (v.field(2)) {
      case "subscribe" -> Rpc.ofSubscriptions(List.of(Rpc.SubOpts.subscribe(topic)));
      case "publish" ->
          Rpc.ofMessages(List.of(PubsubMessage.of(topic, arg.getBytes(StandardCharsets.UTF_8))));
      case "graft" -> Rpc.ofControl(ControlMessage.ofGraft(new Graft(topic)));
      case "prune" -> Rpc.ofControl(ControlMessage.ofPrune(Prune.of(topic, Long.parseLong(arg))));
      case "ihave" ->
          Rpc.ofControl(
              ControlMessage.ofIHave(new IHave(topic, List.of(MessageId.of(Hex.decode(arg))))));
      case "iwant" ->
          Rpc.ofControl(ControlMessage.ofIWant(new IWant(List.of(MessageId.of(Hex.decode(arg))))));
      case "idontwant" ->
          Rpc.ofControl(
              ControlMessage.ofIDontWant(new IDontWant(List.of(MessageId.of(Hex.decode(arg))))));
      default -> throw new IllegalArgumentException("unknown kind " + v.field(2));
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encodesAndDecodesSpecExample(Vector v) throws Exception {
    byte[] body = Hex.decode(v.hex());
    Rpc rpc = expected(v);
    assertThat(Hex.encode(RpcCodec.encode(rpc))).isEqualTo(v.hex());
    assertThat(codec.decode(body)).isEqualTo(rpc);
    RpcCodec.Split split = RpcCodec.encodeSplit(rpc, GossipsubConfig.NWAKU_MAX_RPC_SIZE);
    assertThat(split.frames()).hasSize(1);
    assertThat(split.frames().get(0)).isEqualTo(LengthPrefixed.frame(body));
    if (!v.field(5).equals("-")) {
      assertThat(Hex.encode(RpcCodec.frame(body))).isEqualTo(v.field(5));
    }
  }

  @Test
  void publishedMessageIdIsSha256OfData() throws Exception {
    Vector publish =
        vectors().stream().filter(v -> v.field(2).equals("publish")).findFirst().orElseThrow();
    Rpc rpc = codec.decode(Hex.decode(publish.hex()));
    PubsubMessage m = rpc.messages().get(0);
    assertThat(m.isStrictNoSign()).isTrue();
    assertThat(MessageIdFunction.sha256OfData().apply(m).toString()).isEqualTo(HELLO_ID);
  }
}

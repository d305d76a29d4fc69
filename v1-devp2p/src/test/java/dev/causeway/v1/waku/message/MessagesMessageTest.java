package dev.causeway.v1.waku.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.Rlp;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesMessageTest {
  private static final int MIB = 1 << 20;

  private static Envelope envelope(int dataLen, int seq) {
    byte[] data = new byte[dataLen];
    data[0] = (byte) seq;
    data[dataLen - 1] = (byte) (seq >>> 8);
    return Envelope.of(1_700_000_050L, 50, Topic.ofInt(seq), data, seq);
  }

  @Test
  void roundTripsAListOfEnvelopes() throws Exception {
    List<Envelope> envs = List.of(envelope(10, 1), envelope(300, 2), envelope(1, 3));
    MessagesMessage m = new MessagesMessage(envs);
    MessagesMessage d = MessagesMessage.readFrom(m.encode(), 10);
    assertThat(d.envelopes()).isEqualTo(envs);
    assertThat(d).isEqualTo(m);
    assertThat(MessagesMessage.CODE).isEqualTo(1);
  }

  @Test
  void emptyListIsValid() throws Exception {
    assertThat(Hex.encode(new MessagesMessage(List.of()).encode())).isEqualTo("c0");
    assertThat(MessagesMessage.readFrom(Hex.decode("c0")).envelopes()).isEmpty();
  }

  @Test
  void rejectsMoreEnvelopesThanTheBound() {
    byte[] three =
        new MessagesMessage(List.of(envelope(5, 1), envelope(5, 2), envelope(5, 3))).encode();
    assertThatThrownBy(() -> MessagesMessage.readFrom(three, 2))
        .isInstanceOf(WakuCodecException.class);
  }

  @Test
  void rejectsThePacketIfOneEnvelopeIsMalformed() {
    byte[] good = envelope(5, 1).encode();
    byte[] bad = Rlp.encodeList(Rlp.encodeLong(1), Rlp.encodeLong(2));
    assertThatThrownBy(() -> MessagesMessage.readFrom(Rlp.encodeList(good, bad)))
        .isInstanceOf(WakuCodecException.class);
    assertThatThrownBy(() -> MessagesMessage.readFrom(Hex.decode("80")))
        .isInstanceOf(WakuCodecException.class);
    assertThatThrownBy(() -> MessagesMessage.readFrom(Hex.decode("c0c0")))
        .isInstanceOf(WakuCodecException.class);
  }

  @Test
  void splitsOneKibEnvelopesIntoPacketsWithinOneMib() throws Exception {
    List<Envelope> envs = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      envs.add(envelope(1024, i));
    }
    Batches b = MessagesMessage.encodeBatches(envs, MIB);
    assertThat(b.oversized()).isEmpty();
    long total = envs.stream().mapToLong(Envelope::encodedLength).sum();
    assertThat(b.packets()).hasSize((int) ((total + MIB - 1) / MIB));
    assertAllWithinAndComplete(b, envs, MIB);
  }

  @Test
  void puts600KibEnvelopesOnePerPacket() throws Exception {
    List<Envelope> envs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      envs.add(envelope(600 * 1024, i));
    }
    Batches b = MessagesMessage.encodeBatches(envs, MIB);
    assertThat(b.packets()).hasSize(5);
    assertAllWithinAndComplete(b, envs, MIB);
  }

  @Test
  void mixesLargeAndSmallEnvelopesAndSkipsOversizedOnes() throws Exception {
    List<Envelope> envs = new ArrayList<>();
    Envelope tooBig = envelope(MIB, 999);
    for (int i = 0; i < 400; i++) {
      envs.add(i % 100 == 0 ? envelope(600 * 1024, i) : envelope(1024, i));
      if (i == 150) {
        envs.add(tooBig);
      }
    }
    Batches b = MessagesMessage.encodeBatches(envs, MIB);
    assertThat(b.oversized()).containsExactly(tooBig);
    List<Envelope> expected = new ArrayList<>(envs);
    expected.remove(tooBig);
    assertAllWithinAndComplete(b, expected, MIB);
  }

  @Test
  void fillsAPacketExactlyToTheBound() throws Exception {
    Envelope e = envelope(90, 1);
    int len = e.encodedLength();
    int bound = Rlp.headerLength(3 * len) + 3 * len;
    List<Envelope> envs = List.of(e, envelope(90, 2), envelope(90, 3), envelope(90, 4));
    Batches b = MessagesMessage.encodeBatches(envs, bound);
    assertThat(b.packets()).hasSize(2);
    assertThat(b.packets().get(0)).hasSize(bound);
    assertAllWithinAndComplete(b, envs, bound);
    assertThat(MessagesMessage.encodeBatches(List.of(), bound).packets()).isEmpty();
  }

  private static void assertAllWithinAndComplete(Batches b, List<Envelope> expected, int bound)
      throws WakuCodecException {
    List<Envelope> decoded = new ArrayList<>();
    for (byte[] p : b.packets()) {
      assertThat(p.length).isLessThanOrEqualTo(bound);
      decoded.addAll(MessagesMessage.readFrom(p).envelopes());
    }
    assertThat(decoded).isEqualTo(expected);
  }

  @Test
  void p2pMessageUsesTheSameListCodec() throws Exception {
    List<Envelope> envs = List.of(envelope(10, 1), envelope(20, 2));
    P2pMessageMessage m = new P2pMessageMessage(envs);
    assertThat(m.encode()).isEqualTo(new MessagesMessage(envs).encode());
    assertThat(P2pMessageMessage.readFrom(m.encode()).envelopes()).isEqualTo(envs);
    assertThat(P2pMessageMessage.CODE).isEqualTo(127);
    assertThatThrownBy(() -> P2pMessageMessage.readFrom(m.encode(), 1))
        .isInstanceOf(WakuCodecException.class);
  }
}

package dev.causeway.v1.waku.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.Rlp;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.EnvelopeHash;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch Ack, Message Response, P2P Request and P2P Request Complete codecs. */
class SmallMessagesTest {
  private static byte[] filled(int len, int v) {
    byte[] b = new byte[len];
    Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void codesMatchTheSpecTable() {
    assertThat(
            List.of(
                WakuV1MessageCodes.STATUS,
                WakuV1MessageCodes.MESSAGES,
                WakuV1MessageCodes.BATCH_ACK,
                WakuV1MessageCodes.MESSAGE_RESPONSE,
                WakuV1MessageCodes.STATUS_UPDATE,
                WakuV1MessageCodes.P2P_REQUEST_COMPLETE,
                WakuV1MessageCodes.P2P_REQUEST,
                WakuV1MessageCodes.P2P_MESSAGE,
                WakuV1MessageCodes.LENGTH))
        .containsExactly(0, 1, 11, 12, 22, 125, 126, 127, 128);
    assertThat(WakuV1MessageCodes.isKnown(2)).isFalse();
    assertThat(WakuV1MessageCodes.name(22)).isEqualTo("status_update");
    assertThat(WakuV1MessageCodes.name(0x20)).isEqualTo("unknown");
  }

  @Test
  void batchAckIsA32ByteString() throws Exception {
    byte[] msgData = Hex.decode("c0");
    BatchAckMessage ack = BatchAckMessage.forBatch(msgData);
    assertThat(ack.batchHash()).isEqualTo(Keccak256.hash(msgData));
    byte[] enc = ack.encode();
    assertThat(enc).hasSize(33);
    assertThat(enc[0]).isEqualTo((byte) 0xa0);
    assertThat(BatchAckMessage.readFrom(enc)).isEqualTo(ack);
    assertThatThrownBy(() -> BatchAckMessage.readFrom(Rlp.encodeString(new byte[31])))
        .isInstanceOf(WakuCodecException.class);
    assertThatThrownBy(
            () -> BatchAckMessage.readFrom(Rlp.encodeList(Rlp.encodeString(new byte[32]))))
        .isInstanceOf(WakuCodecException.class);
  }

  @Test
  void messageResponseHasTheSpecLayout() throws Exception {
    byte[] batch = filled(32, 0x11);
    EnvelopeHash h = EnvelopeHash.of(filled(32, 0x22));
    MessageResponseMessage m =
        new MessageResponseMessage(
            batch, List.of(new MessageResponseMessage.EnvelopeError(h, 21, "x")));
    byte[] enc = m.encode();
    // [1, [batch, [[hash, 21, "x"]]]]
    byte[] expected =
        Rlp.encodeList(
            Rlp.encodeLong(1),
            Rlp.encodeList(
                Rlp.encodeString(batch),
                Rlp.encodeList(
                    Rlp.encodeList(
                        Rlp.encodeString(h.bytes()),
                        Rlp.encodeLong(21),
                        Rlp.encodeString("x".getBytes(StandardCharsets.UTF_8))))));
    assertThat(enc).isEqualTo(expected);
    MessageResponseMessage d = MessageResponseMessage.readFrom(enc);
    assertThat(d).isEqualTo(m);
    assertThat(d.errors().get(0).isTimeSyncError()).isTrue();
  }

  @Test
  void messageResponseWithoutErrorsRoundTrips() throws Exception {
    MessageResponseMessage m = MessageResponseMessage.forBatch(Hex.decode("c0"), List.of());
    assertThat(MessageResponseMessage.readFrom(m.encode())).isEqualTo(m);
    assertThat(m.batchHash()).isEqualTo(Keccak256.hash(Hex.decode("c0")));
  }

  @Test
  void classifiesErrorCodes() {
    EnvelopeHash h = EnvelopeHash.of(new byte[32]);
    assertThat(new MessageResponseMessage.EnvelopeError(h, 1, "").isTimeSyncError()).isTrue();
    assertThat(new MessageResponseMessage.EnvelopeError(h, 21, "").isTimeSyncError()).isTrue();
    assertThat(new MessageResponseMessage.EnvelopeError(h, 22, "").isTimeSyncError()).isFalse();
  }

  @Test
  void messageResponseRejectsOtherVersionsAndBadShapes() {
    byte[] inner = Rlp.encodeList(Rlp.encodeString(new byte[32]), Rlp.encodeList());
    assertThat(catchDecode(Rlp.encodeList(Rlp.encodeLong(2), inner))).contains("version");
    assertThatThrownBy(
            () ->
                MessageResponseMessage.readFrom(
                    Rlp.encodeList(Rlp.encodeLong(1), inner, Rlp.encodeLong(0))))
        .isInstanceOf(WakuCodecException.class);
    assertThatThrownBy(
            () ->
                MessageResponseMessage.readFrom(
                    Rlp.encodeList(
                        Rlp.encodeLong(1),
                        Rlp.encodeList(Rlp.encodeString(new byte[31]), Rlp.encodeList()))))
        .isInstanceOf(WakuCodecException.class);
    byte[] longDescription =
        Rlp.encodeList(
            Rlp.encodeLong(1),
            Rlp.encodeList(
                Rlp.encodeString(new byte[32]),
                Rlp.encodeList(
                    Rlp.encodeList(
                        Rlp.encodeString(new byte[32]),
                        Rlp.encodeLong(22),
                        Rlp.encodeString(
                            new byte[MessageResponseMessage.MAX_DESCRIPTION_BYTES + 1])))));
    assertThatThrownBy(() -> MessageResponseMessage.readFrom(longDescription))
        .isInstanceOf(WakuCodecException.class);
  }

  private static String catchDecode(byte[] b) {
    try {
      MessageResponseMessage.readFrom(b);
      return "decoded";
    } catch (WakuCodecException e) {
      return e.getMessage();
    }
  }

  @Test
  void p2pRequestRoundTripsBothForms() throws Exception {
    Envelope e = Envelope.of(1_700_000_050L, 50, Topic.ofInt(5), new byte[] {1, 2}, 9);
    P2pRequestMessage env = P2pRequestMessage.ofEnvelope(e);
    assertThat(env.encode()).isEqualTo(e.encode());
    assertThat(P2pRequestMessage.readFrom(env.encode()).envelope()).contains(e);

    MessagesRequest req =
        new MessagesRequest(
            filled(32, 7), 100, 200, 1000, new byte[0], filled(64, 0xff), List.of(Topic.ofInt(1)));
    P2pRequestMessage plain = P2pRequestMessage.ofRequest(req);
    P2pRequestMessage d = P2pRequestMessage.readFrom(plain.encode());
    assertThat(d.envelope()).isEmpty();
    assertThat(d.request()).contains(req);
    assertThat(d).isEqualTo(plain);
  }

  @Test
  void p2pRequestRejectsNeitherForm() {
    assertThatThrownBy(() -> P2pRequestMessage.readFrom(Hex.decode("c3010203")))
        .isInstanceOf(WakuCodecException.class);
    byte[] badBloom =
        Rlp.encodeList(
            Rlp.encodeString(new byte[32]),
            Rlp.encodeLong(1),
            Rlp.encodeLong(2),
            Rlp.encodeLong(3),
            Rlp.encodeString(new byte[0]),
            Rlp.encodeString(new byte[10]),
            Rlp.encodeList());
    assertThatThrownBy(() -> P2pRequestMessage.readFrom(badBloom))
        .isInstanceOf(WakuCodecException.class);
  }

  @Test
  void requestCompleteListFormRoundTrips() throws Exception {
    P2pRequestCompleteMessage m =
        P2pRequestCompleteMessage.ofList(filled(32, 1), filled(32, 2), filled(36, 3));
    byte[] enc = m.encode();
    assertThat(enc[0] & 0xff).isGreaterThanOrEqualTo(0xc0);
    P2pRequestCompleteMessage d = P2pRequestCompleteMessage.readFrom(enc);
    assertThat(d).isEqualTo(m);
    assertThat(d.form()).isEqualTo(P2pRequestCompleteMessage.Form.LIST);
    assertThat(d.lastEnvelopeHash())
        .hasValueSatisfying(h -> assertThat(h).isEqualTo(filled(32, 2)));
  }

  @Test
  void requestCompleteStatusGoFormsRoundTrip() throws Exception {
    P2pRequestCompleteMessage full =
        P2pRequestCompleteMessage.ofBytes(filled(32, 1), filled(32, 2), filled(36, 3));
    byte[] enc = full.encode();
    assertThat(Hex.encode(enc, 0, 2)).isEqualTo("b864");
    assertThat(P2pRequestCompleteMessage.readFrom(enc)).isEqualTo(full);

    P2pRequestCompleteMessage idOnly =
        P2pRequestCompleteMessage.ofBytes(filled(32, 1), null, new byte[0]);
    assertThat(idOnly.encode()).hasSize(33);
    P2pRequestCompleteMessage d = P2pRequestCompleteMessage.readFrom(idOnly.encode());
    assertThat(d).isEqualTo(idOnly);
    assertThat(d.lastEnvelopeHash()).isEmpty();

    P2pRequestCompleteMessage noCursor =
        P2pRequestCompleteMessage.ofBytes(filled(32, 1), filled(32, 2), new byte[0]);
    assertThat(P2pRequestCompleteMessage.readFrom(noCursor.encode())).isEqualTo(noCursor);
  }

  @Test
  void requestCompleteFailureFormRoundTrips() throws Exception {
    P2pRequestCompleteMessage f = P2pRequestCompleteMessage.failure(filled(32, 9), "query failed");
    byte[] enc = f.encode();
    assertThat(new String(enc, 1, 6, StandardCharsets.US_ASCII)).isEqualTo("ERROR=");
    P2pRequestCompleteMessage d = P2pRequestCompleteMessage.readFrom(enc);
    assertThat(d.error()).contains("query failed");
    assertThat(d.requestId()).isEqualTo(filled(32, 9));
  }

  @Test
  void requestCompleteRejectsOddStatusGoLengths() {
    assertThatThrownBy(() -> P2pRequestCompleteMessage.readFrom(Rlp.encodeString(new byte[50])))
        .isInstanceOf(WakuCodecException.class);
    assertThatThrownBy(
            () ->
                P2pRequestCompleteMessage.readFrom(
                    Rlp.encodeList(
                        Rlp.encodeString(new byte[32]),
                        Rlp.encodeString(new byte[31]),
                        Rlp.encodeString(new byte[0]))))
        .isInstanceOf(WakuCodecException.class);
  }
}

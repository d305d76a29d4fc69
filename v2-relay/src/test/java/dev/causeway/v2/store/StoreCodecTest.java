package dev.causeway.v2.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.causeway.testing.RandomInputs;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.pb.StoreProto;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Store v3 codec: round trips, field presence, rejections and random input (v2-store.md §2). */
class StoreCodecTest {
  private static final MessageHash H1 = StoreFixtures.message(1).hash();
  private static final MessageHash H2 = StoreFixtures.message(2).hash();

  private static StoreQueryRequest fullRequest() {
    return StoreQueryRequest.builder("req-1")
        .includeData(false)
        .pubsubTopic(StoreFixtures.TOPIC_A)
        .contentTopics(StoreFixtures.CONTENT)
        .timeStart(-5)
        .timeEnd(StoreFixtures.T0)
        .hashes(List.of(H1, H2))
        .cursor(H2)
        .forward(false)
        .limit(-1L) // uint64 max on the wire
        .build();
  }

  private static StoreQueryResponse fullResponse() {
    ArchivedMessage m = StoreFixtures.message(3);
    return StoreQueryResponse.ok(
        "req-1",
        List.of(
            WakuMessageKeyValue.of(m.hash(), m.pubsubTopic(), m.message()),
            WakuMessageKeyValue.hashOnly(H1)),
        Optional.of(H2));
  }

  @Test
  void requestRoundTrips() throws Exception {
    StoreQueryRequest r = fullRequest();
    assertThat(StoreCodec.decodeRequest(StoreCodec.encodeRequest(r))).isEqualTo(r);
    StoreQueryRequest minimal = StoreQueryRequest.builder("").build();
    assertThat(StoreCodec.decodeRequest(StoreCodec.encodeRequest(minimal))).isEqualTo(minimal);
  }

  @Test
  void requestAlwaysCarriesIdIncludeDataAndDirection() throws Exception {
    StoreQueryRequest r = StoreQueryRequest.builder("").includeData(false).forward(false).build();
    StoreProto.StoreQueryRequest p =
        StoreProto.StoreQueryRequest.parseFrom(StoreCodec.encodeRequest(r));
    assertThat(p.hasRequestId()).isTrue();
    assertThat(p.hasIncludeData()).isTrue();
    assertThat(p.hasPaginationForward()).isTrue();
  }

  @Test
  void absentDirectionDecodesAsBackward() throws Exception {
    byte[] body = StoreProto.StoreQueryRequest.newBuilder().setRequestId("x").build().toByteArray();
    StoreQueryRequest r = StoreCodec.decodeRequest(body);
    assertThat(r.paginationForward()).isFalse();
    assertThat(r.includeData()).isFalse();
    assertThat(r.paginationLimit()).isEmpty();
  }

  @Test
  void responseRoundTripsAndAlwaysCarriesIdCodeAndDesc() throws Exception {
    StoreQueryResponse r = fullResponse();
    assertThat(StoreCodec.decodeResponse(StoreCodec.encodeResponse(r))).isEqualTo(r);
    StoreQueryResponse err = StoreQueryResponse.error("", 400, "");
    StoreProto.StoreQueryResponse p =
        StoreProto.StoreQueryResponse.parseFrom(StoreCodec.encodeResponse(err));
    assertThat(p.hasRequestId()).isTrue();
    assertThat(p.hasStatusCode()).isTrue();
    assertThat(p.hasStatusDesc()).isTrue();
    assertThat(StoreCodec.decodeResponse(StoreCodec.encodeResponse(err))).isEqualTo(err);
  }

  @Test
  void responseWithoutStatusDecodesWithoutStatus() throws Exception {
    byte[] body =
        StoreProto.StoreQueryResponse.newBuilder().setRequestId("x").build().toByteArray();
    StoreQueryResponse r = StoreCodec.decodeResponse(body);
    assertThat(r.statusCode()).isEqualTo(OptionalInt.empty());
    assertThat(r.isSuccess()).isFalse();
  }

  @Test
  void entryWithMessageButNoTopicIsKeyOnly() throws Exception {
    ArchivedMessage m = StoreFixtures.message(0);
    byte[] body =
        StoreProto.StoreQueryResponse.newBuilder()
            .setStatusCode(200)
            .addMessages(
                StoreProto.WakuMessageKeyValue.newBuilder()
                    .setMessageHash(ByteString.copyFrom(m.hash().bytes()))
                    .setMessage(ByteString.copyFrom(m.message().encode())))
            .build()
            .toByteArray();
    assertThat(StoreCodec.decodeResponse(body).messages())
        .containsExactly(WakuMessageKeyValue.hashOnly(m.hash()));
  }

  @Test
  void rejectsShortHashesAndCursorsWithTheRequestId() {
    byte[] badHash =
        StoreProto.StoreQueryRequest.newBuilder()
            .setRequestId("id-7")
            .addMessageHashes(ByteString.copyFrom(new byte[31]))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> StoreCodec.decodeRequest(badHash))
        .isInstanceOfSatisfying(
            StoreCodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreCodecException.Reason.INVALID_FIELD);
              assertThat(e.requestId()).contains("id-7");
            });
    byte[] badCursor =
        StoreProto.StoreQueryRequest.newBuilder()
            .setPaginationCursor(ByteString.copyFrom(new byte[33]))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> StoreCodec.decodeRequest(badCursor))
        .isInstanceOf(StoreCodecException.class);
  }

  @Test
  void rejectsInvalidPubsubTopic() {
    byte[] body =
        StoreProto.StoreQueryRequest.newBuilder()
            .setPubsubTopic("/waku/2/rs/01/0")
            .build()
            .toByteArray();
    assertThatThrownBy(() -> StoreCodec.decodeRequest(body))
        .isInstanceOfSatisfying(
            StoreCodecException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreCodecException.Reason.INVALID_FIELD));
  }

  @Test
  void rejectsTooManyHashesAndOversizedBodies() {
    StoreProto.StoreQueryRequest.Builder b = StoreProto.StoreQueryRequest.newBuilder();
    for (int i = 0; i <= StoreCodec.MAX_HASHES; i++) {
      b.addMessageHashes(ByteString.copyFrom(new byte[32]));
    }
    assertThatThrownBy(() -> StoreCodec.decodeRequest(b.build().toByteArray()))
        .isInstanceOf(StoreCodecException.class);
    assertThatThrownBy(() -> StoreCodec.decodeRequest(new byte[StoreCodec.MAX_REQUEST_SIZE + 1]))
        .isInstanceOfSatisfying(
            StoreCodecException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreCodecException.Reason.TOO_LARGE));
    assertThatThrownBy(() -> StoreCodec.decodeResponse(new byte[StoreCodec.MAX_RESPONSE_SIZE + 1]))
        .isInstanceOf(StoreCodecException.class);
  }

  @Test
  void boundedParseFailuresKeepTheirWordingAndCarryNoRequestId() {
    int req = StoreCodec.MAX_REQUEST_SIZE;
    assertThatThrownBy(() -> StoreCodec.decodeRequest(new byte[req + 1]))
        .isInstanceOfSatisfying(StoreCodecException.class, e -> assertThat(e.requestId()).isEmpty())
        .hasMessage("request of " + (req + 1) + " bytes exceeds " + req);
    int resp = StoreCodec.MAX_RESPONSE_SIZE;
    assertThatThrownBy(() -> StoreCodec.decodeResponse(new byte[resp + 1]))
        .isInstanceOfSatisfying(
            StoreCodecException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreCodecException.Reason.TOO_LARGE))
        .hasMessage("response of " + (resp + 1) + " bytes exceeds " + resp);
    assertThatThrownBy(() -> StoreCodec.decodeRequest(new byte[] {0x0a, 5}))
        .isInstanceOfSatisfying(
            StoreCodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreCodecException.Reason.MALFORMED);
              assertThat(e.requestId()).isEmpty();
            })
        .hasMessageStartingWith("malformed StoreQueryRequest: ")
        .hasCauseInstanceOf(java.io.IOException.class);
    // A stray end-group tag: refused like parseFrom(byte[]) refuses it.
    assertThatThrownBy(() -> StoreCodec.decodeResponse(new byte[] {0x0c}))
        .isInstanceOfSatisfying(
            StoreCodecException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreCodecException.Reason.MALFORMED))
        .hasMessageStartingWith("malformed StoreQueryResponse: ");
  }

  @Test
  void rejectsEntryWithBadMessage() {
    byte[] body =
        StoreProto.StoreQueryResponse.newBuilder()
            .addMessages(
                StoreProto.WakuMessageKeyValue.newBuilder()
                    .setMessageHash(ByteString.copyFrom(H1.bytes()))
                    .setMessage(ByteString.copyFrom(new byte[] {(byte) 0xff}))
                    .setPubsubTopic(StoreFixtures.TOPIC_A.toString()))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> StoreCodec.decodeResponse(body))
        .isInstanceOf(StoreCodecException.class);
  }

  @Test
  void randomAndMutatedInputOnlyGiveTheTypedException() {
    byte[] req = StoreCodec.encodeRequest(fullRequest());
    byte[] resp = StoreCodec.encodeResponse(fullResponse());
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in =
              switch (r.nextInt(3)) {
                case 0 -> RandomInputs.bytes(r, 600);
                case 1 -> RandomInputs.mutate(r, req);
                default -> RandomInputs.mutate(r, resp);
              };
          try {
            StoreCodec.decodeRequest(in);
          } catch (StoreCodecException expected) {
            // the only failure allowed
          }
          try {
            StoreCodec.decodeResponse(in);
          } catch (StoreCodecException expected) {
            // the only failure allowed
          }
        });
  }
}

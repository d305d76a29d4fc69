package dev.causeway.v2.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.causeway.testing.RandomInputs;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.filter.pb.FilterProto;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class FilterCodecTest {
  private static final WakuMessage MESSAGE =
      WakuMessage.of(new byte[] {1, 2, 3}, "/app/1/chat/proto", 1_700_000_000_000_000_000L);

  @Test
  void requestsRoundTrip() throws Exception {
    for (FilterRequest r :
        List.of(
            FilterRequest.ping("p"),
            FilterRequest.subscribe("s", "/waku/2/rs/1/0", List.of("/a/1/b/c", "/a/1/d/c")),
            FilterRequest.unsubscribe("u", "/waku/2/rs/1/0", List.of("/a/1/b/c")),
            FilterRequest.unsubscribeAll("a"))) {
      assertThat(FilterCodec.decodeRequest(FilterCodec.encodeRequest(r))).isEqualTo(r);
    }
  }

  @Test
  void emptyRequestIsAPingWithEmptyIdAsNwakuReadsIt() throws Exception {
    FilterRequest r = FilterCodec.decodeRequest(new byte[0]);
    assertThat(r.type()).isEqualTo(FilterRequest.Type.SUBSCRIBER_PING);
    assertThat(r.requestId()).isEmpty();
    assertThat(r.pubsubTopic()).isEmpty();
  }

  @Test
  void unknownTypeIsRejectedWithTheRequestId() {
    byte[] body =
        FilterProto.FilterSubscribeRequest.newBuilder()
            .setRequestId("abc")
            .setFilterSubscribeTypeValue(7)
            .build()
            .toByteArray();
    assertThatThrownBy(() -> FilterCodec.decodeRequest(body))
        .isInstanceOfSatisfying(
            FilterCodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(FilterCodecException.Reason.UNKNOWN_TYPE);
              assertThat(e.requestId()).contains("abc");
            });
  }

  @Test
  void oversizedBodiesAreRejectedBeforeParsing() {
    assertThatThrownBy(() -> FilterCodec.decodeRequest(new byte[FilterCodec.MAX_REQUEST_SIZE + 1]))
        .isInstanceOfSatisfying(
            FilterCodecException.class,
            e -> assertThat(e.reason()).isEqualTo(FilterCodecException.Reason.TOO_LARGE));
    assertThatThrownBy(() -> FilterCodec.decodePush(new byte[FilterCodec.MAX_PUSH_SIZE + 1]))
        .isInstanceOf(FilterCodecException.class);
    assertThatThrownBy(
            () -> FilterCodec.decodeResponse(new byte[FilterCodec.MAX_RESPONSE_SIZE + 1]))
        .isInstanceOf(FilterCodecException.class);
  }

  @Test
  void responsesAlwaysCarryIdAndStatus() throws Exception {
    FilterResponse r = new FilterResponse("", FilterStatus.OK, Optional.empty());
    byte[] wire = FilterCodec.encodeResponse(r);
    FilterProto.FilterSubscribeResponse p = FilterProto.FilterSubscribeResponse.parseFrom(wire);
    assertThat(p.hasRequestId()).isTrue();
    assertThat(p.hasStatusCode()).isTrue();
    assertThat(FilterCodec.decodeResponse(wire)).isEqualTo(r);
    FilterResponse e = FilterResponse.error("x", 404, FilterStatus.NO_SUBSCRIPTIONS);
    assertThat(FilterCodec.decodeResponse(FilterCodec.encodeResponse(e))).isEqualTo(e);
  }

  @Test
  void responseWithoutStatusCodeIsRejected() {
    byte[] wire =
        FilterProto.FilterSubscribeResponse.newBuilder().setRequestId("x").build().toByteArray();
    assertThatThrownBy(() -> FilterCodec.decodeResponse(wire))
        .isInstanceOfSatisfying(
            FilterCodecException.class,
            e -> assertThat(e.reason()).isEqualTo(FilterCodecException.Reason.MISSING_FIELD));
  }

  @Test
  void pushMatchesTheGeneratedEncodingAndRoundTrips() throws Exception {
    byte[] ours = FilterCodec.encodePush(MESSAGE, "/waku/2/rs/1/3");
    byte[] generated =
        FilterProto.MessagePush.newBuilder()
            .setWakuMessage(com.google.protobuf.ByteString.copyFrom(MESSAGE.encode()))
            .setPubsubTopic("/waku/2/rs/1/3")
            .build()
            .toByteArray();
    assertThat(ours).isEqualTo(generated);
    MessagePush p = FilterCodec.decodePush(ours);
    assertThat(p.message()).isEqualTo(MESSAGE);
    assertThat(p.pubsubTopic()).contains("/waku/2/rs/1/3");
  }

  @Test
  void pushWithoutMessageIsRejected() {
    byte[] wire =
        FilterProto.MessagePush.newBuilder().setPubsubTopic("/waku/2/rs/1/3").build().toByteArray();
    assertThatThrownBy(() -> FilterCodec.decodePush(wire))
        .isInstanceOfSatisfying(
            FilterCodecException.class,
            e -> assertThat(e.reason()).isEqualTo(FilterCodecException.Reason.MISSING_FIELD));
  }

  @Test
  void randomBytesOnlyEverGiveTheTypedException() {
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] b = RandomInputs.bytes(r, 300);
          decodeAll(b);
        });
  }

  @Test
  void mutatedValidEncodingsOnlyEverGiveTheTypedException() {
    byte[][] valid = {
      FilterCodec.encodeRequest(
          FilterRequest.subscribe("id-1", "/waku/2/rs/1/0", List.of("/a/1/b/c", "/x/2/y/z"))),
      FilterCodec.encodeResponse(FilterResponse.error("id", 503, FilterStatus.MAX_CRITERIA)),
      FilterCodec.encodePush(MESSAGE, "/waku/2/rs/1/0")
    };
    RandomInputs.forEachCase(
        3000, r -> decodeAll(RandomInputs.mutate(r, valid[r.nextInt(valid.length)])));
  }

  private static void decodeAll(byte[] b) {
    try {
      FilterCodec.decodeRequest(b);
    } catch (FilterCodecException e) {
      assertThat(e.reason()).isNotNull();
    }
    try {
      FilterCodec.decodeResponse(b);
    } catch (FilterCodecException e) {
      assertThat(e.reason()).isNotNull();
    }
    try {
      FilterCodec.decodePush(b);
    } catch (FilterCodecException e) {
      assertThat(e.reason()).isNotNull();
    }
  }

  /** The wording reaches the wire in the BAD_REQUEST status description. */
  @Test
  void sizeAndParseFailuresKeepTheirWording() {
    byte[] big = new byte[FilterCodec.MAX_REQUEST_SIZE + 1];
    assertThatThrownBy(() -> FilterCodec.decodeRequest(big))
        .isInstanceOf(FilterCodecException.class)
        .hasMessage("filter request of 262145 bytes exceeds 262144")
        .satisfies(
            e ->
                assertThat(((FilterCodecException) e).reason())
                    .isEqualTo(FilterCodecException.Reason.TOO_LARGE));
    byte[] truncated = {0x0a, 0x05, 'a'};
    assertMalformed(() -> FilterCodec.decodeRequest(truncated), "FilterSubscribeRequest");
    assertMalformed(() -> FilterCodec.decodeResponse(truncated), "FilterSubscribeResponse");
    assertMalformed(() -> FilterCodec.decodePush(truncated), "MessagePush");
  }

  private static void assertMalformed(ThrowingCallable decode, String messageType) {
    assertThatThrownBy(decode)
        .isInstanceOf(FilterCodecException.class)
        .hasMessageStartingWith("malformed " + messageType + ": ")
        .hasCauseInstanceOf(InvalidProtocolBufferException.class)
        .satisfies(
            e ->
                assertThat(((FilterCodecException) e).reason())
                    .isEqualTo(FilterCodecException.Reason.MALFORMED));
  }
}

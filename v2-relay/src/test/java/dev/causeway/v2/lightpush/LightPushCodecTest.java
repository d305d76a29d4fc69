package dev.causeway.v2.lightpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.causeway.testing.RandomInputs;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.lightpush.LightPushCodecException.Reason;
import dev.causeway.v2.lightpush.pb.LightPushProto;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Light push v2 and v3 codecs (spec v2-filter-lightpush.md §3, §4): round trips, the fields that
 * are always written, one test per rejection, and random inputs that only ever give the typed
 * exception.
 */
class LightPushCodecTest {
  private static final WakuMessage MESSAGE =
      WakuMessage.of(
          "hello".getBytes(StandardCharsets.UTF_8),
          "/app/1/chat/proto",
          1_700_000_000_000_000_000L);

  @Test
  void v3RequestRoundTripsWithAndWithoutTopic() throws Exception {
    LightPushRequest with = LightPushRequest.of("id-1", "/waku/2/rs/1/3", MESSAGE);
    LightPushRequest back =
        LightPushCodec.decodeRequest(LightPushCodec.encodeRequest(with), 1 << 20);
    assertThat(back).isEqualTo(with);
    LightPushRequest without = LightPushRequest.of("id-2", null, MESSAGE);
    back = LightPushCodec.decodeRequest(LightPushCodec.encodeRequest(without), 1 << 20);
    assertThat(back.pubsubTopic()).isEmpty();
    assertThat(back.message()).isEqualTo(MESSAGE);
    assertThat(back.messageSize()).isEqualTo(MESSAGE.encodedSize());
  }

  @Test
  void v3RequestUsesFields1And20And21() throws Exception {
    byte[] wire = LightPushCodec.encodeRequest(LightPushRequest.of("r", "/waku/2/rs/0/0", MESSAGE));
    LightPushProto.LightPushRequest p = LightPushProto.LightPushRequest.parseFrom(wire);
    assertThat(p.getUnknownFields().asMap()).isEmpty();
    // field 1 (tag 0x0a) first, then 20 (0xa2 0x01), then 21 (0xaa 0x01)
    assertThat(HexFormat.of().formatHex(wire)).startsWith("0a0172a2010e");
    assertThat(p.getMessage()).isEqualTo(ByteString.copyFrom(MESSAGE.encode()));
  }

  @Test
  void v3ResponseRoundTripsAndAlwaysCarriesIdAndStatus() throws Exception {
    LightPushResponse ok = new LightPushResponse("", 200, Optional.empty(), OptionalInt.of(0));
    byte[] wire = LightPushCodec.encodeResponse(ok);
    LightPushProto.LightPushResponse p = LightPushProto.LightPushResponse.parseFrom(wire);
    assertThat(p.hasRequestId()).isTrue();
    assertThat(p.hasStatusCode()).isTrue();
    assertThat(p.hasStatusDesc()).isFalse();
    assertThat(p.hasRelayPeerCount()).isTrue();
    assertThat(LightPushCodec.decodeResponse(wire)).isEqualTo(ok);
    LightPushResponse err =
        new LightPushResponse("N/A", 429, Optional.of("too many"), OptionalInt.empty());
    assertThat(LightPushCodec.decodeResponse(LightPushCodec.encodeResponse(err))).isEqualTo(err);
  }

  @Test
  void v2RequestAndResponseRoundTrip() throws Exception {
    LightPushRequest r = LightPushRequest.of("abc", "/waku/2/default-waku/proto", MESSAGE);
    assertThat(LegacyLightPushCodec.decodeRequest(LegacyLightPushCodec.encodeRequest(r), 1 << 20))
        .isEqualTo(r);
    LegacyPushResponse ok = new LegacyPushResponse("abc", true, Optional.of("OK"));
    assertThat(LegacyLightPushCodec.decodeResponse(LegacyLightPushCodec.encodeResponse(ok)))
        .isEqualTo(ok);
  }

  @Test
  void v2ResponseWritesIsSuccessEvenWhenFalse() throws Exception {
    byte[] wire =
        LegacyLightPushCodec.encodeResponse(new LegacyPushResponse("", false, Optional.empty()));
    // PushRpc{request_id = "" (0a00), response (1a02) {is_success = false (0800)}}
    assertThat(HexFormat.of().formatHex(wire)).isEqualTo("0a001a020800");
  }

  @Test
  void v2RequestWithoutTopicCannotBeEncoded() {
    assertThatThrownBy(
            () -> LegacyLightPushCodec.encodeRequest(LightPushRequest.of("x", null, MESSAGE)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsRequestsAboveTheLimitBeforeParsing() {
    byte[] wire = LightPushCodec.encodeRequest(LightPushRequest.of("x", "/waku/2/rs/0/0", MESSAGE));
    assertReason(() -> LightPushCodec.decodeRequest(wire, wire.length - 1), Reason.TOO_LARGE);
    byte[] v2 =
        LegacyLightPushCodec.encodeRequest(LightPushRequest.of("x", "/waku/2/rs/0/0", MESSAGE));
    assertReason(() -> LegacyLightPushCodec.decodeRequest(v2, v2.length - 1), Reason.TOO_LARGE);
  }

  @Test
  void rejectsMalformedProtobuf() {
    byte[] junk = {(byte) 0x0a, (byte) 0x05, 1};
    assertReason(() -> LightPushCodec.decodeRequest(junk, 100), Reason.MALFORMED);
    assertReason(() -> LegacyLightPushCodec.decodeRequest(junk, 100), Reason.MALFORMED);
    assertReason(() -> LightPushCodec.decodeResponse(junk), Reason.MALFORMED);
    assertReason(() -> LegacyLightPushCodec.decodeResponse(junk), Reason.MALFORMED);
  }

  @Test
  void rejectsNonUtf8Strings() {
    byte[] badId = {0x0a, 0x02, (byte) 0xc3, (byte) 0x28};
    assertReason(() -> LightPushCodec.decodeRequest(badId, 100), Reason.MALFORMED);
  }

  @Test
  void rejectsV3RequestWithoutMessageAndEchoesItsId() {
    byte[] wire =
        LightPushProto.LightPushRequest.newBuilder()
            .setRequestId("rid")
            .setPubsubTopic("/waku/2/rs/0/0")
            .build()
            .toByteArray();
    LightPushCodecException e =
        assertReason(() -> LightPushCodec.decodeRequest(wire, 100), Reason.MISSING_FIELD);
    assertThat(e.requestId()).contains("rid");
  }

  @Test
  void rejectsV3ResponseWithoutStatusCode() {
    byte[] wire =
        LightPushProto.LightPushResponse.newBuilder().setRequestId("a").build().toByteArray();
    assertReason(() -> LightPushCodec.decodeResponse(wire), Reason.MISSING_FIELD);
  }

  @Test
  void rejectsV2RequestWithoutIdTopicOrMessage() {
    LightPushProto.PushRequest full =
        LightPushProto.PushRequest.newBuilder()
            .setPubsubTopic("/waku/2/rs/0/0")
            .setMessage(ByteString.copyFrom(MESSAGE.encode()))
            .build();
    byte[] noId = LightPushProto.PushRpc.newBuilder().setRequest(full).build().toByteArray();
    assertReason(() -> LegacyLightPushCodec.decodeRequest(noId, 1000), Reason.MISSING_FIELD);
    byte[] noTopic =
        LightPushProto.PushRpc.newBuilder()
            .setRequestId("a")
            .setRequest(full.toBuilder().clearPubsubTopic())
            .build()
            .toByteArray();
    assertReason(() -> LegacyLightPushCodec.decodeRequest(noTopic, 1000), Reason.MISSING_FIELD);
    byte[] noMessage =
        LightPushProto.PushRpc.newBuilder()
            .setRequestId("a")
            .setRequest(full.toBuilder().clearMessage())
            .build()
            .toByteArray();
    assertReason(() -> LegacyLightPushCodec.decodeRequest(noMessage, 1000), Reason.MISSING_FIELD);
  }

  @Test
  void rejectsV2RpcWithoutRequestAsEmptyBody() {
    byte[] wire = LightPushProto.PushRpc.newBuilder().setRequestId("q").build().toByteArray();
    LightPushCodecException e =
        assertReason(() -> LegacyLightPushCodec.decodeRequest(wire, 100), Reason.EMPTY_BODY);
    assertThat(e.requestId()).contains("q");
    assertReason(() -> LegacyLightPushCodec.decodeResponse(wire), Reason.EMPTY_BODY);
  }

  @Test
  void rejectsAnEmbeddedMessageThatDoesNotDecode() {
    byte[] wire =
        LightPushProto.LightPushRequest.newBuilder()
            .setRequestId("m")
            .setMessage(ByteString.copyFrom(new byte[] {0x0a, 0x7f}))
            .build()
            .toByteArray();
    assertReason(() -> LightPushCodec.decodeRequest(wire, 100), Reason.BAD_MESSAGE);
  }

  @Test
  void randomBytesOnlyEverGiveTheTypedException() {
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in = RandomInputs.bytes(r, 300);
          decodeAll(in);
        });
  }

  @Test
  void mutatedValidEncodingsOnlyEverGiveTheTypedException() {
    byte[][] valid = {
      LightPushCodec.encodeRequest(LightPushRequest.of("id", "/waku/2/rs/1/0", MESSAGE)),
      LightPushCodec.encodeRequest(LightPushRequest.of("id", null, MESSAGE)),
      LightPushCodec.encodeResponse(
          new LightPushResponse("id", 505, Optional.of("no peers"), OptionalInt.empty())),
      LegacyLightPushCodec.encodeRequest(LightPushRequest.of("id", "/waku/2/rs/1/0", MESSAGE)),
      LegacyLightPushCodec.encodeResponse(new LegacyPushResponse("id", true, Optional.of("OK")))
    };
    RandomInputs.forEachCase(
        3000, r -> decodeAll(RandomInputs.mutate(r, valid[r.nextInt(valid.length)])));
  }

  /** Every decoder on {@code in}: each either decodes or throws LightPushCodecException. */
  private static void decodeAll(byte[] in) {
    Decoder[] decoders = {
      () -> LightPushCodec.decodeRequest(in, 256),
      () -> LightPushCodec.decodeResponse(in),
      () -> LegacyLightPushCodec.decodeRequest(in, 256),
      () -> LegacyLightPushCodec.decodeResponse(in)
    };
    for (Decoder d : decoders) {
      try {
        d.run();
      } catch (LightPushCodecException expected) {
        assertThat(expected.reason()).isNotNull();
      }
    }
  }

  @FunctionalInterface
  private interface Decoder {
    Object run() throws LightPushCodecException;
  }

  private static LightPushCodecException assertReason(Decoder d, Reason reason) {
    try {
      d.run();
    } catch (LightPushCodecException e) {
      assertThat(e.reason()).isEqualTo(reason);
      return e;
    }
    throw new AssertionError("expected " + reason);
  }

  /** The wording reaches the wire in the status description of a refused request. */
  @Test
  void sizeAndParseFailuresKeepTheirWording() {
    byte[] ten = new byte[10];
    assertThat(assertReason(() -> LightPushCodec.decodeRequest(ten, 9), Reason.TOO_LARGE))
        .hasMessage("request of 10 bytes exceeds limit 9");
    assertThat(assertReason(() -> LegacyLightPushCodec.decodeRequest(ten, 9), Reason.TOO_LARGE))
        .hasMessage("request of 10 bytes exceeds limit 9");
    byte[] big = new byte[LightPushCodec.MAX_RESPONSE_SIZE + 1];
    assertThat(assertReason(() -> LightPushCodec.decodeResponse(big), Reason.TOO_LARGE))
        .hasMessage("response of 65537 bytes exceeds limit 65536");
    assertThat(assertReason(() -> LegacyLightPushCodec.decodeResponse(big), Reason.TOO_LARGE))
        .hasMessage("response of 65537 bytes exceeds limit 65536");
    byte[] truncated = {0x0a, 0x05, 'a'};
    assertThat(assertReason(() -> LightPushCodec.decodeRequest(truncated, 100), Reason.MALFORMED))
        .hasMessageStartingWith("malformed LightPushRequest: ")
        .hasCauseInstanceOf(InvalidProtocolBufferException.class);
    assertThat(assertReason(() -> LightPushCodec.decodeResponse(truncated), Reason.MALFORMED))
        .hasMessageStartingWith("malformed LightPushResponse: ")
        .hasCauseInstanceOf(InvalidProtocolBufferException.class);
    assertThat(
            assertReason(
                () -> LegacyLightPushCodec.decodeRequest(truncated, 100), Reason.MALFORMED))
        .hasMessageStartingWith("malformed PushRpc: ");
    assertThat(assertReason(() -> LegacyLightPushCodec.decodeResponse(truncated), Reason.MALFORMED))
        .hasMessageStartingWith("malformed PushRpc: ");
  }
}

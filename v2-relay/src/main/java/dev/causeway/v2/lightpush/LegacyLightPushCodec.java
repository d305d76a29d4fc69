package dev.causeway.v2.lightpush;

import com.google.protobuf.UnsafeByteOperations;
import dev.causeway.v2.core.BoundedProtobuf;
import dev.causeway.v2.lightpush.LightPushCodecException.Reason;
import dev.causeway.v2.lightpush.pb.LightPushProto;
import java.util.Optional;

/**
 * Encodes and decodes light push v2 {@code PushRpc} bodies (without the length prefix; spec
 * v2-filter-lightpush.md §3). Pure and thread-safe.
 *
 * <p>Encoding always writes the fields nwaku's decoder requires: {@code request_id}, {@code
 * PushRequest.pubsub_topic} and {@code message}, and {@code PushResponse.is_success} even when
 * false. Decoding a request requires the same fields (as nwaku does; {@link Reason#MISSING_FIELD}),
 * and a request part ({@link Reason#EMPTY_BODY}, nwaku's {@code empty_request_body_failure});
 * decoding a response requires the response part and reads an absent {@code is_success} as false.
 * Input above the caller's limit is refused before parsing.
 */
public final class LegacyLightPushCodec {
  private static final BoundedProtobuf.Rejections<LightPushCodecException> REQUEST =
      LightPushCodec.rejections("request", "PushRpc");
  private static final BoundedProtobuf.Rejections<LightPushCodecException> RESPONSE =
      LightPushCodec.rejections("response", "PushRpc");

  private LegacyLightPushCodec() {}

  /**
   * @throws IllegalArgumentException if the request has no pubsub topic (v2 requires one)
   */
  public static byte[] encodeRequest(LightPushRequest r) {
    String topic =
        r.pubsubTopic()
            .orElseThrow(() -> new IllegalArgumentException("light push v2 needs a pubsub topic"));
    return LightPushProto.PushRpc.newBuilder()
        .setRequestId(r.requestId())
        .setRequest(
            LightPushProto.PushRequest.newBuilder()
                .setPubsubTopic(topic)
                .setMessage(UnsafeByteOperations.unsafeWrap(r.message().encode())))
        .build()
        .toByteArray();
  }

  /**
   * @throws LightPushCodecException ({@code TOO_LARGE}, {@code MALFORMED}, {@code MISSING_FIELD},
   *     {@code EMPTY_BODY}, {@code BAD_MESSAGE}); carries the request id once it was read
   */
  public static LightPushRequest decodeRequest(byte[] body, int maxSize)
      throws LightPushCodecException {
    LightPushProto.PushRpc rpc =
        BoundedProtobuf.parse(body, maxSize, LightPushProto.PushRpc::parseFrom, REQUEST);
    if (!rpc.hasRequestId()) {
      throw new LightPushCodecException(Reason.MISSING_FIELD, "missing required field: request_id");
    }
    String id = rpc.getRequestId();
    if (!rpc.hasRequest()) {
      throw new LightPushCodecException(Reason.EMPTY_BODY, "PushRpc without request", id, null);
    }
    LightPushProto.PushRequest r = rpc.getRequest();
    if (!r.hasPubsubTopic()) {
      throw new LightPushCodecException(
          Reason.MISSING_FIELD, "missing required field: pubsub_topic", id, null);
    }
    if (!r.hasMessage()) {
      throw new LightPushCodecException(
          Reason.MISSING_FIELD, "missing required field: message", id, null);
    }
    return new LightPushRequest(
        id,
        Optional.of(r.getPubsubTopic()),
        LightPushCodec.message(r.getMessage(), id),
        r.getMessage().size());
  }

  public static byte[] encodeResponse(LegacyPushResponse r) {
    LightPushProto.PushResponse.Builder b =
        LightPushProto.PushResponse.newBuilder().setIsSuccess(r.success());
    r.info().ifPresent(b::setInfo);
    return LightPushProto.PushRpc.newBuilder()
        .setRequestId(r.requestId())
        .setResponse(b)
        .build()
        .toByteArray();
  }

  /**
   * @throws LightPushCodecException ({@code TOO_LARGE}, {@code MALFORMED}, {@code EMPTY_BODY})
   */
  public static LegacyPushResponse decodeResponse(byte[] body) throws LightPushCodecException {
    LightPushProto.PushRpc rpc =
        BoundedProtobuf.parse(
            body, LightPushCodec.MAX_RESPONSE_SIZE, LightPushProto.PushRpc::parseFrom, RESPONSE);
    if (!rpc.hasResponse()) {
      throw new LightPushCodecException(
          Reason.EMPTY_BODY, "PushRpc without response", rpc.getRequestId(), null);
    }
    LightPushProto.PushResponse r = rpc.getResponse();
    return new LegacyPushResponse(
        rpc.getRequestId(),
        r.getIsSuccess(),
        r.hasInfo() ? Optional.of(r.getInfo()) : Optional.empty());
  }
}

package dev.causeway.v2.lightpush;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.causeway.v2.core.BoundedProtobuf;
import dev.causeway.v2.core.TheWakuNetwork;
import dev.causeway.v2.core.WakuCodecException;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.lightpush.LightPushCodecException.Reason;
import dev.causeway.v2.lightpush.pb.LightPushProto;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Encodes and decodes light push v3 bodies, {@code LightPushRequest} and {@code LightPushResponse}
 * (without the length prefix; spec v2-filter-lightpush.md §4). Pure and thread-safe.
 *
 * <p>Encoding: a request always carries {@code request_id} and {@code message}, and {@code
 * pubsub_topic} when it has one; a response always carries {@code request_id} and {@code
 * status_code} (nwaku's client requires both), {@code status_desc} and {@code relay_peer_count}
 * when set. Decoding: input above the caller's limit is refused before parsing; a request without
 * {@code message} and a response without {@code status_code} are refused ({@link
 * Reason#MISSING_FIELD}); an absent {@code request_id} reads as empty; unknown fields are skipped.
 */
public final class LightPushCodec {
  /**
   * Default read limit of a request: the largest Waku message (150 KiB) plus 64 KiB for the rest,
   * as nwaku's {@code MaxRpcSize}.
   */
  public static final int MAX_REQUEST_SIZE = TheWakuNetwork.MAX_MESSAGE_SIZE + 64 * 1024;

  /** Read limit of a response (it carries no message). */
  public static final int MAX_RESPONSE_SIZE = 64 * 1024;

  private static final BoundedProtobuf.Rejections<LightPushCodecException> REQUEST =
      rejections("request", "LightPushRequest");
  private static final BoundedProtobuf.Rejections<LightPushCodecException> RESPONSE =
      rejections("response", "LightPushResponse");

  private LightPushCodec() {}

  public static byte[] encodeRequest(LightPushRequest r) {
    LightPushProto.LightPushRequest.Builder b =
        LightPushProto.LightPushRequest.newBuilder()
            .setRequestId(r.requestId())
            .setMessage(UnsafeByteOperations.unsafeWrap(r.message().encode()));
    r.pubsubTopic().ifPresent(b::setPubsubTopic);
    return b.build().toByteArray();
  }

  /**
   * @throws LightPushCodecException ({@code TOO_LARGE}, {@code MALFORMED}, {@code MISSING_FIELD},
   *     {@code BAD_MESSAGE})
   */
  public static LightPushRequest decodeRequest(byte[] body, int maxSize)
      throws LightPushCodecException {
    LightPushProto.LightPushRequest r =
        BoundedProtobuf.parse(body, maxSize, LightPushProto.LightPushRequest::parseFrom, REQUEST);
    String id = r.getRequestId();
    if (!r.hasMessage()) {
      throw new LightPushCodecException(
          Reason.MISSING_FIELD, "missing required field: message", id, null);
    }
    return new LightPushRequest(
        id,
        r.hasPubsubTopic() ? Optional.of(r.getPubsubTopic()) : Optional.empty(),
        message(r.getMessage(), id),
        r.getMessage().size());
  }

  public static byte[] encodeResponse(LightPushResponse r) {
    LightPushProto.LightPushResponse.Builder b =
        LightPushProto.LightPushResponse.newBuilder()
            .setRequestId(r.requestId())
            .setStatusCode(r.statusCode());
    r.statusDesc().ifPresent(b::setStatusDesc);
    r.relayPeerCount().ifPresent(b::setRelayPeerCount);
    return b.build().toByteArray();
  }

  /**
   * @throws LightPushCodecException ({@code TOO_LARGE}, {@code MALFORMED}, {@code MISSING_FIELD})
   */
  public static LightPushResponse decodeResponse(byte[] body) throws LightPushCodecException {
    LightPushProto.LightPushResponse r =
        BoundedProtobuf.parse(
            body, MAX_RESPONSE_SIZE, LightPushProto.LightPushResponse::parseFrom, RESPONSE);
    if (!r.hasStatusCode()) {
      throw new LightPushCodecException(
          Reason.MISSING_FIELD, "missing required field: status_code", r.getRequestId(), null);
    }
    return new LightPushResponse(
        r.getRequestId(),
        r.getStatusCode(),
        r.hasStatusDesc() ? Optional.of(r.getStatusDesc()) : Optional.empty(),
        r.hasRelayPeerCount() ? OptionalInt.of(r.getRelayPeerCount()) : OptionalInt.empty());
  }

  /**
   * Light push's wording of the bounded-parse failures; shared with {@link LegacyLightPushCodec}.
   */
  static BoundedProtobuf.Rejections<LightPushCodecException> rejections(
      String what, String messageType) {
    return BoundedProtobuf.rejections(
        (size, limit) ->
            new LightPushCodecException(
                Reason.TOO_LARGE, what + " of " + size + " bytes exceeds limit " + limit),
        e ->
            new LightPushCodecException(
                Reason.MALFORMED, "malformed " + messageType + ": " + e.getMessage(), null, e));
  }

  static WakuMessage message(ByteString bytes, String requestId) throws LightPushCodecException {
    try {
      return WakuMessage.readFrom(bytes, Integer.MAX_VALUE);
    } catch (WakuCodecException e) {
      throw new LightPushCodecException(Reason.BAD_MESSAGE, e.getMessage(), requestId, e);
    }
  }
}

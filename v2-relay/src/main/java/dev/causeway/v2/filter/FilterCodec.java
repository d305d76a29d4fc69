package dev.causeway.v2.filter;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.causeway.v2.core.BoundedProtobuf;
import dev.causeway.v2.core.WakuCodecException;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.filter.pb.FilterProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Encodes and decodes the filter v2 bodies (without their length prefix; spec
 * v2-filter-lightpush.md §1): {@code FilterSubscribeRequest}, {@code FilterSubscribeResponse} and
 * {@code MessagePush}. Every decoder checks the size before parsing and raises only {@link
 * FilterCodecException}.
 *
 * <p>Decoding follows nwaku: a missing {@code filter_subscribe_type} is {@code SUBSCRIBER_PING}, a
 * missing request id is the empty string, unknown fields are skipped. Rules that depend on the
 * request type (criteria present, at most {@link #MAX_CONTENT_TOPICS_PER_REQUEST} content topics)
 * are the server's, not the codec's, because they are answered with status codes.
 */
public final class FilterCodec {
  /*
   * Limits. nwaku reads subscribe requests of up to 10 x 150 KiB + 64 KiB, which would let every
   * open stream make us allocate 1.6 MB; a request holds at most 100 content topics, so 256 KiB
   * leaves room for topics of 2 KiB each and bounds the allocation. Pushes carry one relayed
   * message: the largest message any relay config accepts (1 MiB) plus room for the topic.
   * Responses carry a status text only.
   */

  /** Largest {@code FilterSubscribeRequest} body accepted. */
  public static final int MAX_REQUEST_SIZE = 256 * 1024;

  /** Largest {@code FilterSubscribeResponse} body accepted. */
  public static final int MAX_RESPONSE_SIZE = 64 * 1024;

  /** Largest {@code MessagePush} body accepted. */
  public static final int MAX_PUSH_SIZE = 1024 * 1024 + 64 * 1024;

  /** nwaku {@code MaxContentTopicsPerRequest} (go-waku: the same). */
  public static final int MAX_CONTENT_TOPICS_PER_REQUEST = 100;

  private static final BoundedProtobuf.Rejections<FilterCodecException> REQUEST =
      rejections("request", "FilterSubscribeRequest");
  private static final BoundedProtobuf.Rejections<FilterCodecException> RESPONSE =
      rejections("response", "FilterSubscribeResponse");
  private static final BoundedProtobuf.Rejections<FilterCodecException> PUSH =
      rejections("push", "MessagePush");

  private static final BoundedProtobuf.Parser<FilterProto.MessagePush> PUSH_PARSER =
      BoundedProtobuf.aliasing(FilterProto.MessagePush::parseFrom);

  private FilterCodec() {}

  public static byte[] encodeRequest(FilterRequest r) {
    FilterProto.FilterSubscribeRequest.Builder b =
        FilterProto.FilterSubscribeRequest.newBuilder()
            .setRequestId(r.requestId())
            .setFilterSubscribeTypeValue(r.type().wire())
            .addAllContentTopics(r.contentTopics());
    r.pubsubTopic().ifPresent(b::setPubsubTopic);
    return b.build().toByteArray();
  }

  /**
   * @throws FilterCodecException {@code TOO_LARGE}, {@code MALFORMED} or {@code UNKNOWN_TYPE} (the
   *     latter with the request id)
   */
  public static FilterRequest decodeRequest(byte[] body) throws FilterCodecException {
    FilterProto.FilterSubscribeRequest r =
        BoundedProtobuf.parse(
            body, MAX_REQUEST_SIZE, FilterProto.FilterSubscribeRequest::parseFrom, REQUEST);
    FilterRequest.Type type = FilterRequest.Type.ofWire(r.getFilterSubscribeTypeValue());
    if (type == null) {
      throw new FilterCodecException(
          FilterCodecException.Reason.UNKNOWN_TYPE,
          "unknown filter subscribe type " + r.getFilterSubscribeTypeValue(),
          r.getRequestId(),
          null);
    }
    return new FilterRequest(
        r.getRequestId(),
        type,
        r.hasPubsubTopic() ? Optional.of(r.getPubsubTopic()) : Optional.empty(),
        r.getContentTopicsList());
  }

  /** Always writes the request id and the status code (nwaku's client requires both). */
  public static byte[] encodeResponse(FilterResponse r) {
    FilterProto.FilterSubscribeResponse.Builder b =
        FilterProto.FilterSubscribeResponse.newBuilder()
            .setRequestId(r.requestId())
            .setStatusCode(r.statusCode());
    r.statusDesc().ifPresent(b::setStatusDesc);
    return b.build().toByteArray();
  }

  /**
   * @throws FilterCodecException {@code TOO_LARGE}, {@code MALFORMED}, or {@code MISSING_FIELD}
   *     when the status code is absent
   */
  public static FilterResponse decodeResponse(byte[] body) throws FilterCodecException {
    FilterProto.FilterSubscribeResponse r =
        BoundedProtobuf.parse(
            body, MAX_RESPONSE_SIZE, FilterProto.FilterSubscribeResponse::parseFrom, RESPONSE);
    if (!r.hasStatusCode()) {
      throw new FilterCodecException(
          FilterCodecException.Reason.MISSING_FIELD,
          "response without status_code",
          r.getRequestId(),
          null);
    }
    return new FilterResponse(
        r.getRequestId(),
        r.getStatusCode(),
        r.hasStatusDesc() ? Optional.of(r.getStatusDesc()) : Optional.empty());
  }

  /** A {@code MessagePush} of {@code message} as received on {@code pubsubTopic}. */
  public static byte[] encodePush(WakuMessage message, String pubsubTopic) {
    return encodePush(message.encode(), pubsubTopic);
  }

  /**
   * A {@code MessagePush} around an already encoded message, written directly (no intermediate
   * builder): field 1 then field 2, as protobuf encoders order them.
   */
  public static byte[] encodePush(byte[] encodedMessage, String pubsubTopic) {
    byte[] topic = pubsubTopic.getBytes(StandardCharsets.UTF_8);
    int size =
        CodedOutputStream.computeByteArraySize(1, encodedMessage)
            + CodedOutputStream.computeByteArraySize(2, topic);
    byte[] out = new byte[size];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      o.writeByteArray(1, encodedMessage);
      o.writeByteArray(2, topic);
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("sized exactly, cannot overflow", e);
    }
    return out;
  }

  /**
   * @throws FilterCodecException {@code TOO_LARGE}, {@code MALFORMED}, {@code MISSING_FIELD} (no
   *     message) or {@code BAD_WAKU_MESSAGE}
   */
  public static MessagePush decodePush(byte[] body) throws FilterCodecException {
    FilterProto.MessagePush p = BoundedProtobuf.parse(body, MAX_PUSH_SIZE, PUSH_PARSER, PUSH);
    if (!p.hasWakuMessage()) {
      throw new FilterCodecException(
          FilterCodecException.Reason.MISSING_FIELD, "push without waku_message");
    }
    WakuMessage m;
    try {
      ByteString data = p.getWakuMessage();
      m = WakuMessage.readFrom(data, MAX_PUSH_SIZE);
    } catch (WakuCodecException e) {
      throw new FilterCodecException(
          FilterCodecException.Reason.BAD_WAKU_MESSAGE, e.getMessage(), null, e);
    }
    return new MessagePush(
        m, p.hasPubsubTopic() ? Optional.of(p.getPubsubTopic()) : Optional.empty());
  }

  private static BoundedProtobuf.Rejections<FilterCodecException> rejections(
      String what, String messageType) {
    return BoundedProtobuf.rejections(
        (size, limit) ->
            new FilterCodecException(
                FilterCodecException.Reason.TOO_LARGE,
                "filter " + what + " of " + size + " bytes exceeds " + limit),
        e ->
            new FilterCodecException(
                FilterCodecException.Reason.MALFORMED,
                "malformed " + messageType + ": " + e.getMessage(),
                null,
                e));
  }
}

package dev.causeway.v2.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.causeway.v2.core.BoundedProtobuf;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.PubsubTopicException;
import dev.causeway.v2.core.WakuCodecException;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.store.pb.StoreProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Encodes and decodes store v3 {@code StoreQueryRequest} / {@code StoreQueryResponse} bodies
 * (without the length prefix; spec v2-store.md §2).
 *
 * <p>Encoding always writes request fields 1, 2 and 52 and response fields 1, 10 and 11, as nwaku
 * requires and writes them. Decoding refuses, with a {@link StoreCodecException}: bodies above
 * {@link #MAX_REQUEST_SIZE} / {@link #MAX_RESPONSE_SIZE} (checked before parsing), malformed
 * protobuf, more than {@link #MAX_HASHES} hashes, {@link #MAX_CONTENT_TOPICS} content topics or
 * {@link #MAX_ENTRIES} entries, hashes and cursors that are not 32 bytes, pubsub topics that do not
 * parse, and embedded messages that do not decode. An entry with only one of message and pubsub
 * topic is kept as a key-only entry (nwaku ignores such a value).
 */
public final class StoreCodec {
  /*
   * The limits here are structural (what we are willing to parse), not policy: the server's
   * configured limits (StoreConfig) are lower and answered with 400. A request of 1000 hashes is
   * about 34 KiB and 1000 content topics rarely exceed 64 KiB; nwaku's response bound is one full
   * page of maximal messages plus slack, which we use on the client side.
   */

  /** Largest request body accepted. */
  public static final int MAX_REQUEST_SIZE = 128 * 1024;

  /** Largest WakuMessage we decode inside a response (nwaku's relay maximum). */
  public static final int MAX_MESSAGE_SIZE = 150 * 1024;

  /** Largest response body accepted: 100 maximal messages plus 64 KiB (nwaku's bound). */
  public static final int MAX_RESPONSE_SIZE = 100 * MAX_MESSAGE_SIZE + 64 * 1024;

  /** Most hashes a request may carry. */
  public static final int MAX_HASHES = 1000;

  /** Most content topics a request may carry. */
  public static final int MAX_CONTENT_TOPICS = 1000;

  /** Most entries a response may carry. */
  public static final int MAX_ENTRIES = 1000;

  private static final BoundedProtobuf.Rejections<StoreCodecException> REQUEST =
      StoreCodecException.rejections("request", "StoreQueryRequest");
  private static final BoundedProtobuf.Rejections<StoreCodecException> RESPONSE =
      StoreCodecException.rejections("response", "StoreQueryResponse");

  private static final BoundedProtobuf.Parser<StoreProto.StoreQueryResponse> RESPONSE_PARSER =
      BoundedProtobuf.aliasing(StoreProto.StoreQueryResponse::parseFrom);

  private StoreCodec() {}

  public static byte[] encodeRequest(StoreQueryRequest r) {
    StoreProto.StoreQueryRequest.Builder b =
        StoreProto.StoreQueryRequest.newBuilder()
            .setRequestId(r.requestId())
            .setIncludeData(r.includeData())
            .addAllContentTopics(r.contentTopics())
            .setPaginationForward(r.paginationForward());
    r.pubsubTopic().ifPresent(t -> b.setPubsubTopic(t.toString()));
    r.timeStart().ifPresent(b::setTimeStart);
    r.timeEnd().ifPresent(b::setTimeEnd);
    for (MessageHash h : r.messageHashes()) {
      b.addMessageHashes(UnsafeByteOperations.unsafeWrap(h.bytes()));
    }
    r.paginationCursor().ifPresent(c -> b.setPaginationCursor(ByteString.copyFrom(c.bytes())));
    r.paginationLimit().ifPresent(b::setPaginationLimit);
    return b.build().toByteArray();
  }

  /**
   * @throws StoreCodecException see the class comment; carries the request id when the protobuf
   *     parsed
   */
  public static StoreQueryRequest decodeRequest(byte[] body) throws StoreCodecException {
    StoreProto.StoreQueryRequest p =
        BoundedProtobuf.parse(
            body, MAX_REQUEST_SIZE, StoreProto.StoreQueryRequest::parseFrom, REQUEST);
    Optional<String> id = Optional.of(p.getRequestId());
    if (p.getMessageHashesCount() > MAX_HASHES) {
      throw invalid("more than " + MAX_HASHES + " message hashes", id);
    }
    if (p.getContentTopicsCount() > MAX_CONTENT_TOPICS) {
      throw invalid("more than " + MAX_CONTENT_TOPICS + " content topics", id);
    }
    List<MessageHash> hashes = new ArrayList<>(p.getMessageHashesCount());
    for (ByteString h : p.getMessageHashesList()) {
      hashes.add(hash(h, "message hash", id));
    }
    Optional<PubsubTopic> topic =
        p.hasPubsubTopic() ? Optional.of(topic(p.getPubsubTopic(), id)) : Optional.empty();
    return new StoreQueryRequest(
        p.getRequestId(),
        p.getIncludeData(),
        topic,
        p.getContentTopicsList(),
        p.hasTimeStart() ? OptionalLong.of(p.getTimeStart()) : OptionalLong.empty(),
        p.hasTimeEnd() ? OptionalLong.of(p.getTimeEnd()) : OptionalLong.empty(),
        hashes,
        p.hasPaginationCursor()
            ? Optional.of(hash(p.getPaginationCursor(), "pagination cursor", id))
            : Optional.empty(),
        p.getPaginationForward(),
        p.hasPaginationLimit() ? OptionalLong.of(p.getPaginationLimit()) : OptionalLong.empty());
  }

  public static byte[] encodeResponse(StoreQueryResponse r) {
    StoreProto.StoreQueryResponse.Builder b =
        StoreProto.StoreQueryResponse.newBuilder()
            .setRequestId(r.requestId())
            .setStatusDesc(r.statusDesc());
    r.statusCode().ifPresent(b::setStatusCode);
    for (WakuMessageKeyValue kv : r.messages()) {
      StoreProto.WakuMessageKeyValue.Builder e =
          StoreProto.WakuMessageKeyValue.newBuilder()
              .setMessageHash(UnsafeByteOperations.unsafeWrap(kv.messageHash().bytes()));
      if (kv.message().isPresent()) {
        e.setMessage(UnsafeByteOperations.unsafeWrap(kv.message().get().encode()));
        e.setPubsubTopic(kv.pubsubTopic().orElseThrow().toString());
      }
      b.addMessages(e);
    }
    r.paginationCursor()
        .ifPresent(c -> b.setPaginationCursor(UnsafeByteOperations.unsafeWrap(c.bytes())));
    return b.build().toByteArray();
  }

  /**
   * @throws StoreCodecException see the class comment
   */
  public static StoreQueryResponse decodeResponse(byte[] body) throws StoreCodecException {
    StoreProto.StoreQueryResponse p =
        BoundedProtobuf.parse(body, MAX_RESPONSE_SIZE, RESPONSE_PARSER, RESPONSE);
    Optional<String> id = Optional.of(p.getRequestId());
    if (p.getMessagesCount() > MAX_ENTRIES) {
      throw invalid("more than " + MAX_ENTRIES + " entries", id);
    }
    List<WakuMessageKeyValue> entries = new ArrayList<>(p.getMessagesCount());
    for (StoreProto.WakuMessageKeyValue e : p.getMessagesList()) {
      if (!e.hasMessageHash()) {
        throw invalid("entry without message hash", id);
      }
      MessageHash h = hash(e.getMessageHash(), "message hash", id);
      if (e.hasMessage() && e.hasPubsubTopic()) {
        WakuMessage m;
        try {
          m = WakuMessage.readFrom(e.getMessage(), MAX_MESSAGE_SIZE);
        } catch (WakuCodecException x) {
          throw invalid("entry " + h + ": " + x.getMessage(), id);
        }
        entries.add(WakuMessageKeyValue.of(h, topic(e.getPubsubTopic(), id), m));
      } else {
        entries.add(WakuMessageKeyValue.hashOnly(h));
      }
    }
    return new StoreQueryResponse(
        p.getRequestId(),
        p.hasStatusCode() ? OptionalInt.of(p.getStatusCode()) : OptionalInt.empty(),
        p.getStatusDesc(),
        entries,
        p.hasPaginationCursor()
            ? Optional.of(hash(p.getPaginationCursor(), "pagination cursor", id))
            : Optional.empty());
  }

  private static MessageHash hash(ByteString b, String what, Optional<String> id)
      throws StoreCodecException {
    if (b.size() != MessageHash.LENGTH) {
      throw invalid(what + " of " + b.size() + " bytes, not " + MessageHash.LENGTH, id);
    }
    return MessageHash.fromBytes(b.toByteArray());
  }

  private static PubsubTopic topic(String s, Optional<String> id) throws StoreCodecException {
    try {
      return PubsubTopic.parse(s);
    } catch (PubsubTopicException e) {
      throw invalid("invalid pubsub topic: " + e.getMessage(), id);
    }
  }

  private static StoreCodecException invalid(String msg, Optional<String> id) {
    return new StoreCodecException(StoreCodecException.Reason.INVALID_FIELD, msg, id);
  }
}

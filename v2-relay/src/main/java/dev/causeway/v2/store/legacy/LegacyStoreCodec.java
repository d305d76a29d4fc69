package dev.causeway.v2.store.legacy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.causeway.v2.core.BoundedProtobuf;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.WakuCodecException;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.store.StoreCodec;
import dev.causeway.v2.store.StoreCodecException;
import dev.causeway.v2.store.legacy.pb.LegacyStoreProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Encodes and decodes legacy store {@code HistoryRPC} bodies (without length prefix; spec
 * v2-store.md §4). Encoding always writes the fields nwaku's decoder requires: {@code request_id},
 * {@code HistoryResponse.error} (also when NONE), all four {@code Index} fields and {@code
 * ContentFilter.content_topic}. Decoding refuses with a {@link StoreCodecException}: bodies above
 * the given limit, malformed protobuf, more than {@link StoreCodec#MAX_CONTENT_TOPICS} content
 * filters or {@link StoreCodec#MAX_ENTRIES} messages, an Index digest that is not 32 bytes, and
 * messages that do not decode. The request id is carried in the exception when the protobuf parsed.
 */
public final class LegacyStoreCodec {
  /** Largest request accepted by the server. */
  public static final int MAX_REQUEST_SIZE = StoreCodec.MAX_REQUEST_SIZE;

  /** Largest response accepted by the client. */
  public static final int MAX_RESPONSE_SIZE = StoreCodec.MAX_RESPONSE_SIZE;

  private static final BoundedProtobuf.Rejections<StoreCodecException> REJECTIONS =
      StoreCodecException.rejections("HistoryRPC", "HistoryRPC");

  private static final BoundedProtobuf.Parser<LegacyStoreProto.HistoryRPC> PARSER =
      BoundedProtobuf.aliasing(LegacyStoreProto.HistoryRPC::parseFrom);

  private LegacyStoreCodec() {}

  public static byte[] encode(HistoryRpc rpc) {
    LegacyStoreProto.HistoryRPC.Builder b =
        LegacyStoreProto.HistoryRPC.newBuilder().setRequestId(rpc.requestId());
    rpc.query().ifPresent(q -> b.setQuery(toProto(q)));
    rpc.response().ifPresent(r -> b.setResponse(toProto(r)));
    return b.build().toByteArray();
  }

  private static LegacyStoreProto.HistoryQuery toProto(HistoryQuery q) {
    LegacyStoreProto.HistoryQuery.Builder b =
        LegacyStoreProto.HistoryQuery.newBuilder().setPubsubTopic(q.pubsubTopic());
    for (String t : q.contentTopics()) {
      b.addContentFilters(LegacyStoreProto.ContentFilter.newBuilder().setContentTopic(t));
    }
    q.pagingInfo().ifPresent(p -> b.setPagingInfo(toProto(p)));
    q.startTime().ifPresent(b::setStartTime);
    q.endTime().ifPresent(b::setEndTime);
    return b.build();
  }

  private static LegacyStoreProto.PagingInfo toProto(PagingInfo p) {
    LegacyStoreProto.PagingInfo.Builder b =
        LegacyStoreProto.PagingInfo.newBuilder()
            .setPageSize(p.pageSize())
            .setDirection(p.direction());
    p.cursor()
        .ifPresent(
            c ->
                b.setCursor(
                    LegacyStoreProto.Index.newBuilder()
                        .setDigest(UnsafeByteOperations.unsafeWrap(c.digest().bytes()))
                        .setReceiverTime(c.receiverTime())
                        .setSenderTime(c.senderTime())
                        .setPubsubTopic(c.pubsubTopic())));
    return b.build();
  }

  private static LegacyStoreProto.HistoryResponse toProto(HistoryResponse r) {
    LegacyStoreProto.HistoryResponse.Builder b =
        LegacyStoreProto.HistoryResponse.newBuilder().setError(r.error());
    for (WakuMessage m : r.messages()) {
      b.addMessages(UnsafeByteOperations.unsafeWrap(m.encode()));
    }
    r.pagingInfo().ifPresent(p -> b.setPagingInfo(toProto(p)));
    return b.build();
  }

  /**
   * @throws StoreCodecException see the class comment
   */
  public static HistoryRpc decode(byte[] body, int maxSize) throws StoreCodecException {
    LegacyStoreProto.HistoryRPC p = BoundedProtobuf.parse(body, maxSize, PARSER, REJECTIONS);
    Optional<String> id = Optional.of(p.getRequestId());
    Optional<HistoryQuery> query = Optional.empty();
    if (p.hasQuery()) {
      LegacyStoreProto.HistoryQuery q = p.getQuery();
      if (q.getContentFiltersCount() > StoreCodec.MAX_CONTENT_TOPICS) {
        throw invalid("more than " + StoreCodec.MAX_CONTENT_TOPICS + " content filters", id);
      }
      List<String> topics = new ArrayList<>();
      for (LegacyStoreProto.ContentFilter f : q.getContentFiltersList()) {
        topics.add(f.getContentTopic());
      }
      query =
          Optional.of(
              new HistoryQuery(
                  q.getPubsubTopic(),
                  topics,
                  q.hasPagingInfo() ? Optional.of(paging(q.getPagingInfo(), id)) : Optional.empty(),
                  q.hasStartTime() ? OptionalLong.of(q.getStartTime()) : OptionalLong.empty(),
                  q.hasEndTime() ? OptionalLong.of(q.getEndTime()) : OptionalLong.empty()));
    }
    Optional<HistoryResponse> response = Optional.empty();
    if (p.hasResponse()) {
      LegacyStoreProto.HistoryResponse r = p.getResponse();
      if (r.getMessagesCount() > StoreCodec.MAX_ENTRIES) {
        throw invalid("more than " + StoreCodec.MAX_ENTRIES + " messages", id);
      }
      List<WakuMessage> messages = new ArrayList<>();
      for (ByteString m : r.getMessagesList()) {
        try {
          messages.add(WakuMessage.readFrom(m, StoreCodec.MAX_MESSAGE_SIZE));
        } catch (WakuCodecException e) {
          throw invalid("bad message: " + e.getMessage(), id);
        }
      }
      response =
          Optional.of(
              new HistoryResponse(
                  messages,
                  r.hasPagingInfo() ? Optional.of(paging(r.getPagingInfo(), id)) : Optional.empty(),
                  r.getError()));
    }
    return new HistoryRpc(p.getRequestId(), query, response);
  }

  private static PagingInfo paging(LegacyStoreProto.PagingInfo p, Optional<String> id)
      throws StoreCodecException {
    Optional<Index> cursor = Optional.empty();
    if (p.hasCursor()) {
      LegacyStoreProto.Index i = p.getCursor();
      if (i.getDigest().size() != MessageHash.LENGTH) {
        throw invalid("cursor digest of " + i.getDigest().size() + " bytes", id);
      }
      cursor =
          Optional.of(
              new Index(
                  MessageHash.fromBytes(i.getDigest().toByteArray()),
                  i.getReceiverTime(),
                  i.getSenderTime(),
                  i.getPubsubTopic()));
    }
    return new PagingInfo(p.getPageSize(), cursor, p.getDirection());
  }

  private static StoreCodecException invalid(String msg, Optional<String> id) {
    return new StoreCodecException(StoreCodecException.Reason.INVALID_FIELD, msg, id);
  }
}

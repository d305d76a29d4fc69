package dev.causeway.v2.store;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A store v3 {@code StoreQueryRequest} (spec v2-store.md §2, §3.2) as an immutable value. Times are
 * Unix epoch nanoseconds; {@code paginationLimit} is the uint64 from the wire (compare unsigned);
 * absent {@code paginationForward} on the wire means backward. No semantic validation here: a value
 * may combine criteria the server refuses ({@link StoreQueryHandler} decides).
 */
public record StoreQueryRequest(
    String requestId,
    boolean includeData,
    Optional<PubsubTopic> pubsubTopic,
    List<String> contentTopics,
    OptionalLong timeStart,
    OptionalLong timeEnd,
    List<MessageHash> messageHashes,
    Optional<MessageHash> paginationCursor,
    boolean paginationForward,
    OptionalLong paginationLimit) {

  public StoreQueryRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(pubsubTopic, "pubsubTopic");
    contentTopics = List.copyOf(contentTopics);
    Objects.requireNonNull(timeStart, "timeStart");
    Objects.requireNonNull(timeEnd, "timeEnd");
    messageHashes = List.copyOf(messageHashes);
    Objects.requireNonNull(paginationCursor, "paginationCursor");
    Objects.requireNonNull(paginationLimit, "paginationLimit");
  }

  /**
   * A builder with the defaults of js-waku and go-waku: include data, forward, server page size.
   */
  public static Builder builder(String requestId) {
    return new Builder(requestId);
  }

  /** The same request continuing at {@code cursor} (follow-up pages repeat all criteria, §3.3). */
  public StoreQueryRequest withCursor(String newRequestId, MessageHash cursor) {
    return new StoreQueryRequest(
        newRequestId,
        includeData,
        pubsubTopic,
        contentTopics,
        timeStart,
        timeEnd,
        messageHashes,
        Optional.of(cursor),
        paginationForward,
        paginationLimit);
  }

  /** Builds a {@link StoreQueryRequest}. */
  public static final class Builder {
    private final String requestId;
    private boolean includeData = true;
    private PubsubTopic pubsubTopic;
    private final List<String> contentTopics = new ArrayList<>();
    private OptionalLong timeStart = OptionalLong.empty();
    private OptionalLong timeEnd = OptionalLong.empty();
    private final List<MessageHash> hashes = new ArrayList<>();
    private MessageHash cursor;
    private boolean forward = true;
    private OptionalLong limit = OptionalLong.empty();

    private Builder(String requestId) {
      this.requestId = requestId;
    }

    public Builder includeData(boolean v) {
      includeData = v;
      return this;
    }

    public Builder pubsubTopic(PubsubTopic t) {
      pubsubTopic = t;
      return this;
    }

    public Builder contentTopics(List<String> topics) {
      contentTopics.addAll(topics);
      return this;
    }

    public Builder contentTopic(String topic) {
      contentTopics.add(topic);
      return this;
    }

    public Builder timeStart(long nanos) {
      timeStart = OptionalLong.of(nanos);
      return this;
    }

    public Builder timeEnd(long nanos) {
      timeEnd = OptionalLong.of(nanos);
      return this;
    }

    public Builder hashes(List<MessageHash> h) {
      hashes.addAll(h);
      return this;
    }

    public Builder cursor(MessageHash c) {
      cursor = c;
      return this;
    }

    public Builder forward(boolean f) {
      forward = f;
      return this;
    }

    public Builder limit(long l) {
      limit = OptionalLong.of(l);
      return this;
    }

    public StoreQueryRequest build() {
      return new StoreQueryRequest(
          requestId,
          includeData,
          Optional.ofNullable(pubsubTopic),
          contentTopics,
          timeStart,
          timeEnd,
          hashes,
          Optional.ofNullable(cursor),
          forward,
          limit);
    }
  }
}

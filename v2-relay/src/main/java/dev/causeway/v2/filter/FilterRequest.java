package dev.causeway.v2.filter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code FilterSubscribeRequest} (spec v2-filter-lightpush.md §1) as an immutable value. The
 * criteria are kept as the strings received: filter matches pubsub and content topics as exact
 * strings, so nothing is parsed or normalised.
 *
 * @param requestId the client's id, echoed in the response
 * @param type what the client asks for
 * @param pubsubTopic the criteria's pubsub topic (required by SUBSCRIBE and UNSUBSCRIBE)
 * @param contentTopics the criteria's content topics (required non-empty by SUBSCRIBE and
 *     UNSUBSCRIBE)
 */
public record FilterRequest(
    String requestId, Type type, Optional<String> pubsubTopic, List<String> contentTopics) {

  /** {@code FilterSubscribeType}, with its wire number. */
  public enum Type {
    SUBSCRIBER_PING(0),
    SUBSCRIBE(1),
    UNSUBSCRIBE(2),
    UNSUBSCRIBE_ALL(3);

    private final int wire;

    Type(int wire) {
      this.wire = wire;
    }

    public int wire() {
      return wire;
    }

    /** The type of wire number {@code n}, or null if there is none. */
    static Type ofWire(int n) {
      for (Type t : values()) {
        if (t.wire == n) {
          return t;
        }
      }
      return null;
    }
  }

  public FilterRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(pubsubTopic, "pubsubTopic");
    contentTopics = List.copyOf(contentTopics);
  }

  public static FilterRequest ping(String requestId) {
    return new FilterRequest(requestId, Type.SUBSCRIBER_PING, Optional.empty(), List.of());
  }

  public static FilterRequest subscribe(
      String requestId, String pubsubTopic, List<String> contentTopics) {
    return new FilterRequest(requestId, Type.SUBSCRIBE, Optional.of(pubsubTopic), contentTopics);
  }

  public static FilterRequest unsubscribe(
      String requestId, String pubsubTopic, List<String> contentTopics) {
    return new FilterRequest(requestId, Type.UNSUBSCRIBE, Optional.of(pubsubTopic), contentTopics);
  }

  public static FilterRequest unsubscribeAll(String requestId) {
    return new FilterRequest(requestId, Type.UNSUBSCRIBE_ALL, Optional.empty(), List.of());
  }
}

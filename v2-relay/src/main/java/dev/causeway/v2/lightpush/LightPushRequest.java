package dev.causeway.v2.lightpush;

import dev.causeway.v2.core.WakuMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * One light push request of either version (spec v2-filter-lightpush.md §3 {@code PushRequest}
 * inside {@code PushRpc}, §4 {@code LightPushRequest}).
 *
 * @param requestId the client's id, echoed in the response (may be empty on the wire)
 * @param pubsubTopic the topic to relay on; v3 may omit it (autosharding), v2 always carries one
 * @param message the message to relay
 * @param messageSize length in bytes of the message's encoding as received (for a request we build:
 *     {@code message.encodedSize()}); the size limit applies to it
 */
public record LightPushRequest(
    String requestId, Optional<String> pubsubTopic, WakuMessage message, int messageSize) {
  public LightPushRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(pubsubTopic, "pubsubTopic");
    Objects.requireNonNull(message, "message");
  }

  /** A request for {@code message} (its size computed), with or without a pubsub topic. */
  public static LightPushRequest of(String requestId, String pubsubTopic, WakuMessage message) {
    return new LightPushRequest(
        requestId, Optional.ofNullable(pubsubTopic), message, message.encodedSize());
  }
}

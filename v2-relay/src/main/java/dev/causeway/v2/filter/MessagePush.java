package dev.causeway.v2.filter;

import dev.causeway.v2.core.WakuMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * A filter {@code MessagePush} (spec v2-filter-lightpush.md §1): one message and the pubsub topic
 * it was received on. Our service always sets the topic (js-waku and nwaku drop pushes without
 * one); decoded pushes may lack it.
 */
public record MessagePush(WakuMessage message, Optional<String> pubsubTopic) {
  public MessagePush {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(pubsubTopic, "pubsubTopic");
  }
}

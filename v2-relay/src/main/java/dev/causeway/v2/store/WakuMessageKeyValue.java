package dev.causeway.v2.store;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * One store v3 result entry (spec v2-store.md §2): the message hash (key) and, for {@code
 * include_data} queries, the message with its pubsub topic (value). Message and topic are both
 * present or both absent.
 */
public record WakuMessageKeyValue(
    MessageHash messageHash, Optional<WakuMessage> message, Optional<PubsubTopic> pubsubTopic) {

  public WakuMessageKeyValue {
    Objects.requireNonNull(messageHash, "messageHash");
    if (message.isPresent() != pubsubTopic.isPresent()) {
      throw new IllegalArgumentException("message and pubsub topic must be set together");
    }
  }

  /** An entry with its value. */
  public static WakuMessageKeyValue of(
      MessageHash hash, PubsubTopic pubsubTopic, WakuMessage message) {
    return new WakuMessageKeyValue(hash, Optional.of(message), Optional.of(pubsubTopic));
  }

  /** A key-only entry (presence queries, {@code include_data = false}). */
  public static WakuMessageKeyValue hashOnly(MessageHash hash) {
    return new WakuMessageKeyValue(hash, Optional.empty(), Optional.empty());
  }
}

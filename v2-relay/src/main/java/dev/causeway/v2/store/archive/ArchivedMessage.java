package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import java.util.Objects;

/**
 * One archive entry (spec v2-store.md §3.1): key = the deterministic message hash, value = the
 * message and the pubsub topic it was relayed on. The archive trusts {@code hash} to be {@code
 * MessageHash.of(pubsubTopic, message)}; callers that received the hash from relay pass it on
 * instead of recomputing it.
 *
 * <p>What comes back from a query: the message with {@code ephemeral = false} (ephemeral messages
 * are never stored) and its timestamp always present (an absent timestamp is stored as 0); payload,
 * content topic, version, meta and RLN proof as inserted (unlike nwaku, the proof is kept).
 */
public record ArchivedMessage(MessageHash hash, PubsubTopic pubsubTopic, WakuMessage message) {
  public ArchivedMessage {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(pubsubTopic, "pubsubTopic");
    Objects.requireNonNull(message, "message");
  }

  /** The entry for {@code message} relayed on {@code pubsubTopic}, hashing it. */
  public static ArchivedMessage of(PubsubTopic pubsubTopic, WakuMessage message) {
    return new ArchivedMessage(MessageHash.of(pubsubTopic, message), pubsubTopic, message);
  }
}

package dev.causeway.v2.relay;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;

/**
 * Receives every valid relayed message of a subscribed pubsub topic exactly once. Called on the
 * gossipsub thread: must not block (hand off to a bounded queue).
 */
@FunctionalInterface
public interface RelayListener {
  void onMessage(PubsubTopic topic, WakuMessage message, MessageHash hash);
}

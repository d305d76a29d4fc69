package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;

/** One stored entry: key (deterministic hash) and value (pubsub topic, message). Stand-in. */
public record ArchivedMessage(MessageHash hash, PubsubTopic pubsubTopic, WakuMessage message) {}

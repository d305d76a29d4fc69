package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;

/**
 * Application validation of a received message (spec libp2p-gossipsub.md §3.3 step 5), called once
 * per message id on the router's thread, after the seen-cache, subscription and StrictNoSign
 * checks. Must not call back into the router; a validator that needs time returns {@link
 * ValidationResult#PENDING} and later (on the router's thread) calls {@link
 * GossipRouter#completeValidation(MessageId, ValidationResult)}.
 */
@FunctionalInterface
public interface Validator {
  ValidationResult validate(String topic, MessageId id, PubsubMessage message, PeerId from);

  /** Accepts everything. */
  static Validator acceptAll() {
    return (topic, id, message, from) -> ValidationResult.ACCEPT;
  }
}

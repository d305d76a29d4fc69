package dev.causeway.v2.filter;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;

/**
 * Receives the messages a filter service node pushes to a {@link FilterClient} (only pushes from a
 * peer we subscribed with that match our criteria there). Called on the connection's event loop:
 * must not block.
 */
@FunctionalInterface
public interface FilterPushListener {
  void onMessage(PeerId servicePeer, PubsubTopic pubsubTopic, WakuMessage message);
}

package dev.causeway.v2.lightpush;

import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import java.util.concurrent.CompletableFuture;

/**
 * The backend of the light push service: relays one validated message (spec v2-filter-lightpush.md
 * §4.2 step 3). {@link RelayPushHandler} is the one that publishes through Waku relay; tests inject
 * fakes. Implementations must not block the caller (a connection's event loop): they return a
 * future and complete it from wherever the work finishes.
 */
@FunctionalInterface
public interface PushHandler {
  /**
   * Relays {@code message} on {@code topic}. The future should complete with an outcome (failures
   * included); completing exceptionally is answered as 500 INTERNAL_SERVER_ERROR.
   */
  CompletableFuture<PushOutcome> push(PubsubTopic topic, WakuMessage message);
}

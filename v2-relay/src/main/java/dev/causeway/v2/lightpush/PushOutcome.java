package dev.causeway.v2.lightpush;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PushHandler} did with a message (spec v2-filter-lightpush.md §4.2).
 *
 * @param status {@link LightPushStatus#SUCCESS} or why it failed
 * @param description error text for the response (absent on success)
 * @param relayPeerCount peers the message was sent to (0 on failure)
 */
public record PushOutcome(
    LightPushStatus status, Optional<String> description, int relayPeerCount) {
  public PushOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(description, "description");
  }

  public static PushOutcome relayed(int peers) {
    return new PushOutcome(LightPushStatus.SUCCESS, Optional.empty(), peers);
  }

  public static PushOutcome failed(LightPushStatus status, String description) {
    return new PushOutcome(status, Optional.of(description), 0);
  }
}

package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a query (spec v2-store.md §3.3): {@code messages} always in ascending {@code
 * (timestamp, hash)} order, for forward and backward queries alike; {@code nextCursor} = hash of
 * the last included entry in traversal order (the last message for forward, the first for
 * backward), present if and only if more entries match.
 */
public record ArchivePage(List<ArchivedMessage> messages, Optional<MessageHash> nextCursor) {
  public ArchivePage {
    messages = List.copyOf(messages);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }
}

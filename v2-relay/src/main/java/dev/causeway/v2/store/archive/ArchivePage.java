package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import java.util.List;
import java.util.Optional;

/**
 * One page (stand-in): messages always ascending by (timestamp, hash); {@code nextCursor} is the
 * hash of the last included entry in traversal order, present iff more remain.
 */
public record ArchivePage(List<ArchivedMessage> messages, Optional<MessageHash> nextCursor) {}

package dev.causeway.v2.store.archive;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An archive query (stand-in): criteria are ANDed; {@code endTimeNanos} is inclusive (nwaku
 * parity); {@code limit} is already clamped by the caller and at least 1.
 */
public record ArchiveQuery(
    Optional<PubsubTopic> pubsubTopic,
    List<String> contentTopics,
    OptionalLong startTimeNanos,
    OptionalLong endTimeNanos,
    List<MessageHash> hashes,
    Optional<MessageHash> cursor,
    boolean forward,
    int limit) {}

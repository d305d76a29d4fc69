package dev.causeway.v2.store.legacy;

import dev.causeway.v2.core.MessageHash;
import java.util.Objects;

/**
 * A legacy store cursor ({@code Index}, spec v2-store.md §4). In our server the fields carry the
 * store v3 sort key: {@code digest} is the entry's 32-byte deterministic message hash (not nwaku's
 * SHA-256(content_topic ‖ payload)), {@code receiverTime} and {@code senderTime} are both the
 * message timestamp, {@code pubsubTopic} the stored pubsub topic. Clients treat the index as opaque
 * and hand it back, so this is portable between pages of one server; an Index made by another
 * server (nwaku) is not a hash we know and is answered with {@code INVALID_CURSOR}.
 */
public record Index(MessageHash digest, long receiverTime, long senderTime, String pubsubTopic) {
  public Index {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(pubsubTopic, "pubsubTopic");
  }
}

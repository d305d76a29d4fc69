package dev.causeway.v1.waku.message;

import dev.causeway.v1.waku.envelope.Envelope;
import java.util.List;

/**
 * Result of splitting envelopes into packets ({@link MessagesMessage#encodeBatches}): the msg-data
 * of each packet, in order, and the envelopes that were skipped because a packet holding only that
 * envelope would already exceed the bound.
 */
public record Batches(List<byte[]> packets, List<Envelope> oversized) {}

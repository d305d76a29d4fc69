package dev.causeway.bridge.translate;

import dev.causeway.v1.waku.envelope.Envelope;

/**
 * The envelope a v2 message becomes.
 *
 * @param envelope the envelope; its nonce is final when {@code sealed}, else 0 and to be mined
 * @param sealed true when rebuilt from a {@link BridgeTag} (the original v1 envelope, no mining)
 */
public record V1Candidate(Envelope envelope, boolean sealed) {}

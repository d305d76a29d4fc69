package dev.causeway.bridge.pow;

import dev.causeway.v1.waku.envelope.Envelope;

/**
 * A successfully sealed envelope.
 *
 * @param sealed the envelope with its final nonce
 * @param outcome {@link MiningOutcome#FOUND} or {@link MiningOutcome#NOT_REQUIRED}
 * @param target the PoW target it was mined for (strict size rule)
 * @param attempts nonces hashed
 */
public record MinedEnvelope(Envelope sealed, MiningOutcome outcome, double target, long attempts) {}

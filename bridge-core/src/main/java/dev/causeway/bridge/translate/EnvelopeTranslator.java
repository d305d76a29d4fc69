package dev.causeway.bridge.translate;

import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.core.WakuMessageValidator;

/**
 * Waku v1 → v2 (ARCHITECTURE.md §4, spec bridge-mapping.md §3.2): a pure function of the envelope,
 * so every bridge that sees the same envelope publishes byte-identical messages (same gossipsub
 * message id, same deterministic hash), which the v2 network de-duplicates by itself.
 *
 * <pre>
 * payload       = envelope data, byte for byte
 * content_topic = /waku/1/0x&lt;topic, 8 lowercase hex&gt;/rfc26
 * version       = 1
 * timestamp     = (expiry − ttl) × 10^9 ns, expiry and ttl read as unsigned 32-bit, product in 64 bits
 * meta          = {@link BridgeTag} (expiry, ttl, nonce)
 * ephemeral, rate_limit_proof: not set
 * </pre>
 *
 * <p>Input assumption: an envelope the v1 node accepted (valid, not expired). Two envelopes cannot
 * be translated: empty data (v2 relays reject empty payloads) and {@code expiry < ttl} (a creation
 * time before 1970). Whether the result passes the v2 relay rules (size, clock window) is checked
 * by the caller with a {@link WakuMessageValidator}; {@link #reasonFor} names the skip reason.
 */
public final class EnvelopeTranslator {
  private EnvelopeTranslator() {}

  /**
   * The v2 message for {@code e}.
   *
   * @throws TranslationException {@link SkipReason#EMPTY_PAYLOAD} or {@link SkipReason#BAD_TIME}
   */
  public static WakuMessage toWakuMessage(Envelope e) throws TranslationException {
    if (e.dataLength() == 0) {
      throw new TranslationException(SkipReason.EMPTY_PAYLOAD, "envelope data is empty");
    }
    return WakuMessage.builder()
        .payload(e.data())
        .contentTopic(TopicMapping.toContentTopic(e.topic()))
        .version(1)
        .timestamp(timestampNanos(e))
        .meta(BridgeTag.of(e).encode())
        .build();
  }

  /**
   * {@code (expiry − ttl) × 10^9}: both are uint32 (0..2^32−1) held in longs, so the difference is
   * below 2^32 and the product below 4.3·10^18 &lt; 2^63 — no wrap-around (the nwaku defect of spec
   * bridge-mapping.md §3.2).
   *
   * @throws TranslationException {@link SkipReason#BAD_TIME} when {@code expiry < ttl}
   */
  public static long timestampNanos(Envelope e) throws TranslationException {
    long sent = e.expiry() - e.ttl();
    if (sent < 0) {
      throw new TranslationException(SkipReason.BAD_TIME, "expiry before ttl");
    }
    return sent * 1_000_000_000L;
  }

  /** The skip reason for a translated message the v2 relay rules refuse. */
  public static SkipReason reasonFor(WakuMessageValidator.Rejection r) {
    return switch (r) {
      case TOO_LARGE -> SkipReason.TOO_LARGE_FOR_V2;
      case TIMESTAMP_OUT_OF_WINDOW, MISSING_TIMESTAMP -> SkipReason.TIMESTAMP_OUT_OF_WINDOW;
      default -> SkipReason.INVALID_FOR_V2;
    };
  }
}

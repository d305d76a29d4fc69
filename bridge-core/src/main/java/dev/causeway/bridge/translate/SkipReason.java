package dev.causeway.bridge.translate;

import java.util.Locale;

/**
 * Why an item was not bridged although nothing went wrong: it is outside what the bridge carries
 * (policy) or it has already crossed. The closed set of {@code reason} tag values of {@code
 * causeway_bridge_skipped_total}.
 */
public enum SkipReason {
  /** v2: the content topic is not in the {@code /waku/1/...} namespace. */
  OTHER_CONTENT_TOPIC,
  /**
   * v2: the content topic is in the {@code /waku/1/} namespace but is not exactly {@code
   * /waku/1/0x<8 hex>/rfc26}.
   */
  BAD_CONTENT_TOPIC,
  /** v2: version is not 1 (only 26/WAKU-PAYLOAD messages cross, see the module README). */
  UNSUPPORTED_VERSION,
  /** v2: the payload is empty (no v1 data to carry); v1: the data is empty (v2 would reject it). */
  EMPTY_PAYLOAD,
  /** v2: the envelope it would become is larger than 1 MiB. */
  OVERSIZE,
  /** v2: meta starts with the Causeway tag magic but is not a valid tag. */
  BAD_TAG,
  /**
   * v2: a tagged message whose original envelope has already expired, a v2-born message older than
   * the ttl, or (found by the mining pool when a worker takes the job, {@code
   * causeway_bridge_pow_total{outcome="expired"}}) an envelope that expired or was about to while
   * it waited in the mining queue.
   */
  EXPIRED,
  /**
   * v2: a v2-born message without a timestamp, or with one outside {@code timestampTolerance} of
   * our clock (the default, {@code restampOutOfTolerance} false): its envelope could not be derived
   * from the message alone, so two bridges would emit different envelopes.
   */
  STALE_TIMESTAMP,
  /** v1: {@code expiry < ttl}, or a v2-born envelope's expiry would leave uint32. */
  BAD_TIME,
  /** v1: the translated message breaks the v2 size limit. */
  TOO_LARGE_FOR_V2,
  /** v1: the translated message's timestamp is outside the v2 relay clock window. */
  TIMESTAMP_OUT_OF_WINDOW,
  /** v1: the translated message breaks another v2 relay rule. */
  INVALID_FOR_V2,
  /** Either side: envelope hash, message hash or payload fingerprint already seen. */
  DUPLICATE,
  /** v1: an envelope posted locally on our own v1 node (our own emissions). */
  OWN_EMISSION,
  /**
   * v1: an envelope from a v1 peer whose nonce carries the {@link OriginNonce} marker: a Causeway
   * bridge built it from a v2-born message, which is on v2 already.
   */
  V2_ORIGIN;

  private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The metric tag / stats key, e.g. {@code other-content-topic}. */
  public String tag() {
    return tag;
  }
}

package dev.causeway.bridge.translate;

import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.WakuMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waku v2 → v1 (ARCHITECTURE.md §4, spec bridge-mapping.md §4): decides whether a relayed message
 * crosses and builds its envelope. Immutable and thread-safe; the current time is passed in.
 *
 * <p>Checks, in this order (the first failing one is the {@link SkipReason}):
 *
 * <ol>
 *   <li>content topic exactly {@code /waku/1/0x<8 hex>/rfc26} ({@link TopicMapping});
 *   <li>{@code version == 1}: only 26/WAKU-PAYLOAD messages cross; every other version is skipped
 *       as {@link SkipReason#UNSUPPORTED_VERSION} (nwaku wrapped them in an unencrypted rfc26
 *       payload, which only nim clients could read; we do not invent v1 payloads);
 *   <li>non-empty payload; envelope at most {@link #MAX_ENVELOPE_SIZE} bytes under every size rule,
 *       counting the longest possible nonce ({@link SkipReason#OVERSIZE});
 *   <li>{@code meta}: a valid {@link BridgeTag} means the message came from v1: the original
 *       envelope is rebuilt from topic, payload and the tagged expiry/ttl/nonce (same bytes, same
 *       envelope hash), provided the message timestamp is the one {@link EnvelopeTranslator} would
 *       have set ({@link SkipReason#BAD_TAG} otherwise) and it has not expired ({@link
 *       SkipReason#EXPIRED}); a malformed tag is {@link SkipReason#BAD_TAG}.
 *   <li>otherwise the message was born on v2: ttl from config; expiry = message time (whole
 *       seconds, rounded down) + ttl when the message time is within the tolerance of {@code now}
 *       (inclusive). A message without a timestamp (absent or ≤ 0) or with one outside the
 *       tolerance is {@link SkipReason#STALE_TIMESTAMP} by default; only with {@code
 *       restampOutOfTolerance} does it get expiry = {@code now} (whole seconds) + ttl. Nonce 0, to
 *       be mined (from {@link OriginNonce#ORIGIN_NONCE_BASE}, by the bridge's mining pool). An
 *       expiry that is already past ({@code expiry < now}, the v1 rule) is {@link
 *       SkipReason#EXPIRED} — so with ttl below the tolerance, messages older than ttl do not
 *       cross.
 * </ol>
 */
public final class MessageTranslator {
  /** Largest envelope the bridge emits (status-go MaxMessageSize, nim max envelope size). */
  public static final int MAX_ENVELOPE_SIZE = 1 << 20;

  /*
   * Why out-of-tolerance timestamps are skipped by default: the envelope of a v2-born message must
   * be a function of the message alone, so that every bridge that sees it emits the same bytes and
   * v1 pools drop all copies but one. "now + ttl" depends on when each bridge handles the message:
   * two bridges (or one bridge before and after a restart) produce different envelopes for it, and
   * v1 receivers see the payload twice. The case is not rare: with the default tolerance (20 s)
   * above the default ttl (10 s) the time-derived branch already rejects every message more than
   * 10 s old as expired, so the restamped branch was precisely the one that let old (backlogged,
   * replayed or wrongly clocked) messages cross, each with a fresh ttl. Single-bridge deployments
   * that want the old behaviour set restampOutOfTolerance.
   */

  /** Bytes a sealed nonce may add over nonce 0 (8 bytes + 1 of list-header growth). */
  private static final int NONCE_SLACK = 9;

  private final long ttlSeconds;
  private final long toleranceNanos;
  private final boolean restampOutOfTolerance;

  /**
   * A translator that skips v2-born messages without a usable timestamp ({@link
   * SkipReason#STALE_TIMESTAMP}).
   *
   * @param ttlSeconds ttl of envelopes built for v2-born messages, 1..2^32−1
   * @param timestampTolerance how far a message time may be from the local clock to be used
   */
  public MessageTranslator(long ttlSeconds, Duration timestampTolerance) {
    this(ttlSeconds, timestampTolerance, false);
  }

  /**
   * @param ttlSeconds ttl of envelopes built for v2-born messages, 1..2^32−1
   * @param timestampTolerance how far a message time may be from the local clock to be used
   * @param restampOutOfTolerance true: a v2-born message without a timestamp within the tolerance
   *     gets expiry {@code now + ttl} (not deterministic across bridges; single-bridge use only);
   *     false: it is skipped as {@link SkipReason#STALE_TIMESTAMP}
   */
  public MessageTranslator(
      long ttlSeconds, Duration timestampTolerance, boolean restampOutOfTolerance) {
    if (ttlSeconds < 1 || ttlSeconds > Envelope.MAX_UINT32) {
      throw new IllegalArgumentException("ttl must be 1..2^32-1 seconds");
    }
    if (timestampTolerance.isNegative() || timestampTolerance.toDays() > 365) {
      throw new IllegalArgumentException("tolerance must be 0..365 days");
    }
    this.ttlSeconds = ttlSeconds;
    this.toleranceNanos = timestampTolerance.toNanos();
    this.restampOutOfTolerance = restampOutOfTolerance;
  }

  /**
   * The envelope for {@code m} at time {@code now}.
   *
   * @throws TranslationException with the reason the message does not cross
   */
  public V1Candidate toEnvelope(WakuMessage m, Instant now) throws TranslationException {
    Topic topic = TopicMapping.toTopic(m.contentTopic());
    if (m.version() != 1) {
      throw new TranslationException(
          SkipReason.UNSUPPORTED_VERSION,
          "version " + Integer.toUnsignedString(m.version()) + " is not bridged");
    }
    if (m.payloadLength() == 0) {
      throw new TranslationException(SkipReason.EMPTY_PAYLOAD, "empty payload");
    }
    if (m.payloadLength() > MAX_ENVELOPE_SIZE) {
      throw new TranslationException(SkipReason.OVERSIZE, "payload above 1 MiB");
    }
    Optional<BridgeTag> tag;
    try {
      tag = BridgeTag.decode(m.meta());
    } catch (BridgeTagException e) {
      throw new TranslationException(SkipReason.BAD_TAG, e.getMessage());
    }
    long nowSeconds = now.getEpochSecond();
    Envelope e;
    boolean sealed;
    if (tag.isPresent()) {
      BridgeTag t = tag.get();
      if (m.timestampOrZero() != (t.expiry() - t.ttl()) * 1_000_000_000L) {
        throw new TranslationException(
            SkipReason.BAD_TAG, "timestamp does not match the tagged expiry and ttl");
      }
      if (t.expiry() < nowSeconds) {
        throw new TranslationException(SkipReason.EXPIRED, "original envelope has expired");
      }
      e = Envelope.of(t.expiry(), t.ttl(), topic, m.payload(), t.nonce());
      sealed = true;
    } else {
      long expiry = sentSeconds(m.timestampOrZero(), now) + ttlSeconds;
      if (expiry > Envelope.MAX_UINT32) {
        throw new TranslationException(SkipReason.BAD_TIME, "expiry beyond uint32");
      }
      if (expiry < nowSeconds) {
        throw new TranslationException(SkipReason.EXPIRED, "message older than the ttl");
      }
      e = Envelope.of(expiry, ttlSeconds, topic, m.payload(), 0);
      sealed = false;
    }
    int size = Math.max(e.size(), e.encodedLength() + (sealed ? 0 : NONCE_SLACK));
    if (size > MAX_ENVELOPE_SIZE) {
      throw new TranslationException(SkipReason.OVERSIZE, "envelope above 1 MiB");
    }
    return new V1Candidate(e, sealed);
  }

  /** The creation time (seconds) of a v2-born message's envelope. */
  private long sentSeconds(long timestampNanos, Instant now) throws TranslationException {
    long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    if (timestampNanos > 0) {
      long gap = timestampNanos - nowNanos;
      if (gap >= -toleranceNanos && gap <= toleranceNanos) {
        return Math.floorDiv(timestampNanos, 1_000_000_000L);
      }
    }
    if (!restampOutOfTolerance) {
      throw new TranslationException(
          SkipReason.STALE_TIMESTAMP,
          timestampNanos > 0 ? "timestamp outside the tolerance" : "no timestamp");
    }
    return now.getEpochSecond();
  }

  /** Whether v2-born messages without a timestamp within the tolerance get {@code now + ttl}. */
  public boolean restampOutOfTolerance() {
    return restampOutOfTolerance;
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }
}

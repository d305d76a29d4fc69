package dev.causeway.v2.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a {@link WakuMessage} against the rules peers enforce (spec v2-message-relay-sharding.md
 * §1.3, §2, §2.1, §2.2, §4.1, §8) and names the first rule it breaks, from the closed set {@link
 * Rejection}. Checks run in the order of that enum. Stateless apart from the injected clock;
 * thread-safe.
 *
 * <p>Input: a decoded message and, when known, the length of its encoding as received (the size
 * limit applies to the encoded {@code WakuMessage}, exactly as nwaku compares it).
 */
public final class WakuMessageValidator {
  /*
   * What is checked where, in the implementations we must interoperate with:
   *  - size: nwaku compares the encoded WakuMessage with --max-msg-size (150 KiB default);
   *  - empty payload / content topic: js-waku's relay validator rejects both, go-waku rejects empty
   *    payloads, and an empty payload cannot even be encoded the way nwaku requires by stock
   *    proto3 encoders (§1.3), so a non-empty payload is mandatory;
   *  - meta > 64 bytes: nwaku's decoder and go-waku's validation drop the whole message;
   *  - timestamp: TWN rejects messages more than 20 s off the local clock; nwaku without RLN does
   *    not check at all, so the window can be switched off (null) for plain relaying. A missing
   *    (or zero) timestamp is reported on its own, because it also breaks js-waku hash agreement.
   *  - content-topic syntax: only enforced when asked (strictContentTopic), because relays and
   *    stores treat content topics as opaque strings and other nodes forward unparsable ones.
   */

  /** Why a message was refused; checks run in declaration order. */
  public enum Rejection {
    /** The encoded message is larger than {@link Config#maxMessageSize()}. */
    TOO_LARGE,
    /** The payload is empty. */
    EMPTY_PAYLOAD,
    /** The content topic is empty. */
    EMPTY_CONTENT_TOPIC,
    /** The content topic does not parse (§4.1); only with {@link Config#strictContentTopic()}. */
    BAD_CONTENT_TOPIC,
    /** Meta is longer than {@value WakuMessage#MAX_META_LENGTH} bytes. */
    META_TOO_LONG,
    /** No timestamp, or timestamp 0; only when a clock window is configured. */
    MISSING_TIMESTAMP,
    /** The timestamp is more than {@link Config#maxClockGap()} away from the local clock. */
    TIMESTAMP_OUT_OF_WINDOW
  }

  /**
   * Validation settings.
   *
   * @param maxMessageSize largest encoded message in bytes
   * @param maxClockGap largest allowed |now − timestamp| (inclusive), or null to skip timestamp
   *     checks
   * @param strictContentTopic whether content topics must parse as {@link ContentTopic}
   */
  public record Config(int maxMessageSize, Duration maxClockGap, boolean strictContentTopic) {
    public Config {
      if (maxMessageSize < 1) {
        throw new IllegalArgumentException("maxMessageSize must be positive");
      }
      if (maxClockGap != null && (maxClockGap.isNegative() || maxClockGap.toDays() > 365)) {
        throw new IllegalArgumentException("maxClockGap must be 0..365 days");
      }
    }

    /** The Waku Network's relay rules: 150 KiB, ±20 s, content topics opaque (§2.1, §2.2, §6.3). */
    public static Config theWakuNetwork() {
      return new Config(TheWakuNetwork.MAX_MESSAGE_SIZE, TheWakuNetwork.MAX_CLOCK_GAP, false);
    }

    /**
     * Rules for messages we originate or bridge: as {@link #theWakuNetwork()} and the content topic
     * must parse (autosharding and the v1 bridge need its parts).
     */
    public static Config publishing() {
      return new Config(TheWakuNetwork.MAX_MESSAGE_SIZE, TheWakuNetwork.MAX_CLOCK_GAP, true);
    }

    /** The same settings with another clock window (null switches timestamp checks off). */
    public Config withMaxClockGap(Duration gap) {
      return new Config(maxMessageSize, gap, strictContentTopic);
    }
  }

  private final Config config;
  private final Clock clock;
  private final long maxGapNanos;

  public WakuMessageValidator(Config config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxGapNanos = config.maxClockGap() == null ? -1 : config.maxClockGap().toNanos();
  }

  public Config config() {
    return config;
  }

  /** Validates {@code message}, computing its encoded size. */
  public Optional<Rejection> validate(WakuMessage message) {
    return validate(message, message.encodedSize());
  }

  /**
   * Validates {@code message} whose encoding (as received or about to be sent) is {@code
   * encodedSize} bytes long.
   */
  public Optional<Rejection> validate(WakuMessage message, int encodedSize) {
    if (encodedSize > config.maxMessageSize()) {
      return Optional.of(Rejection.TOO_LARGE);
    }
    if (message.payloadLength() == 0) {
      return Optional.of(Rejection.EMPTY_PAYLOAD);
    }
    if (message.contentTopic().isEmpty()) {
      return Optional.of(Rejection.EMPTY_CONTENT_TOPIC);
    }
    if (config.strictContentTopic()) {
      try {
        ContentTopic.parse(message.contentTopic());
      } catch (ContentTopicException e) {
        return Optional.of(Rejection.BAD_CONTENT_TOPIC);
      }
    }
    if (message.metaLength() > WakuMessage.MAX_META_LENGTH) {
      return Optional.of(Rejection.META_TOO_LONG);
    }
    if (maxGapNanos >= 0) {
      long ts = message.timestampOrZero();
      if (ts == 0) {
        return Optional.of(Rejection.MISSING_TIMESTAMP);
      }
      long now = nowNanos();
      // now is ~1.7e18 and the gap at most a year (3.2e16): now ± gap cannot overflow.
      if (ts < now - maxGapNanos || ts > now + maxGapNanos) {
        return Optional.of(Rejection.TIMESTAMP_OUT_OF_WINDOW);
      }
    }
    return Optional.empty();
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}

package dev.causeway.v1.waku.envelope;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * Checks a received (or locally created) envelope before it enters the pool ({@code v1-waku.md}
 * §8): ttl, time window, size, PoW against our own requirement, and topic against our own bloom
 * filter or topic interest.
 *
 * <p>Our own requirement and interest can change at run time ({@link #setMinPow}, {@link
 * #setInterest}); for {@code syncAllowanceSeconds} after a change the previous value is still
 * honoured, as status-go does (§3.4), because peers learn of the change only through a Status
 * Update. Time comes from the injected clock (UNIX seconds).
 *
 * <p>Thread-safe: {@link #validate} reads one immutable snapshot; setters replace it.
 */
public final class EnvelopeValidator {
  /*
   * Design: the order of checks follows status-go's addAndBridge so that the reported reason is
   * the same one status-go would log (ttl 0 is checked first because status-go has no check and
   * our PoW arithmetic needs ttl > 0). PoW is judged with the lenient size rule, min(len(shortRlp),
   * 20 + len(data)), so an envelope acceptable to either status-go or nim-waku is accepted; the
   * PoW reported in the verdict is status-go's value, the one used later to decide whether a peer
   * with a given requirement wants the envelope. Envelopes from the near future have their PoW
   * recomputed with ttl + (sent - now + 1), like status-go.
   */

  /**
   * Static limits.
   *
   * @param maxEnvelopeSize maximum {@code 20 + len(data)} (status-go MaxMessageSize, 1 MiB)
   * @param futureToleranceSeconds how far in the future {@code expiry - ttl} may lie (status-go 10
   *     s, nim-waku 2 s)
   * @param veryOldSeconds expired by more than this is a time-sync error rather than a silent drop
   *     (status-go 20 s)
   * @param syncAllowanceSeconds how long the previous PoW/interest stays acceptable after a change
   *     (status-go 10 s)
   */
  public record Config(
      int maxEnvelopeSize,
      long futureToleranceSeconds,
      long veryOldSeconds,
      long syncAllowanceSeconds) {
    /** status-go defaults: 1 MiB, 10 s, 20 s, 10 s. */
    public static final Config DEFAULTS = new Config(1 << 20, 10, 20, 10);

    public Config {
      if (maxEnvelopeSize < Envelope.HEADER_LENGTH
          || futureToleranceSeconds < 0
          || veryOldSeconds < 0
          || syncAllowanceSeconds < 0) {
        throw new IllegalArgumentException("invalid validator config");
      }
    }
  }

  /**
   * The result and the PoW that was computed (status-go size rule, future-adjusted); the PoW is 0
   * when the check failed before PoW was computed.
   */
  public record Verdict(ValidationResult result, double pow) {
    public boolean isOk() {
      return result == ValidationResult.OK;
    }
  }

  private record Settings(
      double minPow,
      double previousMinPow,
      long powChangedAt,
      TopicFilter interest,
      TopicFilter previousInterest,
      long interestChangedAt) {}

  private final Config config;
  private final LongSupplier nowSeconds;
  private volatile Settings settings;

  /**
   * @param minPow our own PoW requirement
   * @param interest our own bloom filter or topic interest ({@link TopicFilter#ALL} for a full
   *     node)
   * @param nowSeconds UNIX time in seconds
   */
  public EnvelopeValidator(
      Config config, double minPow, TopicFilter interest, LongSupplier nowSeconds) {
    checkPow(minPow);
    this.config = config;
    this.nowSeconds = nowSeconds;
    this.settings =
        new Settings(minPow, minPow, Long.MIN_VALUE / 2, interest, interest, Long.MIN_VALUE / 2);
  }

  /** Same, reading seconds from a {@link Clock}. */
  public EnvelopeValidator(Config config, double minPow, TopicFilter interest, Clock clock) {
    this(config, minPow, interest, () -> clock.instant().getEpochSecond());
  }

  private static void checkPow(double pow) {
    if (!(pow >= 0) || Double.isInfinite(pow)) {
      throw new IllegalArgumentException("PoW requirement must be finite and >= 0: " + pow);
    }
  }

  /** Changes our PoW requirement; the old one stays acceptable for the sync allowance. */
  public synchronized void setMinPow(double minPow) {
    checkPow(minPow);
    Settings s = settings;
    settings =
        new Settings(
            minPow,
            s.minPow,
            nowSeconds.getAsLong(),
            s.interest,
            s.previousInterest,
            s.interestChangedAt);
  }

  /** Changes our bloom/topic interest; the old one stays acceptable for the sync allowance. */
  public synchronized void setInterest(TopicFilter interest) {
    if (interest == null) {
      throw new NullPointerException("interest");
    }
    Settings s = settings;
    settings =
        new Settings(
            s.minPow,
            s.previousMinPow,
            s.powChangedAt,
            interest,
            s.interest,
            nowSeconds.getAsLong());
  }

  /** Our current PoW requirement. */
  public double minPow() {
    return settings.minPow;
  }

  /** Our current interest. */
  public TopicFilter interest() {
    return settings.interest;
  }

  public Config config() {
    return config;
  }

  /** Validates one envelope (§8). */
  public Verdict validate(Envelope e) {
    Settings s = settings;
    long now = nowSeconds.getAsLong();
    if (e.ttl() == 0) {
      return new Verdict(ValidationResult.TTL_ZERO, 0);
    }
    long sent = e.sent();
    long extraTtl = 0;
    if (sent > now) {
      if (sent - config.futureToleranceSeconds > now) {
        return new Verdict(ValidationResult.FUTURE, 0);
      }
      extraTtl = sent - now + 1;
    }
    if (e.expiry() < now) {
      if (e.expiry() + config.veryOldSeconds < now) {
        return new Verdict(ValidationResult.TOO_OLD, 0);
      }
      return new Verdict(ValidationResult.EXPIRED, 0);
    }
    if (e.size() > config.maxEnvelopeSize) {
      return new Verdict(ValidationResult.TOO_LARGE, 0);
    }
    int bits = ProofOfWork.leadingZeroBits(e);
    long ttl = e.ttl() + extraTtl;
    double pow = ProofOfWork.powFromBits(bits, ProofOfWork.statusGoSize(e), ttl);
    double lenient =
        ProofOfWork.powFromBits(bits, Math.min(ProofOfWork.statusGoSize(e), e.size()), ttl);
    boolean inPowWindow = now - s.powChangedAt <= config.syncAllowanceSeconds;
    if (lenient < s.minPow && !(inPowWindow && lenient >= s.previousMinPow)) {
      return new Verdict(ValidationResult.LOW_POW, pow);
    }
    boolean inInterestWindow = now - s.interestChangedAt <= config.syncAllowanceSeconds;
    Topic topic = e.topic();
    if (!s.interest.matches(topic) && !(inInterestWindow && s.previousInterest.matches(topic))) {
      return new Verdict(ValidationResult.NOT_INTERESTED, pow);
    }
    return new Verdict(ValidationResult.OK, pow);
  }
}

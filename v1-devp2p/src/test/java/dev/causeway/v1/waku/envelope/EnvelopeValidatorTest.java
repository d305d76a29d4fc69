package dev.causeway.v1.waku.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvelopeValidatorTest {
  private static final long NOW = 1_700_000_000L;
  private static final Topic TOPIC = Topic.fromHex("1a2b3c4d");
  private final AtomicLong clock = new AtomicLong(NOW);
  private EnvelopeValidator validator;

  @BeforeEach
  void setUp() {
    validator =
        new EnvelopeValidator(
            EnvelopeValidator.Config.DEFAULTS, 0.001, TopicFilter.ALL, clock::get);
  }

  /** An envelope sent at {@code sent}, mined to the target under the strict rule. */
  private static Envelope mined(long sent, long ttl, Topic topic, int dataLen, double target) {
    Envelope e = Envelope.of(sent + ttl, ttl, topic, new byte[dataLen], 0);
    return new PowMiner().mine(e, target, 10_000_000).sealed().orElseThrow();
  }

  @Test
  void acceptsAValidEnvelopeAndReportsStatusGoPow() {
    Envelope e = mined(NOW, 50, TOPIC, 100, 0.01);
    EnvelopeValidator.Verdict v = validator.validate(e);
    assertThat(v.result()).isEqualTo(ValidationResult.OK);
    assertThat(v.isOk()).isTrue();
    assertThat(v.pow()).isEqualTo(ProofOfWork.pow(e));
  }

  @Test
  void rejectsTtlZero() {
    Envelope e = Envelope.of(NOW + 5, 0, TOPIC, new byte[10], 0);
    assertThat(validator.validate(e).result()).isEqualTo(ValidationResult.TTL_ZERO);
  }

  @Test
  void rejectsEnvelopeFromTooFarInTheFuture() {
    Envelope e = mined(NOW + 11, 50, TOPIC, 10, 0.01);
    EnvelopeValidator.Verdict v = validator.validate(e);
    assertThat(v.result()).isEqualTo(ValidationResult.FUTURE);
    assertThat(v.result().isTimeSyncError()).isTrue();
  }

  @Test
  void acceptsNearFutureWithPowRecomputedOverLongerTtl() {
    Envelope e = mined(NOW + 10, 50, TOPIC, 10, 0.05);
    EnvelopeValidator.Verdict v = validator.validate(e);
    assertThat(v.result()).isEqualTo(ValidationResult.OK);
    assertThat(v.pow()).isEqualTo(ProofOfWork.pow(e, 11));
    assertThat(v.pow()).isLessThan(ProofOfWork.pow(e));
  }

  @Test
  void dropsExpiredEnvelopeSilently() {
    Envelope e = mined(NOW - 60, 50, TOPIC, 10, 0.01); // expiry NOW - 10
    ValidationResult r = validator.validate(e).result();
    assertThat(r).isEqualTo(ValidationResult.EXPIRED);
    assertThat(r.isTimeSyncError()).isFalse();
  }

  @Test
  void acceptsEnvelopeExpiringThisSecond() {
    Envelope e = mined(NOW - 50, 50, TOPIC, 10, 0.01); // expiry == now
    assertThat(validator.validate(e).result()).isEqualTo(ValidationResult.OK);
  }

  @Test
  void flagsVeryOldEnvelopeAsTimeSyncError() {
    Envelope e = mined(NOW - 71, 50, TOPIC, 10, 0.01); // expiry NOW - 21
    ValidationResult r = validator.validate(e).result();
    assertThat(r).isEqualTo(ValidationResult.TOO_OLD);
    assertThat(r.isTimeSyncError()).isTrue();
  }

  @Test
  void rejectsTooLargeEnvelope() {
    EnvelopeValidator small =
        new EnvelopeValidator(
            new EnvelopeValidator.Config(1000, 10, 20, 10), 0, TopicFilter.ALL, clock::get);
    assertThat(small.validate(Envelope.of(NOW + 50, 50, TOPIC, new byte[980], 0)).result())
        .isEqualTo(ValidationResult.OK);
    assertThat(small.validate(Envelope.of(NOW + 50, 50, TOPIC, new byte[981], 0)).result())
        .isEqualTo(ValidationResult.TOO_LARGE);
  }

  @Test
  void rejectsLowPow() {
    Envelope e = mined(NOW, 50, TOPIC, 100, 0.002);
    EnvelopeValidator strict =
        new EnvelopeValidator(
            EnvelopeValidator.Config.DEFAULTS,
            ProofOfWork.pow(e) * 1.01,
            TopicFilter.ALL,
            clock::get);
    EnvelopeValidator.Verdict v = strict.validate(e);
    assertThat(v.result()).isEqualTo(ValidationResult.LOW_POW);
    assertThat(v.pow()).isEqualTo(ProofOfWork.pow(e));
  }

  @Test
  void acceptsWhatEitherSizeRuleAccepts() {
    // A 4-byte ttl makes shortRlp one byte longer than 20 + len(data): nim's size is smaller.
    long ttl = 0x0100_0000L;
    Envelope e = Envelope.of(NOW + ttl, ttl, TOPIC, new byte[300], 5);
    assertThat(ProofOfWork.statusGoSize(e)).isEqualTo(ProofOfWork.nimSize(e) + 1);
    int bits = ProofOfWork.leadingZeroBits(e);
    double between =
        (ProofOfWork.powFromBits(bits, 320, ttl) + ProofOfWork.powFromBits(bits, 321, ttl)) / 2;
    EnvelopeValidator v =
        new EnvelopeValidator(
            EnvelopeValidator.Config.DEFAULTS, between, TopicFilter.ALL, clock::get);
    assertThat(ProofOfWork.pow(e)).isLessThan(between);
    assertThat(v.validate(e).result()).isEqualTo(ValidationResult.OK);
  }

  @Test
  void previousPowStaysAcceptableForTheSyncAllowance() {
    Envelope e = mined(NOW, 50, TOPIC, 100, 0.002);
    double pow = ProofOfWork.pow(e);
    validator.setMinPow(pow * 2);
    assertThat(validator.minPow()).isEqualTo(pow * 2);
    clock.addAndGet(10);
    assertThat(validator.validate(e).result()).isEqualTo(ValidationResult.OK);
    clock.addAndGet(1);
    assertThat(validator.validate(e).result()).isEqualTo(ValidationResult.LOW_POW);
  }

  @Test
  void rejectsTopicOutsideOurInterest() {
    Envelope e = mined(NOW, 50, TOPIC, 10, 0.01);
    EnvelopeValidator narrow =
        new EnvelopeValidator(
            EnvelopeValidator.Config.DEFAULTS,
            0.001,
            TopicFilter.topics(List.of(Topic.fromHex("00000001"))),
            clock::get);
    assertThat(narrow.validate(e).result()).isEqualTo(ValidationResult.NOT_INTERESTED);
    EnvelopeValidator bloom =
        new EnvelopeValidator(
            EnvelopeValidator.Config.DEFAULTS,
            0.001,
            TopicFilter.bloom(Topic.fromHex("00010200").toBloom()),
            clock::get);
    assertThat(bloom.validate(e).result()).isEqualTo(ValidationResult.NOT_INTERESTED);
  }

  @Test
  void previousInterestStaysAcceptableForTheSyncAllowance() {
    Envelope e = mined(NOW, 50, TOPIC, 10, 0.01);
    validator.setInterest(TopicFilter.topics(List.of(Topic.fromHex("00000001"))));
    clock.addAndGet(10);
    assertThat(validator.validate(e).result()).isEqualTo(ValidationResult.OK);
    clock.addAndGet(1);
    assertThat(validator.validate(e).result()).isEqualTo(ValidationResult.NOT_INTERESTED);
  }
}

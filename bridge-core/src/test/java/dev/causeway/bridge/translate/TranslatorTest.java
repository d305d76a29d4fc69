package dev.causeway.bridge.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.WakuMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Both translators (ARCHITECTURE.md §4): the field mapping on the spec's worked example (v1-waku.md
 * §5.3), byte-identical round trips, and the v2 → v1 policies.
 */
class TranslatorTest {
  private static final long SEC = 1_000_000_000L;
  private static final Topic TOPIC = Topic.fromHex("1a2b3c4d");
  private static final String CT = "/waku/1/0x1a2b3c4d/rfc26";
  private static final MessageTranslator V2_TO_V1 =
      new MessageTranslator(10, Duration.ofSeconds(20));

  /** v1-waku.md §5.3: expiry 1700000050, ttl 50, topic 1a2b3c4d, data 00..ff ‖ "hello". */
  private static Envelope specEnvelope() {
    byte[] data = new byte[261];
    for (int i = 0; i < 256; i++) {
      data[i] = (byte) i;
    }
    System.arraycopy("hello".getBytes(StandardCharsets.US_ASCII), 0, data, 256, 5);
    return Envelope.of(1_700_000_050L, 50, TOPIC, data, 13);
  }

  private static TranslationException failure(ThrowingRunnable r) {
    try {
      r.run();
    } catch (TranslationException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    throw new AssertionError("no TranslationException");
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void v1ToV2MapsEveryFieldOfTheSpecExample() throws Exception {
    Envelope e = specEnvelope();
    assertThat(e.hash().toHex())
        .isEqualTo("426aafba7b2a62a7c3d90d2588e40053cf9f6f18978c0453e8cf31b9bb862faa");
    WakuMessage m = EnvelopeTranslator.toWakuMessage(e);
    assertThat(m.payload()).isEqualTo(e.data());
    assertThat(m.contentTopic()).isEqualTo(CT);
    assertThat(m.version()).isEqualTo(1);
    assertThat(m.timestamp()).hasValue(1_700_000_000L * SEC);
    assertThat(Hex.encode(m.meta()))
        .isEqualTo("43574201" + "6553f132" + "00000032" + "000000000000000d");
    assertThat(m.ephemeral()).isFalse();
    assertThat(m.rateLimitProof()).isNull();
  }

  @Test
  void timestampUsesSixtyFourBitsForTheLargestTimes() throws Exception {
    Envelope e = Envelope.of(0xffff_ffffL, 1, TOPIC, new byte[] {1}, 0);
    // 4294967294 s: a uint32 multiplication would wrap (the nwaku defect).
    assertThat(EnvelopeTranslator.timestampNanos(e)).isEqualTo(4_294_967_294L * SEC);
    assertThat(EnvelopeTranslator.timestampNanos(e)).isPositive();
  }

  @Test
  void v1ToV2RefusesEmptyDataAndTimeBefore1970() {
    assertThat(
            failure(
                    () ->
                        EnvelopeTranslator.toWakuMessage(
                            Envelope.of(100, 10, TOPIC, new byte[0], 0)))
                .reason())
        .isEqualTo(SkipReason.EMPTY_PAYLOAD);
    assertThat(
            failure(
                    () ->
                        EnvelopeTranslator.toWakuMessage(
                            Envelope.of(5, 10, TOPIC, new byte[] {1}, 0)))
                .reason())
        .isEqualTo(SkipReason.BAD_TIME);
  }

  @Test
  void taggedMessageRebuildsTheOriginalEnvelope() throws Exception {
    Envelope original = specEnvelope();
    WakuMessage m = EnvelopeTranslator.toWakuMessage(original);
    V1Candidate c = V2_TO_V1.toEnvelope(m, Instant.ofEpochSecond(1_700_000_010L));
    assertThat(c.sealed()).isTrue();
    assertThat(c.envelope().encode()).isEqualTo(original.encode());
    assertThat(c.envelope().hash()).isEqualTo(original.hash());
  }

  @Test
  void randomEnvelopesRoundTripByteForByte() {
    RandomInputs.forEachCase(
        500,
        r -> {
          long ttl = 1 + r.nextInt(1000);
          long expiry = 1_700_000_000L + r.nextInt(1_000_000);
          Envelope e =
              Envelope.of(
                  expiry,
                  ttl,
                  Topic.ofInt(r.nextInt()),
                  RandomInputs.bytes(r, 1, 2000),
                  r.nextBoolean() ? r.nextLong() : r.nextInt(100));
          WakuMessage m = EnvelopeTranslator.toWakuMessage(e);
          // Through the wire format too.
          WakuMessage back = WakuMessage.readFrom(m.encode());
          V1Candidate c = V2_TO_V1.toEnvelope(back, Instant.ofEpochSecond(expiry - ttl));
          assertThat(c.sealed()).isTrue();
          assertThat(c.envelope().encode()).isEqualTo(e.encode());
          // And the v2 message is a pure function of the envelope.
          assertThat(EnvelopeTranslator.toWakuMessage(c.envelope()).encode()).isEqualTo(m.encode());
        });
  }

  @Test
  void taggedButExpiredIsSkipped() throws Exception {
    WakuMessage m = EnvelopeTranslator.toWakuMessage(specEnvelope());
    assertThat(V2_TO_V1.toEnvelope(m, Instant.ofEpochSecond(1_700_000_050L)).sealed()).isTrue();
    assertThat(
            failure(() -> V2_TO_V1.toEnvelope(m, Instant.ofEpochSecond(1_700_000_051L))).reason())
        .isEqualTo(SkipReason.EXPIRED);
  }

  @Test
  void tagWhoseTimestampDisagreesIsBad() throws Exception {
    WakuMessage m = EnvelopeTranslator.toWakuMessage(specEnvelope());
    WakuMessage forged = m.toBuilder().timestamp(1_700_000_001L * SEC).build();
    assertThat(
            failure(() -> V2_TO_V1.toEnvelope(forged, Instant.ofEpochSecond(1_700_000_000L)))
                .reason())
        .isEqualTo(SkipReason.BAD_TAG);
    WakuMessage badVersion =
        m.toBuilder()
            .meta(Hex.decode("43574202" + "6553f132" + "00000032" + "000000000000000d"))
            .build();
    assertThat(
            failure(() -> V2_TO_V1.toEnvelope(badVersion, Instant.ofEpochSecond(1_700_000_000L)))
                .reason())
        .isEqualTo(SkipReason.BAD_TAG);
  }

  private static WakuMessage born(Long timestampNanos) {
    return WakuMessage.builder()
        .payload("from v2".getBytes(StandardCharsets.UTF_8))
        .contentTopic(CT)
        .version(1)
        .timestamp(timestampNanos)
        .build();
  }

  @Test
  void v2BornMessageUsesItsTimeWithinTolerance() throws Exception {
    Instant now = Instant.ofEpochSecond(1_800_000_000L, 500_000_000);
    long nowNanos = 1_800_000_000L * SEC + 500_000_000;
    // 5.7 s in the past: its whole second + ttl.
    V1Candidate c = V2_TO_V1.toEnvelope(born(nowNanos - 5_700_000_000L), now);
    assertThat(c.sealed()).isFalse();
    assertThat(c.envelope().ttl()).isEqualTo(10);
    assertThat(c.envelope().expiry()).isEqualTo(1_799_999_994L + 10);
    assertThat(c.envelope().nonce()).isZero();
    assertThat(c.envelope().topic()).isEqualTo(TOPIC);
    assertThat(c.envelope().data()).isEqualTo("from v2".getBytes(StandardCharsets.UTF_8));
    // Exactly at the tolerance (inclusive), in the future.
    assertThat(V2_TO_V1.toEnvelope(born(nowNanos + 20 * SEC), now).envelope().expiry())
        .isEqualTo(1_800_000_020L + 10);
  }

  @Test
  void v2BornMessageOutsideToleranceIsSkippedByDefault() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L, 500_000_000);
    long nowNanos = 1_800_000_000L * SEC + 500_000_000;
    // Future beyond the tolerance, long past (the backlog case: tolerance 20 s > ttl 10 s, so
    // these used to get now + ttl), absent or non-positive.
    for (Long ts :
        new Long[] {nowNanos + 20 * SEC + 1, nowNanos - 20 * SEC - 1, 1L, -5L, null, 0L}) {
      assertThat(failure(() -> V2_TO_V1.toEnvelope(born(ts), now)).reason())
          .as("timestamp %s", ts)
          .isEqualTo(SkipReason.STALE_TIMESTAMP);
    }
    assertThat(V2_TO_V1.restampOutOfTolerance()).isFalse();
  }

  @Test
  void twoBridgesHandlingABackloggedMessageAtDifferentTimesNeverEmitDifferentEnvelopes()
      throws Exception {
    // A message 25 s old at bridge A and 40 s old at bridge B (each working off its own backlog).
    long ts = 1_800_000_000L * SEC;
    Instant atA = Instant.ofEpochSecond(1_800_000_025L);
    Instant atB = Instant.ofEpochSecond(1_800_000_040L);
    assertThat(failure(() -> V2_TO_V1.toEnvelope(born(ts), atA)).reason())
        .isEqualTo(SkipReason.STALE_TIMESTAMP);
    assertThat(failure(() -> V2_TO_V1.toEnvelope(born(ts), atB)).reason())
        .isEqualTo(SkipReason.STALE_TIMESTAMP);
    // With restamping (the old behaviour) the two envelopes differ: a duplicate on v1.
    MessageTranslator restamp = new MessageTranslator(10, Duration.ofSeconds(20), true);
    Envelope a = restamp.toEnvelope(born(ts), atA).envelope();
    Envelope b = restamp.toEnvelope(born(ts), atB).envelope();
    assertThat(a.expiry()).isNotEqualTo(b.expiry());
  }

  @Test
  void restampingKeepsTheOldNowPlusTtlBehaviour() throws Exception {
    MessageTranslator restamp = new MessageTranslator(10, Duration.ofSeconds(20), true);
    assertThat(restamp.restampOutOfTolerance()).isTrue();
    Instant now = Instant.ofEpochSecond(1_800_000_000L, 500_000_000);
    long nowNanos = 1_800_000_000L * SEC + 500_000_000;
    for (Long ts : new Long[] {nowNanos + 20 * SEC + 1, 1L, -5L, null, 0L}) {
      assertThat(restamp.toEnvelope(born(ts), now).envelope().expiry())
          .as("timestamp %s", ts)
          .isEqualTo(1_800_000_000L + 10);
    }
    // Within the tolerance both translators agree.
    assertThat(restamp.toEnvelope(born(nowNanos - 5 * SEC), now).envelope())
        .isEqualTo(V2_TO_V1.toEnvelope(born(nowNanos - 5 * SEC), now).envelope());
  }

  @Test
  void v2BornMessageOlderThanTtlHasExpired() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    assertThat(failure(() -> V2_TO_V1.toEnvelope(born((1_800_000_000L - 11) * SEC), now)).reason())
        .isEqualTo(SkipReason.EXPIRED);
  }

  @Test
  void sameMessageGivesSameEnvelopeOnEveryBridgeWithinTolerance() throws Exception {
    long ts = 1_800_000_000L * SEC + 123;
    Envelope a = V2_TO_V1.toEnvelope(born(ts), Instant.ofEpochSecond(1_800_000_001L)).envelope();
    Envelope b = V2_TO_V1.toEnvelope(born(ts), Instant.ofEpochSecond(1_799_999_990L)).envelope();
    assertThat(a.encode()).isEqualTo(b.encode());
  }

  @Test
  void onlyVersionOneCrosses() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    for (int v : new int[] {0, 2, -1}) {
      WakuMessage m = born(1_800_000_000L * SEC).toBuilder().version(v).build();
      assertThat(failure(() -> V2_TO_V1.toEnvelope(m, now)).reason())
          .isEqualTo(SkipReason.UNSUPPORTED_VERSION);
    }
  }

  @Test
  void contentTopicIsCheckedFirst() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    WakuMessage other = born(1L).toBuilder().contentTopic("/app/1/chat/proto").version(0).build();
    assertThat(failure(() -> V2_TO_V1.toEnvelope(other, now)).reason())
        .isEqualTo(SkipReason.OTHER_CONTENT_TOPIC);
    WakuMessage bad = born(1L).toBuilder().contentTopic("/waku/1/1a2b3c4d/rfc26").build();
    assertThat(failure(() -> V2_TO_V1.toEnvelope(bad, now)).reason())
        .isEqualTo(SkipReason.BAD_CONTENT_TOPIC);
    WakuMessage empty = born(1L).toBuilder().payload(new byte[0]).build();
    assertThat(failure(() -> V2_TO_V1.toEnvelope(empty, now)).reason())
        .isEqualTo(SkipReason.EMPTY_PAYLOAD);
  }

  @Test
  void envelopeSizeLimitCountsTheLongestNonce() throws Exception {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    // RLP of a v2-born envelope with L > 65535 data bytes: list header 4, expiry 5, ttl 1,
    // topic 5, data header 4, nonce 0 → L + 20; plus 9 bytes of nonce slack ≤ 1 MiB.
    int largest = (1 << 20) - 29;
    WakuMessage fits = born(1_800_000_000L * SEC).toBuilder().payload(new byte[largest]).build();
    V1Candidate c = V2_TO_V1.toEnvelope(fits, now);
    assertThat(c.envelope().encodedLength()).isEqualTo(largest + 20);
    WakuMessage over = fits.toBuilder().payload(new byte[largest + 1]).build();
    assertThat(failure(() -> V2_TO_V1.toEnvelope(over, now)).reason())
        .isEqualTo(SkipReason.OVERSIZE);
  }

  @Test
  void fingerprintIsTheSameFromBothSides() throws Exception {
    Envelope e = specEnvelope();
    WakuMessage m = EnvelopeTranslator.toWakuMessage(e);
    byte[] fromV1 = Fingerprint.of(e.topic(), e.dataBuffer());
    byte[] fromV2 = Fingerprint.of(TopicMapping.toTopic(m.contentTopic()), m.payload());
    assertThat(fromV1).isEqualTo(fromV2).hasSize(Fingerprint.LENGTH);
    // SHA-256(1a2b3c4d ‖ data), computed independently.
    java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
    d.update(Hex.decode("1a2b3c4d"));
    d.update(e.data());
    assertThat(fromV1).isEqualTo(d.digest());
    assertThat(Fingerprint.of(Topic.fromHex("1a2b3c4e"), e.data())).isNotEqualTo(fromV1);
  }
}

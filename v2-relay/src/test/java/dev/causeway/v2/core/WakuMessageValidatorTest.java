package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.v2.core.WakuMessageValidator.Config;
import dev.causeway.v2.core.WakuMessageValidator.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** One test per rejection, with boundaries (spec v2-message-relay-sharding.md §2, §2.1, §2.2). */
class WakuMessageValidatorTest {
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00.123456789Z");
  private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L + NOW.getNano();
  private static final long GAP_NS = 20_000_000_000L;
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final WakuMessageValidator twn = new WakuMessageValidator(Config.theWakuNetwork(), CLOCK);
  private final WakuMessageValidator publishing =
      new WakuMessageValidator(Config.publishing(), CLOCK);

  private static WakuMessage good() {
    return WakuMessage.builder()
        .payload(new byte[] {1, 2, 3})
        .contentTopic("/toychat/2/huilong/proto")
        .timestamp(NOW_NS)
        .meta(new byte[64])
        .build();
  }

  @Test
  void acceptsAWellFormedMessage() {
    assertThat(twn.validate(good())).isEmpty();
    assertThat(publishing.validate(good())).isEmpty();
  }

  @Test
  void rejectsEncodedMessageLargerThanTheRelayLimit() {
    WakuMessage base = good();
    int overhead = base.encodedSize() - base.payloadLength();
    // The payload length prefix grows from 1 to 3 bytes for large payloads.
    int fits = TheWakuNetwork.MAX_MESSAGE_SIZE - overhead - 2;
    WakuMessage exact = base.toBuilder().payload(new byte[fits]).build();
    assertThat(exact.encodedSize()).isEqualTo(153_600);
    assertThat(twn.validate(exact)).isEmpty();
    WakuMessage over = base.toBuilder().payload(new byte[fits + 1]).build();
    assertThat(twn.validate(over)).contains(Rejection.TOO_LARGE);
    // The encoded size as received is what counts.
    assertThat(twn.validate(good(), 153_601)).contains(Rejection.TOO_LARGE);
  }

  @Test
  void rejectsEmptyPayload() {
    assertThat(twn.validate(good().toBuilder().payload(new byte[0]).build()))
        .contains(Rejection.EMPTY_PAYLOAD);
  }

  @Test
  void rejectsEmptyContentTopic() {
    assertThat(twn.validate(good().toBuilder().contentTopic("").build()))
        .contains(Rejection.EMPTY_CONTENT_TOPIC);
  }

  @Test
  void rejectsUnparsableContentTopicOnlyWhenStrict() {
    WakuMessage m = good().toBuilder().contentTopic("not-a-topic").build();
    assertThat(publishing.validate(m)).contains(Rejection.BAD_CONTENT_TOPIC);
    assertThat(twn.validate(m)).isEmpty();
    WakuMessage gen1 = good().toBuilder().contentTopic("/1/toychat/2/huilong/proto").build();
    assertThat(publishing.validate(gen1)).contains(Rejection.BAD_CONTENT_TOPIC);
  }

  @Test
  void rejectsMetaLongerThan64Bytes() {
    assertThat(twn.validate(good().toBuilder().meta(new byte[65]).build()))
        .contains(Rejection.META_TOO_LONG);
  }

  @Test
  void rejectsMissingOrZeroTimestamp() {
    assertThat(twn.validate(good().toBuilder().clearTimestamp().build()))
        .contains(Rejection.MISSING_TIMESTAMP);
    assertThat(twn.validate(good().toBuilder().timestamp(0L).build()))
        .contains(Rejection.MISSING_TIMESTAMP);
  }

  @Test
  void acceptsTimestampsExactlyTwentySecondsAwayAndRejectsOneNanosecondMore() {
    for (long ts : new long[] {NOW_NS - GAP_NS, NOW_NS + GAP_NS}) {
      assertThat(twn.validate(good().toBuilder().timestamp(ts).build())).isEmpty();
    }
    for (long ts : new long[] {NOW_NS - GAP_NS - 1, NOW_NS + GAP_NS + 1, Long.MIN_VALUE, -1}) {
      assertThat(twn.validate(good().toBuilder().timestamp(ts).build()))
          .contains(Rejection.TIMESTAMP_OUT_OF_WINDOW);
    }
  }

  @Test
  void windowFollowsTheInjectedClock() {
    WakuMessage m = good();
    WakuMessageValidator later =
        new WakuMessageValidator(
            Config.theWakuNetwork(), Clock.offset(CLOCK, Duration.ofSeconds(21)));
    assertThat(later.validate(m)).contains(Rejection.TIMESTAMP_OUT_OF_WINDOW);
  }

  @Test
  void timestampChecksCanBeSwitchedOffForPlainRelaying() {
    WakuMessageValidator noWindow =
        new WakuMessageValidator(Config.theWakuNetwork().withMaxClockGap(null), CLOCK);
    assertThat(noWindow.validate(good().toBuilder().clearTimestamp().build())).isEmpty();
    assertThat(noWindow.validate(good().toBuilder().timestamp(1L).build())).isEmpty();
  }

  @Test
  void reportsTheFirstBrokenRuleInDeclarationOrder() {
    WakuMessage bad =
        WakuMessage.builder().contentTopic("").meta(new byte[65]).timestamp(1L).build();
    assertThat(twn.validate(bad)).contains(Rejection.EMPTY_PAYLOAD);
  }

  @Test
  void configRefusesNonsense() {
    assertThatThrownBy(() -> new Config(0, null, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Config(10, Duration.ofSeconds(-1), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

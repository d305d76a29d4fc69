package dev.causeway.v1.waku.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.Rlp;
import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusOptionsTest {
  private static final Topic A = Topic.fromHex("1a2b3c4d");
  private static final Topic B = Topic.fromHex("00000001");

  private static byte[] pair(long key, byte[] encodedValue) {
    return Rlp.encodeList(Rlp.encodeLong(key), encodedValue);
  }

  private static byte[] options(byte[]... pairs) {
    return Rlp.encodeList(pairs);
  }

  private static byte[] pow(double v) {
    return pair(0, Rlp.encodeLong(Double.doubleToRawLongBits(v)));
  }

  @Test
  void skipsUnknownKeysAndKeepsReadingTheRest() throws Exception {
    byte[] unknown =
        Rlp.encodeList(
            Rlp.encodeLong(9), Rlp.encodeList(Rlp.encodeLong(1)), Rlp.encodeString(new byte[3]));
    byte[] huge = pair(0xffff_ffff_ffffL, Rlp.encodeLong(1));
    StatusOptions o =
        StatusOptions.readFrom(options(pow(0.5), unknown, huge, pair(2, Rlp.encodeBoolean(true))));
    assertThat(o.powRequirement()).isEqualTo(0.5);
    assertThat(o.lightNode()).isTrue();
    assertThat(o.bloom()).isNull();
  }

  @Test
  void emptyListHasNoKeys() throws Exception {
    StatusOptions o = StatusOptions.readFrom(Hex.decode("c0"));
    assertThat(o).isEqualTo(StatusOptions.EMPTY);
    assertThat(o.isEmpty()).isTrue();
    assertThat(Hex.encode(StatusOptions.EMPTY.encode())).isEqualTo("c0");
  }

  @Test
  void rejectsNanInfinityAndNegativePow() {
    assertRejected(options(pow(Double.NaN)));
    assertRejected(options(pow(Double.POSITIVE_INFINITY)));
    assertRejected(options(pow(Double.NEGATIVE_INFINITY)));
    assertRejected(options(pow(-0.5)));
  }

  @Test
  void readsNegativeZeroPowAsZero() throws Exception {
    StatusOptions o = StatusOptions.readFrom(options(pow(-0.0)));
    assertThat(Double.doubleToRawLongBits(o.powRequirement())).isZero();
  }

  @Test
  void rejectsBloomOfWrongLength() {
    assertRejected(options(pair(1, Rlp.encodeString(new byte[63]))));
    assertRejected(options(pair(1, Rlp.encodeString(new byte[65]))));
    assertRejected(options(pair(1, Rlp.encodeList())));
  }

  @Test
  void readsZeroLengthBloomAsFullLikeStatusGo() throws Exception {
    assertThat(StatusOptions.readFrom(options(pair(1, Rlp.encodeString(new byte[0])))).bloom())
        .isEqualTo(BloomFilter.FULL);
  }

  @Test
  void acceptsTenThousandTopicsAndRejectsMore() throws Exception {
    assertThat(StatusOptions.readFrom(options(pair(5, topics(10_000)))).topicInterest())
        .hasSize(10_000);
    assertRejected(options(pair(5, topics(10_001))));
  }

  private static byte[] topics(int n) {
    List<byte[]> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(Rlp.encodeString(Topic.ofInt(i).bytes()));
    }
    return Rlp.encodeList(items);
  }

  @Test
  void rejectsTopicInterestEntriesThatAreNotFourBytes() {
    assertRejected(options(pair(5, Rlp.encodeList(Rlp.encodeString(new byte[] {1, 2, 3})))));
    assertRejected(options(pair(5, Rlp.encodeList(Rlp.encodeList()))));
    assertRejected(options(pair(5, Rlp.encodeString(new byte[4]))));
  }

  @Test
  void rejectsMalformedStructure() {
    assertRejected(Hex.decode("80"));
    assertRejected(Hex.decode("c180"));
    assertRejected(Hex.decode("c2c180"));
    assertRejected(options(Rlp.encodeList(Rlp.encodeList(), Rlp.encodeLong(1))));
    assertRejected(
        options(Rlp.encodeList(Rlp.encodeLong(2), Rlp.encodeLong(1), Rlp.encodeLong(1))));
    assertRejected(options(pair(2, Rlp.encodeLong(2))));
    assertRejected(options(pair(2, Hex.decode("00"))));
    assertRejected(options(pair(4, Rlp.encodeList(Rlp.encodeLong(1), Rlp.encodeLong(2)))));
    assertRejected(Hex.decode("c0c0"));
    assertRejected(options(Rlp.encodeList(Hex.decode("00"), Rlp.encodeLong(1))));
  }

  @Test
  void laterDuplicateKeyWins() throws Exception {
    assertThat(StatusOptions.readFrom(options(pow(0.1), pow(0.3))).powRequirement()).isEqualTo(0.3);
  }

  @Test
  void encodesKeysInAscendingOrderWithRateLimits() throws Exception {
    StatusOptions o =
        StatusOptions.builder()
            .bytesRateLimits(new RateLimits(1 << 20, 1 << 20, 0))
            .topicInterest(List.of(A))
            .packetRateLimits(new RateLimits(10, 5, 0))
            .confirmationsEnabled(false)
            .lightNode(false)
            .powRequirement(0.002)
            .build();
    byte[] enc = o.encode();
    assertThat(Hex.encode(enc))
        .isEqualTo(
            "ebca80883f60624dd2f1a9fcc20280c20380c504c30a0580c705c5841a2b3c4d"
                + "cb06c9831000008310000080");
    assertThat(StatusOptions.readFrom(enc)).isEqualTo(o);
  }

  @Test
  void builderRejectsInvalidValues() {
    assertThatThrownBy(() -> StatusOptions.builder().powRequirement(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusOptions.builder().powRequirement(-1.0))
        .isInstanceOf(IllegalArgumentException.class);
    List<Topic> tooMany = new ArrayList<>();
    for (int i = 0; i <= StatusOptions.MAX_TOPIC_INTEREST; i++) {
      tooMany.add(Topic.ofInt(i));
    }
    assertThatThrownBy(() -> StatusOptions.builder().topicInterest(tooMany))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void updateWithTopicInterestReplacesItAndDiscardsBloom() {
    StatusOptions base = StatusOptions.builder().powRequirement(0.2).bloom(A.toBloom()).build();
    StatusOptions after =
        base.applyUpdate(StatusOptions.builder().topicInterest(List.of(B)).build());
    assertThat(after.topicInterest()).containsExactly(B);
    assertThat(after.bloom()).isNull();
    assertThat(after.powRequirement()).isEqualTo(0.2);
  }

  @Test
  void updateWithBloomReplacesItAndDiscardsTopicInterest() {
    StatusOptions base = StatusOptions.builder().topicInterest(List.of(A)).build();
    StatusOptions after = base.applyUpdate(StatusOptions.builder().bloom(B.toBloom()).build());
    assertThat(after.bloom()).isEqualTo(B.toBloom());
    assertThat(after.topicInterest()).isNull();
  }

  @Test
  void updateWithBothKeepsTopicInterestAndIgnoresBloom() {
    StatusOptions base = StatusOptions.builder().bloom(A.toBloom()).build();
    StatusOptions after =
        base.applyUpdate(
            StatusOptions.builder().bloom(BloomFilter.FULL).topicInterest(List.of(B)).build());
    assertThat(after.topicInterest()).containsExactly(B);
    assertThat(after.bloom()).isNull();
  }

  @Test
  void updateReplacesScalarsAndKeepsAbsentKeys() {
    StatusOptions base =
        StatusOptions.builder()
            .powRequirement(0.2)
            .lightNode(true)
            .confirmationsEnabled(true)
            .packetRateLimits(new RateLimits(1, 2, 3))
            .build();
    StatusOptions after =
        base.applyUpdate(
            StatusOptions.builder()
                .powRequirement(0.002)
                .confirmationsEnabled(false)
                .bytesRateLimits(RateLimits.NONE)
                .build());
    assertThat(after.powRequirement()).isEqualTo(0.002);
    assertThat(after.lightNode()).isTrue();
    assertThat(after.confirmationsEnabled()).isFalse();
    assertThat(after.packetRateLimits()).isEqualTo(new RateLimits(1, 2, 3));
    assertThat(after.bytesRateLimits()).isEqualTo(RateLimits.NONE);
    assertThat(base.applyUpdate(StatusOptions.EMPTY)).isEqualTo(base);
  }

  private static void assertRejected(byte[] bytes) {
    assertThatThrownBy(() -> StatusOptions.readFrom(bytes)).isInstanceOf(WakuCodecException.class);
  }
}

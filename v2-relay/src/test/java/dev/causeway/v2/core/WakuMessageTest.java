package dev.causeway.v2.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** WakuMessage protobuf codec (spec v2-message-relay-sharding.md §1.3, §2). */
class WakuMessageTest {
  private static final WakuMessage FULL =
      WakuMessage.builder()
          .payload(new byte[] {1})
          .contentTopic("/a/1/b/c")
          .version(1)
          .timestamp(1L)
          .meta(new byte[] {9})
          .rateLimitProof(new byte[] {7, 7})
          .ephemeral(true)
          .build();

  @Test
  void emptyMessageStillCarriesPayloadContentTopicAndVersion() {
    // nwaku rejects a WakuMessage without fields 1 and 2 (MissingRequiredField).
    byte[] enc = WakuMessage.builder().build().encode();
    assertThat(Hex.encode(enc)).isEqualTo("0a00" + "1200" + "1800");
  }

  @Test
  void encodesEveryFieldWithItsNumberAndWireType() {
    assertThat(Hex.encode(FULL.encode()))
        .isEqualTo(
            "0a0101"
                + "12082f612f312f622f63"
                + "1801"
                + "5002" // sint64 1 zig-zags to 2
                + "5a0109"
                + "aa01020707"
                + "f80101");
    assertThat(FULL.encodedSize()).isEqualTo(FULL.encode().length);
  }

  @Test
  void timestampIsWrittenWhenSetEvenIfZeroAndOmittedWhenAbsent() {
    WakuMessage base =
        WakuMessage.builder().payload(new byte[] {1}).contentTopic("/a/1/b/c").build();
    assertThat(Hex.encode(base.encode())).doesNotContain("5000");
    assertThat(Hex.encode(base.toBuilder().timestamp(0L).build().encode())).endsWith("18005000");
    assertThat(Hex.encode(base.toBuilder().timestamp(-1L).build().encode())).endsWith("5001");
  }

  @Test
  void roundTripsFullAndMinimalMessages() throws Exception {
    assertThat(WakuMessage.readFrom(FULL.encode())).isEqualTo(FULL);
    WakuMessage minimal = WakuMessage.builder().build();
    WakuMessage back = WakuMessage.readFrom(minimal.encode());
    assertThat(back).isEqualTo(minimal);
    assertThat(back.timestamp()).isEmpty();
    assertThat(back.rateLimitProof()).isNull();
    WakuMessage zeroTs = minimal.toBuilder().timestamp(0L).build();
    assertThat(WakuMessage.readFrom(zeroTs.encode()).timestamp()).hasValue(0L);
  }

  @Test
  void decodesAbsentFieldsAsDefaults() throws Exception {
    WakuMessage m = WakuMessage.readFrom(new byte[0]);
    assertThat(m.payload()).isEmpty();
    assertThat(m.contentTopic()).isEmpty();
    assertThat(m.version()).isZero();
    assertThat(m.timestamp()).isEmpty();
    assertThat(m.timestampOrZero()).isZero();
    assertThat(m.meta()).isEmpty();
    assertThat(m.ephemeral()).isFalse();
    assertThat(m.rateLimitProof()).isNull();
  }

  @Test
  void decodesNwakuStyleEncodingWithEveryFieldPresent() throws Exception {
    // nwaku writes every non-Option field, also empty meta, empty proof and ephemeral=false.
    byte[] nwaku =
        Hex.decode(
            "0a0101" + "12082f612f312f622f63" + "1800" + "5002" + "5a00" + "aa0100" + "f80100");
    WakuMessage m = WakuMessage.readFrom(nwaku);
    assertThat(m.payload()).containsExactly(1);
    assertThat(m.timestamp()).hasValue(1L);
    assertThat(m.meta()).isEmpty();
    assertThat(m.rateLimitProof()).isEmpty();
    assertThat(m.ephemeral()).isFalse();
  }

  @Test
  void skipsUnknownFieldsAndKeepsRateLimitProofBytes() throws Exception {
    byte[] proof = new byte[40];
    new Random(3).nextBytes(proof);
    WakuMessage m = FULL.toBuilder().rateLimitProof(proof).build();
    byte[] withUnknown = concat(m.encode(), Hex.decode("a2060301020360ff01"));
    WakuMessage back = WakuMessage.readFrom(withUnknown);
    assertThat(back).isEqualTo(m);
    assertThat(back.rateLimitProof()).isEqualTo(proof);
  }

  @Test
  void decodesMetaLongerThan64BytesForTheValidatorToRefuse() throws Exception {
    WakuMessage m = FULL.toBuilder().meta(new byte[65]).build();
    assertThat(WakuMessage.readFrom(m.encode()).metaLength()).isEqualTo(65);
  }

  @Test
  void keepsVersionAsUnsigned32Bits() throws Exception {
    WakuMessage m = FULL.toBuilder().version(-1).build();
    assertThat(WakuMessage.readFrom(m.encode()).version()).isEqualTo(-1);
    assertThat(m.toString()).contains("version=4294967295");
  }

  @Test
  void refusesNonUtf8ContentTopicWithTypedError() {
    assertThatThrownBy(() -> WakuMessage.readFrom(Hex.decode("0a01011201ff")))
        .isInstanceOf(WakuCodecException.class);
  }

  @Test
  void refusesTruncatedAndOverlongInput() {
    byte[] enc = FULL.encode();
    assertThatThrownBy(() -> WakuMessage.readFrom(java.util.Arrays.copyOf(enc, enc.length - 1)))
        .isInstanceOf(WakuCodecException.class);
    assertThatThrownBy(() -> WakuMessage.readFrom(enc, enc.length - 1))
        .isInstanceOf(WakuCodecException.class)
        .hasMessageContaining("exceeds limit");
  }

  @Test
  void builderAndAccessorsCopyArrays() {
    byte[] payload = {1, 2, 3};
    WakuMessage m = WakuMessage.builder().payload(payload).contentTopic("/a/1/b/c").build();
    payload[0] = 9;
    assertThat(m.payload()).containsExactly(1, 2, 3);
    m.payload()[1] = 9;
    assertThat(m.payload()).containsExactly(1, 2, 3);
  }

  @Test
  void ofSetsTimestampAndVersionZero() {
    WakuMessage m = WakuMessage.of(new byte[] {5}, "/a/1/b/c", 1_700_000_000_000_000_000L);
    assertThat(m.timestamp()).hasValue(1_700_000_000_000_000_000L);
    assertThat(m.version()).isZero();
    assertThat(m.toBuilder().timestamp((Long) null).build().timestamp()).isEmpty();
  }

  @Test
  void toStringLeavesThePayloadOut() {
    WakuMessage m =
        WakuMessage.of(
            "secret-words".getBytes(java.nio.charset.StandardCharsets.UTF_8), "/a/1/b/c", 1);
    assertThat(m.toString()).doesNotContain("secret").contains("12 bytes").contains("/a/1/b/c");
  }

  @Test
  void randomMessagesRoundTrip() {
    RandomInputs.forEachCase(
        500,
        r -> {
          WakuMessage m = randomMessage(r);
          byte[] enc = m.encode();
          assertThat(enc.length).isEqualTo(m.encodedSize());
          assertThat(WakuMessage.readFrom(enc)).isEqualTo(m);
        });
  }

  @Test
  void randomAndMutatedBytesOnlyGiveTypedErrorsAndDecodedMessagesReencodeStably() {
    byte[] valid = FULL.encode();
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in = r.nextBoolean() ? RandomInputs.bytes(r, 300) : RandomInputs.mutate(r, valid);
          WakuMessage m;
          try {
            m = WakuMessage.readFrom(in);
          } catch (WakuCodecException expected) {
            return;
          }
          assertThat(WakuMessage.readFrom(m.encode())).isEqualTo(m);
        });
  }

  @Test
  void decodingFromAByteStringAgreesWithDecodingFromBytes() {
    byte[] valid = FULL.encode();
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in =
              switch (r.nextInt(3)) {
                case 0 -> RandomInputs.bytes(r, 300);
                case 1 -> RandomInputs.mutate(r, valid);
                default -> randomMessage(r).encode();
              };
          // a slice of a larger buffer, as the data of a decoded pubsub message can be
          byte[] padded = concat(concat(new byte[] {7, 7}, in), new byte[] {7});
          ByteString slice = ByteString.copyFrom(padded).substring(2, 2 + in.length);
          WakuMessage fromBytes;
          try {
            fromBytes = WakuMessage.readFrom(in);
          } catch (WakuCodecException e) {
            assertThatThrownBy(() -> WakuMessage.readFrom(slice, Integer.MAX_VALUE))
                .isInstanceOf(WakuCodecException.class);
            return;
          }
          assertThat(WakuMessage.readFrom(slice, Integer.MAX_VALUE)).isEqualTo(fromBytes);
        });
  }

  @Test
  void decodedMessageOwnsItsBytes() throws Exception {
    byte[] enc = FULL.encode();
    WakuMessage fromBytes = WakuMessage.readFrom(enc);
    java.util.Arrays.fill(enc, (byte) 0);
    assertThat(fromBytes).isEqualTo(FULL);
    byte[] enc2 = FULL.encode();
    WakuMessage fromString =
        WakuMessage.readFrom(com.google.protobuf.UnsafeByteOperations.unsafeWrap(enc2), 1000);
    java.util.Arrays.fill(enc2, (byte) 0);
    assertThat(fromString).isEqualTo(FULL);
  }

  @Test
  void byteStringInputOverTheLimitIsRefused() {
    ByteString enc = ByteString.copyFrom(FULL.encode());
    assertThatThrownBy(() -> WakuMessage.readFrom(enc, enc.size() - 1))
        .isInstanceOf(WakuCodecException.class)
        .hasMessageContaining("exceeds limit");
  }

  static WakuMessage randomMessage(Random r) {
    WakuMessage.Builder b =
        WakuMessage.builder()
            .payload(RandomInputs.bytes(r, 200))
            .contentTopic("/app" + r.nextInt(100) + "/" + r.nextInt(5) + "/n\u00e9/proto")
            .version(r.nextInt(3))
            .meta(RandomInputs.bytes(r, 64))
            .ephemeral(r.nextBoolean());
    if (r.nextBoolean()) {
      b.timestamp(r.nextLong());
    }
    if (r.nextInt(4) == 0) {
      b.rateLimitProof(RandomInputs.bytes(r, 100));
    }
    return b.build();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

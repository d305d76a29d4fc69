package dev.causeway.v1.waku.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.Rlp;
import dev.causeway.v1.rlp.RlpReader;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  private static final Topic TOPIC = Topic.fromHex("1a2b3c4d");

  private static byte[] list(byte[]... items) {
    return Rlp.encodeList(items);
  }

  @Test
  void roundTripsThroughCanonicalRlp() throws Exception {
    Envelope e = Envelope.of(1_700_000_050L, 50, TOPIC, new byte[] {1, 2, 3}, 0x0102030405L);
    byte[] rlp = e.encode();
    assertThat(Hex.encode(rlp)).isEqualTo("d5846553f13232841a2b3c4d83010203850102030405");
    Envelope d = Envelope.decode(rlp);
    assertThat(d).isEqualTo(e);
    assertThat(d.expiry()).isEqualTo(1_700_000_050L);
    assertThat(d.ttl()).isEqualTo(50);
    assertThat(d.topic()).isEqualTo(TOPIC);
    assertThat(d.data()).containsExactly(1, 2, 3);
    assertThat(d.nonce()).isEqualTo(0x0102030405L);
    assertThat(d.hash()).isEqualTo(e.hash());
  }

  @Test
  void encodesZeroAndSingleByteFieldsCanonically() throws Exception {
    Envelope e = Envelope.of(0, 0, TOPIC, new byte[] {0x7f}, 0);
    assertThat(Hex.encode(e.encode())).isEqualTo("c98080841a2b3c4d7f80");
    Envelope empty = Envelope.of(0xffff_ffffL, 1, TOPIC, new byte[0], -1L);
    assertThat(Hex.encode(empty.encode()))
        .isEqualTo("d584ffffffff01841a2b3c4d8088ffffffffffffffff");
    assertThat(Envelope.decode(empty.encode()).nonce()).isEqualTo(-1L);
    assertThat(Envelope.decode(e.encode()).data()).containsExactly(0x7f);
  }

  @Test
  void hashIsKeccakOfTheReceivedBytes() throws Exception {
    byte[] raw = Envelope.of(10, 5, TOPIC, new byte[300], 7).encode();
    Envelope d = Envelope.decode(raw);
    assertThat(d.hash().bytes()).isEqualTo(Keccak256.hash(raw));
    assertThat(d.encode()).isEqualTo(raw);
  }

  @Test
  void exposesSizesAndSentTime() {
    Envelope e = Envelope.of(1000, 50, TOPIC, new byte[261], 0);
    assertThat(e.size()).isEqualTo(281);
    assertThat(e.sent()).isEqualTo(950);
    assertThat(e.dataLength()).isEqualTo(261);
    assertThat(e.encodedLength()).isEqualTo(e.encode().length);
    ByteBuffer view = e.dataBuffer();
    assertThat(view.remaining()).isEqualTo(261);
    assertThat(view.isReadOnly()).isTrue();
  }

  @Test
  void withNonceKeepsOtherFields() {
    Envelope e = Envelope.of(1000, 50, TOPIC, new byte[] {9, 8}, 0);
    Envelope n = e.withNonce(99);
    assertThat(n.nonce()).isEqualTo(99);
    assertThat(n.data()).isEqualTo(e.data());
    assertThat(n.shortRlp()).isEqualTo(e.shortRlp());
    assertThat(n.hash()).isNotEqualTo(e.hash());
  }

  @Test
  void dataIsCopiedOnBuildAndRead() {
    byte[] data = {1, 2, 3};
    Envelope e = Envelope.of(1, 1, TOPIC, data, 0);
    data[0] = 9;
    assertThat(e.data()[0]).isEqualTo((byte) 1);
    e.data()[1] = 9;
    assertThat(e.data()[1]).isEqualTo((byte) 2);
  }

  @Test
  void rejectsOutOfRangeFieldsOnBuild() {
    assertThatThrownBy(() -> Envelope.of(1L << 32, 1, TOPIC, new byte[0], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Envelope.of(1, -1, TOPIC, new byte[0], 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsFourElements() {
    byte[] b =
        list(
            Rlp.encodeLong(1),
            Rlp.encodeLong(2),
            Rlp.encodeString(TOPIC.bytes()),
            Rlp.encodeString(new byte[] {1}));
    assertRejected(b);
  }

  @Test
  void rejectsSixElements() {
    byte[] b =
        list(
            Rlp.encodeLong(1),
            Rlp.encodeLong(2),
            Rlp.encodeString(TOPIC.bytes()),
            Rlp.encodeString(new byte[] {1}),
            Rlp.encodeLong(3),
            Rlp.encodeLong(4));
    assertRejected(b);
  }

  @Test
  void rejectsTopicOfWrongLength() {
    for (int len : new int[] {0, 3, 5}) {
      byte[] b =
          list(
              Rlp.encodeLong(1),
              Rlp.encodeLong(2),
              Rlp.encodeString(new byte[len]),
              Rlp.encodeString(new byte[] {1}),
              Rlp.encodeLong(3));
      assertRejected(b);
    }
  }

  /** An RLP list of the given already-encoded items (hex). */
  private static byte[] items(String... hex) {
    byte[][] enc = new byte[hex.length][];
    for (int i = 0; i < hex.length; i++) {
      enc[i] = Hex.decode(hex[i]);
    }
    return Rlp.encodeList(enc);
  }

  @Test
  void acceptsTheWellFormedBaseline() throws Exception {
    assertThat(Envelope.decode(items("01", "32", "841a2b3c4d", "80", "80")).ttl()).isEqualTo(50);
  }

  @Test
  void rejectsNonCanonicalIntegers() {
    assertRejected(items("820001", "32", "841a2b3c4d", "80", "80"));
    assertRejected(items("00", "32", "841a2b3c4d", "80", "80"));
    assertRejected(items("8105", "32", "841a2b3c4d", "80", "80"));
    assertRejected(items("01", "32", "841a2b3c4d", "80", "8100"));
  }

  @Test
  void rejectsNonCanonicalDataString() {
    assertRejected(items("01", "32", "841a2b3c4d", "8105", "80"));
  }

  @Test
  void rejectsExpiryOrTtlBeyondUint32() {
    assertRejected(items("850100000000", "32", "841a2b3c4d", "80", "80"));
    assertRejected(items("01", "850100000000", "841a2b3c4d", "80", "80"));
  }

  @Test
  void rejectsNonceBeyondUint64() {
    assertRejected(items("01", "32", "841a2b3c4d", "80", "89010000000000000000"));
  }

  @Test
  void rejectsListWhereStringExpected() {
    assertRejected(items("01", "32", "c0", "80", "80"));
    assertRejected(items("01", "32", "841a2b3c4d", "c0", "80"));
    assertRejected(items("c0", "32", "841a2b3c4d", "80", "80"));
  }

  @Test
  void rejectsNonListAndTrailingBytes() throws Exception {
    assertRejected(Hex.decode("8401020304"));
    byte[] ok = Envelope.of(1, 1, TOPIC, new byte[0], 0).encode();
    byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 1);
    assertRejected(trailing);
    assertRejected(new byte[0]);
  }

  @Test
  void readFromAdvancesPastOneEnvelope() throws Exception {
    byte[] a = Envelope.of(1, 1, TOPIC, new byte[] {1}, 0).encode();
    byte[] b = Envelope.of(2, 2, TOPIC, new byte[] {2}, 0).encode();
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    RlpReader r = RlpReader.of(both);
    assertThat(Envelope.readFrom(r).expiry()).isEqualTo(1);
    assertThat(Envelope.readFrom(r).expiry()).isEqualTo(2);
    assertThat(r.hasNext()).isFalse();
  }

  private static void assertRejected(byte[] bytes) {
    assertThatThrownBy(() -> Envelope.decode(bytes)).isInstanceOf(WakuCodecException.class);
  }
}

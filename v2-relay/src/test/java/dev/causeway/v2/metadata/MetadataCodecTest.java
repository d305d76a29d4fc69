package dev.causeway.v2.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** 66/WAKU2-METADATA bodies (spec v2-message-relay-sharding.md §7). */
class MetadataCodecTest {
  @Test
  void writesClusterThenShardsUnpackedInFieldTwoAndPackedInFieldThree() {
    byte[] enc = MetadataCodec.encodeRequest(Metadata.of(1, List.of(7, 0)));
    assertThat(Hex.encode(enc)).isEqualTo("0801" + "1000" + "1007" + "1a020007");
    assertThat(MetadataCodec.encodeResponse(Metadata.of(1, List.of(7, 0)))).isEqualTo(enc);
  }

  @Test
  void writesClusterZeroAndNoShardFieldsWhenThereAreNone() {
    assertThat(Hex.encode(MetadataCodec.encodeResponse(Metadata.of(0, Set.of()))))
        .isEqualTo("0800");
    assertThat(MetadataCodec.encodeRequest(new Metadata(OptionalLong.empty(), List.of())))
        .isEmpty();
  }

  @Test
  void roundTripsRequestsAndResponses() throws Exception {
    Metadata m = Metadata.of(16, List.of(32, 64, 1023, 0));
    assertThat(MetadataCodec.decodeRequest(MetadataCodec.encodeRequest(m))).isEqualTo(m);
    assertThat(MetadataCodec.decodeResponse(MetadataCodec.encodeResponse(m))).isEqualTo(m);
    assertThat(m.shards()).containsExactly(0L, 32L, 64L, 1023L);
  }

  @Test
  void decodesJsWakuUnpackedFieldTwo() throws Exception {
    Metadata m = MetadataCodec.decodeResponse(Hex.decode("0801" + "1003" + "1005"));
    assertThat(m.clusterId()).hasValue(1);
    assertThat(m.shards()).containsExactly(3L, 5L);
    assertThat(m.servesShard(5)).isTrue();
    assertThat(m.servesShard(4)).isFalse();
  }

  @Test
  void decodesOldNwakuPackedFieldTwo() throws Exception {
    Metadata m = MetadataCodec.decodeResponse(Hex.decode("0810" + "12030d0e2d"));
    assertThat(m.clusterId()).hasValue(16);
    assertThat(m.shards()).containsExactly(13L, 14L, 45L);
  }

  @Test
  void prefersPackedFieldThreeOverFieldTwo() throws Exception {
    Metadata m = MetadataCodec.decodeRequest(Hex.decode("0801" + "1001" + "1a020203"));
    assertThat(m.shards()).containsExactly(2L, 3L);
  }

  @Test
  void reportsAbsentClusterIdAndKeepsUint32Values() throws Exception {
    assertThat(MetadataCodec.decodeResponse(new byte[0]).clusterId()).isEmpty();
    Metadata big = MetadataCodec.decodeResponse(Hex.decode("08ffffffff0f" + "10ffffffff0f"));
    assertThat(big.clusterId()).hasValue(4_294_967_295L);
    assertThat(big.shards()).containsExactly(4_294_967_295L);
    assertThat(MetadataCodec.decodeResponse(MetadataCodec.encodeResponse(big))).isEqualTo(big);
  }

  @Test
  void skipsUnknownFields() throws Exception {
    Metadata m = MetadataCodec.decodeResponse(Hex.decode("2203010203" + "0802"));
    assertThat(m.clusterId()).hasValue(2);
  }

  @Test
  void refusesBodiesAbove1024BytesBeforeParsing() {
    byte[] big = new byte[1025];
    assertThatThrownBy(() -> MetadataCodec.decodeRequest(big))
        .isInstanceOfSatisfying(
            MetadataException.class,
            e -> assertThat(e.reason()).isEqualTo(MetadataException.Reason.TOO_LARGE));
  }

  @Test
  void refusesMalformedProtobuf() {
    assertThatThrownBy(() -> MetadataCodec.decodeResponse(Hex.decode("0a05")))
        .isInstanceOfSatisfying(
            MetadataException.class,
            e -> assertThat(e.reason()).isEqualTo(MetadataException.Reason.MALFORMED));
  }

  @Test
  void ourMetadataIsValidatedSortedAndDistinct() {
    assertThat(Metadata.of(1, List.of(3, 1, 3)).shards()).containsExactly(1L, 3L);
    assertThatThrownBy(() -> Metadata.of(65536, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metadata.of(1, List.of(1024)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Metadata(OptionalLong.of(-1), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Metadata(OptionalLong.of(1), List.of(1L << 32)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomAndMutatedBytesOnlyGiveTypedErrors() {
    byte[] valid = MetadataCodec.encodeResponse(Metadata.of(1, List.of(0, 1, 2, 3, 4, 5, 6, 7)));
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in = r.nextBoolean() ? RandomInputs.bytes(r, 1100) : RandomInputs.mutate(r, valid);
          Metadata m;
          try {
            m =
                r.nextBoolean()
                    ? MetadataCodec.decodeRequest(in)
                    : MetadataCodec.decodeResponse(in);
          } catch (MetadataException expected) {
            return;
          }
          byte[] again = MetadataCodec.encodeResponse(m);
          if (again.length <= MetadataCodec.MAX_MESSAGE_SIZE) {
            assertThat(MetadataCodec.decodeResponse(again)).isEqualTo(m);
          }
        });
  }
}

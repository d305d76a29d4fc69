package dev.causeway.bridge.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Causeway tag layout (bridge-core/README.md) and its decoder's rejections. */
class BridgeTagTest {

  @Test
  void encodesTheDocumentedLayout() {
    // Spec v1-waku.md §5.3 worked example: expiry 1700000050, ttl 50, nonce 13.
    BridgeTag t = new BridgeTag(1_700_000_050L, 50, 13);
    assertThat(Hex.encode(t.encode()))
        .isEqualTo("435742" + "01" + "6553f132" + "00000032" + "000000000000000d");
  }

  @Test
  void extremeValuesRoundTrip() throws Exception {
    BridgeTag t = new BridgeTag(0xffff_ffffL, 0xffff_ffffL, -1L);
    assertThat(Hex.encode(t.encode())).isEqualTo("43574201" + "ffffffff".repeat(4));
    assertThat(BridgeTag.decode(t.encode())).contains(t);
  }

  @Test
  void noTagInEmptyOrForeignMeta() throws Exception {
    assertThat(BridgeTag.decode(new byte[0])).isEmpty();
    assertThat(BridgeTag.decode(new byte[] {0x43, 0x57})).isEmpty();
    assertThat(BridgeTag.decode(Hex.decode("0102030405"))).isEmpty();
  }

  @Test
  void refusesMalformedTags() {
    byte[] valid = new BridgeTag(100, 10, 7).encode();
    byte[] v2 = valid.clone();
    v2[3] = 2;
    byte[] ttl0 = new BridgeTag(100, 0, 7).encode();
    byte[] early = new BridgeTag(5, 10, 7).encode();
    for (byte[] bad :
        new byte[][] {
          Hex.decode("435742"),
          v2,
          java.util.Arrays.copyOf(valid, 19),
          java.util.Arrays.copyOf(valid, 21),
          ttl0,
          early
        }) {
      assertThatThrownBy(() -> BridgeTag.decode(bad)).isInstanceOf(BridgeTagException.class);
    }
  }

  @Test
  void randomValuesRoundTrip() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          long ttl = 1 + (r.nextLong() & 0x7fff_ffffL);
          long expiry = ttl + (r.nextLong() & 0x7fff_ffffL);
          BridgeTag t = new BridgeTag(expiry, ttl, r.nextLong());
          assertThat(BridgeTag.decode(t.encode())).isEqualTo(Optional.of(t));
        });
  }

  @Test
  void randomAndMutatedMetaOnlyGiveTheTypedException() {
    byte[] valid = new BridgeTag(1_700_000_050L, 50, 13).encode();
    RandomInputs.forEachCase(
        5000,
        r -> {
          byte[] in;
          switch (r.nextInt(3)) {
            case 0 -> in = RandomInputs.bytes(r, 64);
            case 1 -> in = RandomInputs.mutate(r, valid);
            default -> {
              in = RandomInputs.bytes(r, 0, 30);
              if (in.length >= 3) {
                in[0] = 0x43;
                in[1] = 0x57;
                in[2] = 0x42;
              }
            }
          }
          try {
            Optional<BridgeTag> t = BridgeTag.decode(in);
            if (t.isPresent()) {
              // Whatever decodes is exactly a tag encoding.
              assertThat(t.get().encode()).isEqualTo(in);
            } else {
              assertThat(BridgeTag.hasMagic(in)).isFalse();
            }
          } catch (BridgeTagException expected) {
            assertThat(BridgeTag.hasMagic(in)).isTrue();
          }
        });
  }
}

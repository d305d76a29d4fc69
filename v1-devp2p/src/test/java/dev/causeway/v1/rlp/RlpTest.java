package dev.causeway.v1.rlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Canonical RLP (Yellow Paper appendix B): the classic Ethereum examples, round trips of nested
 * structures, rejection of every non-canonical form go-ethereum rejects, and random bytes that only
 * ever give {@link RlpException}.
 */
class RlpTest {
  @ParameterizedTest
  @CsvSource({
    "'', 80",
    "00, 00",
    "0f, 0f",
    "7f, 7f",
    "80, 8180",
    "646f67, 83646f67",
    "4c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974,"
        + " b8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974"
  })
  void encodesStringsAsPublished(String data, String expected) throws RlpException {
    byte[] in = Hex.decode(data);
    byte[] enc = Rlp.encodeString(in);
    assertThat(Hex.encode(enc)).isEqualTo(expected.trim());
    assertThat(RlpReader.of(enc).readBytes()).isEqualTo(in);
  }

  @ParameterizedTest
  @CsvSource({"0, 80", "1, 01", "127, 7f", "128, 8180", "1024, 820400", "4294967295, 84ffffffff"})
  void encodesIntegersCanonically(long v, String expected) throws RlpException {
    assertThat(Hex.encode(Rlp.encodeLong(v))).isEqualTo(expected);
    assertThat(RlpReader.of(Rlp.encodeLong(v)).readLong()).isEqualTo(v);
  }

  @Test
  void encodesNestedListsAsPublished() throws RlpException {
    // [ [], [[]], [ [], [[]] ] ]  — the set-theoretical representation of three
    RlpWriter w = new RlpWriter();
    int outer = w.startList();
    w.endList(w.startList());
    int one = w.startList();
    w.endList(w.startList());
    w.endList(one);
    int two = w.startList();
    w.endList(w.startList());
    int inner = w.startList();
    w.endList(w.startList());
    w.endList(inner);
    w.endList(two);
    w.endList(outer);
    assertThat(Hex.encode(w.toByteArray())).isEqualTo("c7c0c1c0c3c0c1c0");
    assertThat(
            Hex.encode(
                Rlp.encodeList(
                    Rlp.encodeString("cat".getBytes()), Rlp.encodeString("dog".getBytes()))))
        .isEqualTo("c88363617483646f67");
  }

  @Test
  void longListsGetLongHeaders() throws RlpException {
    RlpWriter w = new RlpWriter(4);
    int l = w.startList();
    for (int i = 0; i < 1000; i++) {
      w.writeLong(i).writeBytes(new byte[] {(byte) i, 1});
    }
    w.endList(l);
    RlpReader list = RlpReader.of(w.toByteArray()).readList();
    for (int i = 0; i < 1000; i++) {
      assertThat(list.readLong()).isEqualTo(i);
      assertThat(list.readBytes()).containsExactly((byte) i, 1);
    }
    assertThat(list.hasNext()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "8100, single byte below 0x80 wrapped",
    "b800, long form for a short string",
    "b90002aabb, length with leading zero",
    "f800, long form for a short list",
    "820001, integer with leading zero",
    "83aabb, truncated string",
    "c3aabb, truncated list",
    "bb7fffffffaa, length larger than the input"
  })
  void rejectsNonCanonicalAndTruncatedInput(String hex, String why) {
    assertThatThrownBy(
            () -> {
              RlpReader r = RlpReader.of(Hex.decode(hex));
              if (r.nextIsList()) {
                RlpReader l = r.readList();
                while (l.hasNext()) {
                  l.skip();
                }
              } else {
                r.readLong();
              }
            })
        .as(why)
        .isInstanceOf(RlpException.class);
  }

  @Test
  void booleansFollowGoEthereum() throws RlpException {
    assertThat(RlpReader.of(new byte[] {(byte) 0x80}).readBoolean()).isFalse();
    assertThat(RlpReader.of(new byte[] {0x01}).readBoolean()).isTrue();
    assertThatThrownBy(() -> RlpReader.of(new byte[] {0x02}).readBoolean())
        .isInstanceOf(RlpException.class);
  }

  @Test
  void randomStructuresRoundTrip() {
    RandomInputs.forEachCase(
        500,
        r -> {
          List<Object> value = randomList(r, 0);
          RlpWriter w = new RlpWriter();
          write(w, value);
          byte[] enc = w.toByteArray();
          RlpReader reader = RlpReader.of(enc);
          assertThat(read(reader.readList())).isEqualTo(value);
          reader.requireEnd();
        });
  }

  @Test
  void randomBytesOnlyGiveRlpException() {
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in = r.nextBoolean() ? RandomInputs.bytes(r, 200) : mutated(r);
          try {
            walk(RlpReader.of(in), 0);
          } catch (RlpException expected) {
            // the only acceptable failure
          }
        });
  }

  private static byte[] mutated(Random r) {
    RlpWriter w = new RlpWriter();
    write(w, randomList(r, 0));
    return RandomInputs.mutate(r, w.toByteArray());
  }

  private static void walk(RlpReader r, int depth) throws RlpException {
    while (r.hasNext()) {
      if (r.nextIsList()) {
        walk(r.readList(), depth + 1);
      } else if (r.position() % 2 == 0) {
        r.readBytes();
      } else {
        try {
          r.readLong();
        } catch (RlpException e) {
          r.skip();
        }
      }
    }
  }

  private static List<Object> randomList(Random r, int depth) {
    List<Object> out = new ArrayList<>();
    int n = r.nextInt(depth == 0 ? 8 : 4);
    for (int i = 0; i < n; i++) {
      if (depth < 3 && r.nextInt(4) == 0) {
        out.add(randomList(r, depth + 1));
      } else {
        out.add(new Bytes(RandomInputs.bytes(r, r.nextInt(4) == 0 ? 300 : 40)));
      }
    }
    return out;
  }

  record Bytes(byte[] b) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes other && java.util.Arrays.equals(b, other.b);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(b);
    }
  }

  @SuppressWarnings("unchecked")
  private static void write(RlpWriter w, Object v) {
    if (v instanceof Bytes b) {
      w.writeBytes(b.b());
    } else {
      int m = w.startList();
      for (Object o : (List<Object>) v) {
        write(w, o);
      }
      w.endList(m);
    }
  }

  private static List<Object> read(RlpReader r) throws RlpException {
    List<Object> out = new ArrayList<>();
    while (r.hasNext()) {
      out.add(r.nextIsList() ? read(r.readList()) : new Bytes(r.readBytes()));
    }
    return out;
  }
}

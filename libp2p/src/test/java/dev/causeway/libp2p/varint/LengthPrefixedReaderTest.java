package dev.causeway.libp2p.varint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LengthPrefixedReaderTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void framesWithUvarintLength() {
    assertThat(Hex.encode(LengthPrefixed.frame(utf8("na\n")))).isEqualTo("036e610a");
    byte[] body = new byte[300];
    byte[] framed = LengthPrefixed.frame(body);
    assertThat(framed).hasSize(302);
    assertThat(Hex.encode(framed, 0, 2)).isEqualTo("ac02");
    assertThat(LengthPrefixed.frameLength(300)).isEqualTo(302);

    byte[] out = new byte[10];
    int n = LengthPrefixed.writeFrame(utf8("xabcx"), 1, 3, out, 2);
    assertThat(n).isEqualTo(4);
    assertThat(Hex.encode(out)).isEqualTo("00000361626300000000");
  }

  @Test
  void yieldsEveryMessageWhenInputIsSplitAtEveryOffset() throws Exception {
    byte[] stream =
        concat(
            LengthPrefixed.frame(utf8("first")),
            LengthPrefixed.frame(new byte[0]),
            LengthPrefixed.frame(new byte[200]),
            LengthPrefixed.frame(utf8("last")));
    for (int split = 0; split <= stream.length; split++) {
      LengthPrefixedReader reader = new LengthPrefixedReader(256);
      List<byte[]> got = new ArrayList<>(reader.readAll(stream, 0, split));
      got.addAll(reader.readAll(stream, split, stream.length - split));

      assertThat(got).as("split at %d", split).hasSize(4);
      assertThat(got.get(0)).isEqualTo(utf8("first"));
      assertThat(got.get(1)).isEmpty();
      assertThat(got.get(2)).hasSize(200);
      assertThat(got.get(3)).isEqualTo(utf8("last"));
      assertThat(reader.isMidMessage()).isFalse();
    }
  }

  @Test
  void yieldsMessagesFedOneByteAtATime() throws Exception {
    byte[] stream = concat(LengthPrefixed.frame(new byte[130]), LengthPrefixed.frame(utf8("x")));
    LengthPrefixedReader reader = new LengthPrefixedReader(200);
    List<byte[]> got = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      got.addAll(reader.readAll(stream, i, 1));
      assertThat(reader.isMidMessage()).isEqualTo(i != 130 + 1 && i != stream.length - 1);
    }
    assertThat(got).hasSize(2);
    assertThat(got.get(0)).hasSize(130);
  }

  @Test
  void readStopsAtTheEndOfTheFirstCompletedMessage() throws Exception {
    byte[] stream = concat(LengthPrefixed.frame(utf8("hello")), utf8("trailing protocol bytes"));
    LengthPrefixedReader reader = new LengthPrefixedReader(64);

    int consumed = reader.read(stream, 0, stream.length);

    assertThat(consumed).isEqualTo(6);
    assertThat(reader.hasMessage()).isTrue();
    assertThat(reader.takeMessage()).isEqualTo(utf8("hello"));
    assertThat(reader.hasMessage()).isFalse();
  }

  @Test
  void refusesToReadOnWhileAMessageIsUntaken() throws Exception {
    byte[] stream = concat(LengthPrefixed.frame(utf8("a")), LengthPrefixed.frame(utf8("b")));
    LengthPrefixedReader reader = new LengthPrefixedReader(64);
    int consumed = reader.read(stream, 0, stream.length);

    assertThatThrownBy(() -> reader.read(stream, consumed, stream.length - consumed))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new LengthPrefixedReader(4).takeMessage())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsLengthAboveLimitBeforeAnyBodyByteArrives() {
    LengthPrefixedReader reader = new LengthPrefixedReader(1024);
    byte[] prefix = Uvarint.encode(1025);

    assertThatThrownBy(() -> reader.read(prefix, 0, prefix.length))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("1025");
  }

  @Test
  void rejectsHugeLengthPrefixAfterItsAllowedBytesWithoutWaitingForTheRest() {
    LengthPrefixedReader reader = new LengthPrefixedReader(1024);
    byte[] twoOfFiveBytes = Hex.decode("ffff");

    assertThatThrownBy(() -> reader.read(twoOfFiveBytes, 0, 2))
        .isInstanceOf(MessageTooLargeException.class)
        .satisfies(e -> assertThat(((MessageTooLargeException) e).limit()).isEqualTo(1024));
  }

  @Test
  void acceptsMessageOfExactlyTheLimit() throws Exception {
    LengthPrefixedReader reader = new LengthPrefixedReader(1024);
    byte[] framed = LengthPrefixed.frame(new byte[1024]);

    assertThat(reader.readAll(framed, 0, framed.length))
        .singleElement()
        .satisfies(m -> assertThat(m).hasSize(1024));
  }

  @Test
  void rejectsNonMinimalLengthPrefix() {
    LengthPrefixedReader reader = new LengthPrefixedReader(1024);
    byte[] in = Hex.decode("810061");

    assertThatThrownBy(() -> reader.read(in, 0, in.length))
        .isInstanceOf(VarintException.class)
        .isNotInstanceOf(MessageTooLargeException.class);
  }

  @Test
  void reportsPartialMessageAndResetDiscardsIt() throws Exception {
    LengthPrefixedReader reader = new LengthPrefixedReader(64);
    byte[] framed = LengthPrefixed.frame(utf8("abcdef"));
    reader.read(framed, 0, 3);
    assertThat(reader.isMidMessage()).isTrue();

    reader.reset();

    assertThat(reader.isMidMessage()).isFalse();
    assertThat(reader.readAll(framed, 0, framed.length)).singleElement().isEqualTo(utf8("abcdef"));
  }

  @Test
  void decodeExactAcceptsOneMessageOnly() throws Exception {
    assertThat(LengthPrefixed.decodeExact(Hex.decode("03616263"), 3)).isEqualTo(utf8("abc"));
    assertThat(LengthPrefixed.decodeExact(Hex.decode("00"), 0)).isEmpty();
    assertThatThrownBy(() -> LengthPrefixed.decodeExact(Hex.decode("03616263"), 2))
        .isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> LengthPrefixed.decodeExact(Hex.decode("036162"), 8))
        .isInstanceOf(VarintException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> LengthPrefixed.decodeExact(Hex.decode("0361626364"), 8))
        .isInstanceOf(VarintException.class)
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> LengthPrefixed.decodeExact(Hex.decode("ffffffff"), 1024))
        .isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> LengthPrefixed.decodeExact(Hex.decode("ff"), 1024))
        .isInstanceOf(VarintException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> LengthPrefixed.decodeExact(new byte[0], 1024))
        .isInstanceOf(VarintException.class);
  }

  @Test
  void randomBytesOnlyGiveMessagesWithinLimitOrVarintException() {
    RandomInputs.forEachCase(
        3000,
        r -> {
          int max = r.nextInt(300);
          LengthPrefixedReader reader = new LengthPrefixedReader(max);
          byte[] in =
              r.nextBoolean()
                  ? RandomInputs.bytes(r, 400)
                  : RandomInputs.mutate(r, LengthPrefixed.frame(RandomInputs.bytes(r, max)));
          try {
            int p = 0;
            while (p < in.length) {
              int chunk = 1 + r.nextInt(in.length - p);
              for (byte[] m : reader.readAll(in, p, chunk)) {
                assertThat(m.length).isLessThanOrEqualTo(max);
              }
              p += chunk;
            }
          } catch (VarintException expected) {
            // typed
          }
          try {
            assertThat(LengthPrefixed.decodeExact(in, max).length).isLessThanOrEqualTo(max);
          } catch (VarintException expected) {
            // typed
          }
        });
  }
}

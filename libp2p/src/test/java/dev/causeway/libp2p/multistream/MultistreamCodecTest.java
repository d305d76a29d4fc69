package dev.causeway.libp2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.multistream.MultistreamException.Reason;
import dev.causeway.libp2p.testing.VectorFile;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.Uvarint;
import dev.causeway.testing.RandomInputs;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultistreamCodecTest {
  private static final String VECTORS = "/vectors/multistream/messages.txt";

  static Stream<Arguments> messages() {
    return VectorFile.rows(VECTORS, "message").stream().map(f -> Arguments.of(f[0], f[1]));
  }

  static Stream<Arguments> lsResponses() {
    return VectorFile.rows(VECTORS, "ls-response").stream()
        .map(f -> Arguments.of(List.of(f[0].split(",")), f[1]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void encodesAndDecodesSpecMessage(String line, String hex) throws Exception {
    assertThat(Hex.encode(MultistreamCodec.encode(line))).isEqualTo(hex);
    assertThat(MultistreamCodec.decode(Hex.decode(hex))).isEqualTo(line);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lsResponses")
  void encodesAndDecodesLsResponse(List<String> protocols, String hex) throws Exception {
    assertThat(Hex.encode(MultistreamCodec.encodeLsResponse(protocols))).isEqualTo(hex);
    byte[] body = LengthPrefixed.decodeExact(Hex.decode(hex), Multistream.MAX_MESSAGE_LENGTH);
    assertThat(MultistreamCodec.decodeLsBody(body)).isEqualTo(protocols);
  }

  @Test
  void lsResponseOfNothingIsASingleNewline() throws Exception {
    assertThat(Hex.encode(MultistreamCodec.encodeLsResponse(List.of()))).isEqualTo("010a");
    assertThat(MultistreamCodec.decodeLsBody(new byte[] {'\n'})).isEmpty();
  }

  @Test
  void rejectsMessageWithoutTrailingNewline() {
    assertReason(() -> MultistreamCodec.decode(Hex.decode("026e61")), Reason.MALFORMED_MESSAGE);
    assertReason(() -> MultistreamCodec.decode(Hex.decode("00")), Reason.MALFORMED_MESSAGE);
  }

  @Test
  void rejectsInvalidUtf8() {
    assertReason(() -> MultistreamCodec.decode(Hex.decode("03c3280a")), Reason.MALFORMED_MESSAGE);
  }

  @Test
  void rejectsMessageLongerThan1024BytesFromItsLengthPrefix() {
    byte[] prefixOnly = Uvarint.encode(Multistream.MAX_MESSAGE_LENGTH + 1);
    byte[] full = LengthPrefixed.frame(new byte[Multistream.MAX_MESSAGE_LENGTH + 1]);
    full[full.length - 1] = '\n';

    assertReason(() -> MultistreamCodec.decode(full), Reason.MESSAGE_TOO_LARGE);
    assertReason(() -> MultistreamCodec.decode(prefixOnly), Reason.MESSAGE_TOO_LARGE);
  }

  @Test
  void acceptsLineOfExactly1023BytesAndRefusesToEncodeLonger() throws Exception {
    String max = "/" + "a".repeat(Multistream.MAX_MESSAGE_LENGTH - 2);
    byte[] enc = MultistreamCodec.encode(max);

    assertThat(enc).hasSize(2 + Multistream.MAX_MESSAGE_LENGTH);
    assertThat(MultistreamCodec.decode(enc)).isEqualTo(max);
    assertThatThrownBy(() -> MultistreamCodec.encode(max + "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MultistreamCodec.encode("/a\n/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparesExactlyWithoutTrimming() throws Exception {
    assertThat(MultistreamCodec.decode(Hex.decode("082f6e6f697365200a"))).isEqualTo("/noise ");
    assertThat(MultistreamCodec.decode(Hex.decode("022f0a"))).isEqualTo("/");
  }

  @Test
  void rejectsMalformedLsBodies() {
    assertReason(() -> MultistreamCodec.decodeLsBody(new byte[0]), Reason.MALFORMED_MESSAGE);
    assertReason(
        () -> MultistreamCodec.decodeLsBody(Hex.decode("072f6e6f6973650a")),
        Reason.MALFORMED_MESSAGE); // no final newline after the entry
    assertReason(
        () -> MultistreamCodec.decodeLsBody(Hex.decode("072f6e6f69730a")),
        Reason.MALFORMED_MESSAGE); // entry truncated
    assertReason(
        () -> MultistreamCodec.decodeLsBody(Hex.decode("062f6e6f6973650a")),
        Reason.MALFORMED_MESSAGE); // entry without its own newline
    assertThatThrownBy(() -> MultistreamCodec.encodeLsResponse(List.of("/" + "x".repeat(1100))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomBytesOnlyGiveMultistreamException() {
    byte[][] valid = {
      MultistreamCodec.encode(Multistream.PROTOCOL_ID),
      MultistreamCodec.encode("/vac/waku/relay/2.0.0"),
      MultistreamCodec.encodeLsResponse(List.of("/ipfs/id/1.0.0", "/noise")),
    };
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in =
              r.nextBoolean()
                  ? RandomInputs.bytes(r, 60)
                  : RandomInputs.mutate(r, valid[r.nextInt(valid.length)]);
          try {
            String line = MultistreamCodec.decode(in);
            if (line.indexOf('\n') >= 0) {
              // accepted like go-multistream (only the last byte must be a newline); such a line
              // never matches a protocol id and cannot be re-encoded
              assertThatThrownBy(() -> MultistreamCodec.encode(line))
                  .isInstanceOf(IllegalArgumentException.class);
            } else {
              assertThat(MultistreamCodec.encode(line)).isEqualTo(in);
            }
          } catch (MultistreamException expected) {
            // typed
          }
          try {
            MultistreamCodec.decodeLsBody(in);
          } catch (MultistreamException expected) {
            // typed
          }
        });
  }

  private static void assertReason(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(MultistreamException.class)
        .satisfies(e -> assertThat(((MultistreamException) e).reason()).isEqualTo(reason));
  }
}

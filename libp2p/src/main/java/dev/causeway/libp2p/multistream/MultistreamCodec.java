package dev.causeway.libp2p.multistream;

import dev.causeway.libp2p.multistream.MultistreamException.Reason;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.MessageTooLargeException;
import dev.causeway.libp2p.varint.Uvarint;
import dev.causeway.libp2p.varint.VarintException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoding and decoding of multistream-select messages (spec libp2p-core.md §2.1): {@code
 * uvarint(len) ‖ utf8(line) ‖ '\n'}, the newline counted in {@code len}, the body at most {@link
 * Multistream#MAX_MESSAGE_LENGTH} bytes; and of the {@code ls} answer, one message whose body is
 * the LP-encoded {@code protocol\n} entries followed by a final {@code \n} (the form of the
 * multistream-select spec and js-libp2p).
 */
public final class MultistreamCodec {
  /*
   * Lines are compared byte-exactly after removing the single trailing newline; nothing else is
   * trimmed, because matching is exact string equality (spec §2.2) and a lenient reader would only
   * hide a peer bug. Decoding is strict UTF-8 so that two different byte strings never decode to
   * the same protocol id.
   */

  private MultistreamCodec() {}

  /**
   * The message carrying {@code line} ({@code "na"}, {@code "ls"}, a protocol id).
   *
   * @throws IllegalArgumentException if the line contains a newline or the message would exceed
   *     {@link Multistream#MAX_MESSAGE_LENGTH}
   */
  public static byte[] encode(String line) {
    checkLine(line);
    byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[Uvarint.length(utf8.length + 1) + utf8.length + 1];
    int p = Uvarint.write(utf8.length + 1, out, 0);
    System.arraycopy(utf8, 0, out, p, utf8.length);
    out[out.length - 1] = '\n';
    return out;
  }

  /**
   * Checks that {@code line} can be sent as one message: no newline, and its UTF-8 form plus the
   * newline at most {@link Multistream#MAX_MESSAGE_LENGTH} bytes.
   *
   * @throws IllegalArgumentException if not
   */
  public static void checkLine(String line) {
    if (line.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("multistream line must not contain a newline");
    }
    if (line.getBytes(StandardCharsets.UTF_8).length + 1 > Multistream.MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException(
          "multistream line longer than " + (Multistream.MAX_MESSAGE_LENGTH - 1) + " bytes");
    }
  }

  /**
   * The line carried by one message body (length prefix already removed).
   *
   * @throws MultistreamException if the body does not end with a newline or is not UTF-8
   */
  public static String decodeBody(byte[] body) throws MultistreamException {
    if (body.length == 0 || body[body.length - 1] != '\n') {
      throw new MultistreamException(Reason.MALFORMED_MESSAGE, "message without trailing newline");
    }
    if (body.length > Multistream.MAX_MESSAGE_LENGTH) {
      throw new MultistreamException(
          Reason.MESSAGE_TOO_LARGE,
          "message of " + body.length + " bytes exceeds " + Multistream.MAX_MESSAGE_LENGTH);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body, 0, body.length - 1))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MultistreamException(Reason.MALFORMED_MESSAGE, "message is not valid UTF-8");
    }
  }

  /**
   * Decodes a buffer holding exactly one message.
   *
   * @throws MultistreamException if malformed, too large, truncated or followed by more bytes
   */
  public static String decode(byte[] message) throws MultistreamException {
    try {
      return decodeBody(LengthPrefixed.decodeExact(message, Multistream.MAX_MESSAGE_LENGTH));
    } catch (MessageTooLargeException e) {
      throw new MultistreamException(Reason.MESSAGE_TOO_LARGE, e.getMessage());
    } catch (VarintException e) {
      throw new MultistreamException(Reason.MALFORMED_MESSAGE, e.getMessage());
    }
  }

  /**
   * The answer to {@code ls} listing {@code protocols}.
   *
   * @throws IllegalArgumentException if a protocol id is invalid or the answer would exceed {@link
   *     Multistream#MAX_MESSAGE_LENGTH}
   */
  public static byte[] encodeLsResponse(List<String> protocols) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String p : protocols) {
      checkLine(p);
      body.writeBytes(encode(p));
    }
    body.write('\n');
    if (body.size() > Multistream.MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException(
          "ls answer of " + body.size() + " bytes exceeds " + Multistream.MAX_MESSAGE_LENGTH);
    }
    return LengthPrefixed.frame(body.toByteArray());
  }

  /** True if the {@code ls} answer for {@code protocols} fits in one message. */
  static boolean lsResponseFits(List<String> protocols) {
    long size = 1;
    for (String p : protocols) {
      int n = p.getBytes(StandardCharsets.UTF_8).length + 1;
      size += Uvarint.length(n) + n;
    }
    return size <= Multistream.MAX_MESSAGE_LENGTH;
  }

  /**
   * The protocols listed in the body of an {@code ls} answer (length prefix already removed).
   *
   * @throws MultistreamException if the body is not a sequence of messages followed by a newline
   */
  public static List<String> decodeLsBody(byte[] body) throws MultistreamException {
    if (body.length == 0 || body[body.length - 1] != '\n') {
      throw new MultistreamException(Reason.MALFORMED_MESSAGE, "ls answer without final newline");
    }
    LengthPrefixedReader reader = new LengthPrefixedReader(Multistream.MAX_MESSAGE_LENGTH);
    List<String> out = new ArrayList<>();
    int end = body.length - 1;
    int p = 0;
    try {
      while (p < end) {
        p += reader.read(body, p, end - p);
        if (!reader.hasMessage()) {
          throw new MultistreamException(Reason.MALFORMED_MESSAGE, "truncated ls entry");
        }
        out.add(decodeBody(reader.takeMessage()));
      }
    } catch (MessageTooLargeException e) {
      throw new MultistreamException(Reason.MESSAGE_TOO_LARGE, e.getMessage());
    } catch (VarintException e) {
      throw new MultistreamException(Reason.MALFORMED_MESSAGE, e.getMessage());
    }
    return out;
  }
}

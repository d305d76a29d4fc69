package dev.causeway.v2.core;

import java.io.IOException;

/**
 * The first step of every request/response decoder of the Waku protocols (spec
 * v2-filter-lightpush.md §1, §3, §4): refuse a body above the decoder's limit before anything is
 * parsed, then parse it as protobuf, turning either failure into the codec's own checked exception.
 * What a codec checks afterwards (required fields, enum values, the embedded message) stays in the
 * codec.
 *
 * <p>Input: a whole body without its length prefix. Thread-safe; keeps no state.
 */
public final class BoundedProtobuf {
  /*
   * Each codec keeps its exception type, its reasons and its exact wording (the text reaches the
   * wire in status descriptions, and the protocols count failures by the exception's reason), so the
   * helper does not build exceptions itself: the codec passes a Rejections, usually one constant per
   * message type. The parser may throw any IOException because a parse through a CodedInputStream
   * (aliasing, checkLastTagWas) throws IOException, not only InvalidProtocolBufferException; both
   * count as malformed, as they did in each codec. Runtime exceptions are not caught.
   */

  /** Parses a whole body, e.g. a generated message's {@code parseFrom}. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(byte[] body) throws IOException;
  }

  /** How a codec words the two failures as its own checked exception. */
  public interface Rejections<E extends Exception> {
    /** The body of {@code size} bytes is above {@code limit}; nothing was parsed. */
    E tooLarge(int size, int limit);

    /** The parser failed. */
    E malformed(IOException cause);
  }

  private BoundedProtobuf() {}

  /**
   * @throws E {@link Rejections#tooLarge} when {@code body} is longer than {@code limit}, {@link
   *     Rejections#malformed} when {@code parser} fails
   */
  public static <T, E extends Exception> T parse(
      byte[] body, int limit, Parser<T> parser, Rejections<E> rejections) throws E {
    if (body.length > limit) {
      throw rejections.tooLarge(body.length, limit);
    }
    try {
      return parser.parse(body);
    } catch (IOException e) {
      throw rejections.malformed(e);
    }
  }
}

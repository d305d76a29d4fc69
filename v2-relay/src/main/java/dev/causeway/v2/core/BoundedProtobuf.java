package dev.causeway.v2.core;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.function.Function;

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

  /**
   * Parses from a protobuf input, e.g. a generated message's {@code parseFrom(CodedInputStream)}.
   */
  @FunctionalInterface
  public interface InputParser<T> {
    T parse(CodedInputStream in) throws IOException;
  }

  /** How a codec words the two failures as its own checked exception. */
  public interface Rejections<E extends Exception> {
    /** The body of {@code size} bytes is above {@code limit}; nothing was parsed. */
    E tooLarge(int size, int limit);

    /** The parser failed. */
    E malformed(IOException cause);
  }

  /** The "too large" half of a {@link Rejections}. */
  @FunctionalInterface
  public interface TooLarge<E extends Exception> {
    E tooLarge(int size, int limit);
  }

  private BoundedProtobuf() {}

  /** A {@link Rejections} from its two halves, for codecs that word them with lambdas. */
  public static <E extends Exception> Rejections<E> rejections(
      TooLarge<E> tooLarge, Function<IOException, E> malformed) {
    return new Rejections<>() {
      @Override
      public E tooLarge(int size, int limit) {
        return tooLarge.tooLarge(size, limit);
      }

      @Override
      public E malformed(IOException cause) {
        return malformed.apply(cause);
      }
    };
  }

  /**
   * A {@link Parser} that reads the body through a {@link CodedInputStream} with aliasing enabled
   * (the store and filter codecs' way for messages that carry whole WakuMessages) and, like {@code
   * parseFrom(byte[])}, refuses a stray end-group tag ({@code checkLastTagWas(0)}).
   *
   * <p>Note: protobuf-java aliases only input it knows to be immutable, which {@code
   * CodedInputStream.newInstance(byte[])} does not claim, so {@code bytes} fields are still copies
   * of the body (as they were in each codec before this helper).
   */
  public static <T> Parser<T> aliasing(InputParser<T> parser) {
    return body -> {
      CodedInputStream in = CodedInputStream.newInstance(body);
      in.enableAliasing(true);
      T parsed = parser.parse(in);
      in.checkLastTagWas(0);
      return parsed;
    };
  }

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

package dev.causeway.libp2p.host;

import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.MessageTooLargeException;
import dev.causeway.libp2p.varint.VarintException;
import java.util.concurrent.CompletableFuture;

/**
 * One request and one response over a fresh stream, each a uvarint-length-prefixed message, the
 * shape of the Waku request/response protocols (store, filter subscribe, light push): writes the
 * framed request, closes its write side and reads one response of at most {@code maxResponse} bytes
 * (checked before the body is buffered).
 *
 * <p>The result fails with an {@link ExchangeException} naming what went wrong; the caller maps it
 * to its protocol's own error, applies its timeout and resets the stream when it gives up (this
 * class never resets: a failure seen here came from the stream or the peer).
 */
public final class LengthPrefixedExchange {
  /** What went wrong. */
  public enum Failure {
    /** The response's length prefix is not a valid uvarint. */
    BAD_FRAME,
    /** The response is longer than allowed. */
    TOO_LARGE,
    /** The peer closed the stream before a whole response arrived. */
    CLOSED,
    /** The stream was reset. */
    RESET,
    /** Writing the request failed. */
    WRITE_FAILED
  }

  /** A failed exchange. */
  public static final class ExchangeException extends StreamException {
    private static final long serialVersionUID = 1L;
    private final Failure failure;

    ExchangeException(Failure failure, String message, Throwable cause) {
      super(message, cause);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }

    /** Whether the peer's response itself was bad (not the stream): BAD_FRAME or TOO_LARGE. */
    public boolean badResponse() {
      return failure == Failure.BAD_FRAME || failure == Failure.TOO_LARGE;
    }
  }

  private LengthPrefixedExchange() {}

  /** Sends {@code body} framed on {@code stream} and completes with the response's body. */
  public static CompletableFuture<byte[]> exchange(Stream stream, byte[] body, int maxResponse) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    LengthPrefixedReader reader = new LengthPrefixedReader(maxResponse);
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            if (result.isDone()) {
              return;
            }
            try {
              reader.read(data, 0, data.length);
              if (reader.hasMessage()) {
                result.complete(reader.takeMessage());
              }
            } catch (MessageTooLargeException e) {
              fail(Failure.TOO_LARGE, "response longer than " + maxResponse + " bytes", e);
            } catch (VarintException e) {
              fail(Failure.BAD_FRAME, "bad response length prefix: " + e.getMessage(), e);
            }
          }

          @Override
          public void onRemoteClose() {
            fail(Failure.CLOSED, "stream closed before a complete response", null);
          }

          @Override
          public void onReset() {
            fail(Failure.RESET, "stream reset", null);
          }

          private void fail(Failure f, String message, Throwable cause) {
            result.completeExceptionally(new ExchangeException(f, message, cause));
          }
        });
    stream
        .write(LengthPrefixed.frame(body))
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                result.completeExceptionally(
                    new ExchangeException(Failure.WRITE_FAILED, "request write failed", e));
              }
            });
    stream.closeWrite();
    return result;
  }
}

package dev.causeway.v2.reqresp;

import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.MessageTooLargeException;
import dev.causeway.libp2p.varint.VarintException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The serving side of a one-request stream (spec v2-store.md §3.5 step 1, v2-filter-lightpush.md
 * §3-§4): reads one length-prefixed request of at most {@code maxRequestSize} bytes (checked on the
 * length prefix, before the body is allocated) and reports exactly one outcome per stream to a
 * {@link Handler}: the request, a bad frame, a close or reset before the request, or a timeout.
 * Bytes after the request are ignored. {@link #answer} writes the one length-prefixed response and
 * half-closes.
 *
 * <p>Input assumptions: the stream is an inbound one whose listener is not set yet; callbacks and
 * the timer run on {@link Stream#executor()} (the stream's event loop), so the handler must not
 * block there.
 */
public final class RequestReader {
  /*
   * State is one flag touched only on the stream's event loop (listener callbacks and the timer
   * both run there), so it needs no lock. The timer is cancelled on every outcome so that a served
   * stream leaves nothing scheduled. What happens to the stream after a bad frame or an early close
   * is the protocol's choice (store resets, light push answers or half-closes); after a timeout the
   * stream is always reset, since nothing can be answered to a request that never came.
   */

  /** The outcomes of reading one request; exactly one is called per stream, on its event loop. */
  public interface Handler {
    /** The whole request arrived (without its length prefix). */
    void onRequest(Stream stream, byte[] body);

    /**
     * The length prefix is malformed, or announces more than the limit (then {@code e} is a {@link
     * MessageTooLargeException}). The stream is left as it is: answer or reset it.
     */
    void onBadFrame(Stream stream, VarintException e);

    /** The remote half-closed before a whole request. The stream is left as it is. */
    void onClosedBeforeRequest(Stream stream);

    /** The stream was reset before a whole request. */
    void onResetBeforeRequest(Stream stream);

    /** No whole request within the timeout. The stream is reset after this returns. */
    void onTimeout(Stream stream);
  }

  private RequestReader() {}

  /** Sets {@code stream}'s listener and starts the timeout; see the class comment. */
  public static void read(Stream stream, int maxRequestSize, Duration timeout, Handler handler) {
    LengthPrefixedReader reader = new LengthPrefixedReader(maxRequestSize);
    boolean[] done = {false};
    ScheduledFuture<?> timer =
        stream
            .executor()
            .schedule(
                () -> {
                  if (!done[0]) {
                    done[0] = true;
                    handler.onTimeout(stream);
                    stream.reset();
                  }
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            if (done[0]) {
              return;
            }
            try {
              reader.read(data, 0, data.length);
            } catch (VarintException e) {
              finish();
              handler.onBadFrame(stream, e);
              return;
            }
            if (reader.hasMessage()) {
              finish();
              handler.onRequest(stream, reader.takeMessage());
            }
          }

          @Override
          public void onRemoteClose() {
            if (!done[0]) {
              finish();
              handler.onClosedBeforeRequest(stream);
            }
          }

          @Override
          public void onReset() {
            if (!done[0]) {
              finish();
              handler.onResetBeforeRequest(stream);
            }
          }

          private void finish() {
            done[0] = true;
            timer.cancel(false);
          }
        });
  }

  /**
   * Writes {@code body} length-prefixed and half-closes. Thread-safe (any thread may answer).
   *
   * @return the write's completion, for callers that want to log a response that was not sent
   */
  public static CompletableFuture<Void> answer(Stream stream, byte[] body) {
    CompletableFuture<Void> written = stream.write(LengthPrefixed.frame(body));
    stream.closeWrite();
    return written;
  }
}

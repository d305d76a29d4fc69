package dev.causeway.v2.lightpush;

import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.MessageTooLargeException;
import dev.causeway.libp2p.varint.VarintException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one light push protocol id on libp2p streams (spec v2-filter-lightpush.md §3, §4): reads
 * one length-prefixed request (bounded by {@code maxRequestSize}, checked before the body is
 * allocated), hands it to {@link LightPushProtocol}, writes the length-prefixed response and
 * half-closes. A request that does not arrive within the timeout resets the stream; bytes after the
 * request are ignored.
 */
final class LightPushStreamHandler implements StreamHandler {
  /*
   * Threads: listener callbacks and the timer run on the stream's event loop; state is touched
   * there only. The response is written from whatever thread completes the protocol's future (the
   * gossipsub thread or a connection's loop); Stream.write and closeWrite are thread-safe, and
   * nothing here waits for anything.
   */
  private static final Logger LOG = LoggerFactory.getLogger(LightPushStreamHandler.class);

  private final LightPushVersion version;
  private final LightPushProtocol protocol;
  private final LightPushMetrics metrics;
  private final long timeoutNanos;

  LightPushStreamHandler(
      LightPushVersion version,
      LightPushProtocol protocol,
      LightPushMetrics metrics,
      Duration timeout) {
    this.version = version;
    this.protocol = protocol;
    this.metrics = metrics;
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void onStream(Stream stream) {
    LengthPrefixedReader reader = new LengthPrefixedReader(protocol.config().maxRequestSize());
    boolean[] done = {false};
    ScheduledFuture<?> timer =
        stream
            .executor()
            .schedule(
                () -> {
                  if (!done[0]) {
                    done[0] = true;
                    metrics.drop(LightPushMetrics.StreamDrop.TIMEOUT);
                    LOG.debug("light push request from {} timed out", stream.remotePeer());
                    stream.reset();
                  }
                },
                timeoutNanos,
                TimeUnit.NANOSECONDS);
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            if (done[0]) {
              return;
            }
            byte[] answer = null;
            try {
              reader.read(data, 0, data.length);
              if (!reader.hasMessage()) {
                return;
              }
            } catch (MessageTooLargeException e) {
              answer =
                  protocol.unframeable(
                      version, LightPushCodecException.Reason.TOO_LARGE, e.getMessage());
            } catch (VarintException e) {
              answer =
                  protocol.unframeable(
                      version, LightPushCodecException.Reason.MALFORMED, e.getMessage());
            }
            done[0] = true;
            timer.cancel(false);
            if (answer != null) {
              respond(stream, answer);
              return;
            }
            protocol
                .handle(version, stream.remotePeer(), reader.takeMessage())
                .thenAccept(body -> respond(stream, body));
          }

          @Override
          public void onRemoteClose() {
            if (!done[0]) {
              done[0] = true;
              timer.cancel(false);
              metrics.drop(LightPushMetrics.StreamDrop.CLOSED_BEFORE_REQUEST);
              stream.closeWrite();
            }
          }

          @Override
          public void onReset() {
            if (!done[0]) {
              done[0] = true;
              timer.cancel(false);
              metrics.drop(LightPushMetrics.StreamDrop.CLOSED_BEFORE_REQUEST);
            }
          }
        });
  }

  private void respond(Stream stream, byte[] body) {
    stream
        .write(LengthPrefixed.frame(body))
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.debug(
                    "light push response to {} not sent: {}", stream.remotePeer(), e.toString());
              }
            });
    stream.closeWrite();
  }
}

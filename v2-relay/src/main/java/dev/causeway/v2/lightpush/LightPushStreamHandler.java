package dev.causeway.v2.lightpush;

import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.varint.MessageTooLargeException;
import dev.causeway.libp2p.varint.VarintException;
import dev.causeway.v2.reqresp.RequestReader;
import java.time.Duration;
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
   * Threads: reading the request is RequestReader's (listener callbacks and the timer on the
   * stream's event loop). The response is written from whatever thread completes the protocol's future (the
   * gossipsub thread or a connection's loop); Stream.write and closeWrite are thread-safe, and
   * nothing here waits for anything.
   */
  private static final Logger LOG = LoggerFactory.getLogger(LightPushStreamHandler.class);

  private final LightPushVersion version;
  private final LightPushProtocol protocol;
  private final LightPushMetrics metrics;
  private final Duration timeout;

  LightPushStreamHandler(
      LightPushVersion version,
      LightPushProtocol protocol,
      LightPushMetrics metrics,
      Duration timeout) {
    this.version = version;
    this.protocol = protocol;
    this.metrics = metrics;
    this.timeout = timeout;
  }

  @Override
  public void onStream(Stream stream) {
    RequestReader.read(
        stream,
        protocol.config().maxRequestSize(),
        timeout,
        new RequestReader.Handler() {
          @Override
          public void onRequest(Stream s, byte[] body) {
            protocol
                .handle(version, s.remotePeer(), body)
                .thenAccept(response -> respond(s, response));
          }

          @Override
          public void onBadFrame(Stream s, VarintException e) {
            LightPushCodecException.Reason reason =
                e instanceof MessageTooLargeException
                    ? LightPushCodecException.Reason.TOO_LARGE
                    : LightPushCodecException.Reason.MALFORMED;
            respond(s, protocol.unframeable(version, reason, e.getMessage()));
          }

          @Override
          public void onClosedBeforeRequest(Stream s) {
            metrics.drop(LightPushMetrics.StreamDrop.CLOSED_BEFORE_REQUEST);
            s.closeWrite();
          }

          @Override
          public void onResetBeforeRequest(Stream s) {
            metrics.drop(LightPushMetrics.StreamDrop.CLOSED_BEFORE_REQUEST);
          }

          @Override
          public void onTimeout(Stream s) {
            metrics.drop(LightPushMetrics.StreamDrop.TIMEOUT);
            LOG.debug("light push request from {} timed out", s.remotePeer());
          }
        });
  }

  private void respond(Stream stream, byte[] body) {
    RequestReader.answer(stream, body)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.debug(
                    "light push response to {} not sent: {}", stream.remotePeer(), e.toString());
              }
            });
  }
}

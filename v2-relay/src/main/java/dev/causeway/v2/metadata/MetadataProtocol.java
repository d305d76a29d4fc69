package dev.causeway.v2.metadata;

import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.varint.VarintException;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.reqresp.RequestReader;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /vac/waku/metadata/1.0.0} (spec v2-message-relay-sharding.md §1.2, §7): answers at
 * once with one length-prefixed {@code WakuMetadataResponse} carrying our cluster id and shards and
 * half-closes, then reads the peer's length-prefixed {@code WakuMetadataRequest} (at most {@value
 * MetadataCodec#MAX_MESSAGE_SIZE} bytes) if one comes. A malformed or oversized request, or none
 * within the timeout, resets the stream after our answer.
 */
public final class MetadataProtocol implements StreamHandler {
  /*
   * Answer-then-read, like js-waku's responder. nwaku reads first and answers, but as a requester
   * it writes its request and then reads, so the order is invisible to it. js-waku (0.0.27) opens a
   * metadata stream without writing whenever its peer store entry for us changes and records
   * "cluster 0, no shards" if that stream ends without an answer: answering first serves both.
   * Bytes after the request are ignored. Reading the request (stream events and the timeout
   * timer, on the stream's event loop) is RequestReader's, as for store and light push.
   */
  public static final String ID = ProtocolIds.METADATA;

  private static final Logger LOG = LoggerFactory.getLogger(MetadataProtocol.class);

  private final Supplier<Metadata> self;
  private final Duration timeout;

  /**
   * @param self our metadata, read once per request
   */
  public MetadataProtocol(Supplier<Metadata> self, Duration timeout) {
    this.self = self;
    this.timeout = timeout;
  }

  public MetadataProtocol(MetadataConfig config) {
    this(config::local, config.timeout());
  }

  @Override
  public void onStream(Stream stream) {
    RequestReader.answer(stream, MetadataCodec.encodeResponse(self.get()));
    RequestReader.read(
        stream,
        MetadataCodec.MAX_MESSAGE_SIZE,
        timeout,
        new RequestReader.Handler() {
          @Override
          public void onRequest(Stream s, byte[] body) {
            try {
              Metadata request = MetadataCodec.decodeRequest(body);
              LOG.debug("metadata request from {}: {}", s.remotePeer(), request);
            } catch (MetadataException e) {
              bad(s, e);
            }
          }

          @Override
          public void onBadFrame(Stream s, VarintException e) {
            bad(s, e);
          }

          @Override
          public void onClosedBeforeRequest(Stream s) {
            // A requester that only wanted our answer may close without a request.
          }

          @Override
          public void onResetBeforeRequest(Stream s) {}

          @Override
          public void onTimeout(Stream s) {
            LOG.debug("metadata request from {} timed out", s.remotePeer());
          }
        });
  }

  private static void bad(Stream stream, Exception e) {
    LOG.debug("bad metadata request from {}: {}", stream.remotePeer(), e.getMessage());
    stream.reset();
  }
}

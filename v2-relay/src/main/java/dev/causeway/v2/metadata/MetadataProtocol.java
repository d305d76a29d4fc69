package dev.causeway.v2.metadata;

import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.VarintException;
import dev.causeway.v2.core.ProtocolIds;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
   * Bytes after the request are ignored.
   */
  public static final String ID = ProtocolIds.METADATA;

  private static final Logger LOG = LoggerFactory.getLogger(MetadataProtocol.class);

  private final Supplier<Metadata> self;
  private final long timeoutNanos;

  /**
   * @param self our metadata, read once per request
   */
  public MetadataProtocol(Supplier<Metadata> self, java.time.Duration timeout) {
    this.self = self;
    this.timeoutNanos = timeout.toNanos();
  }

  public MetadataProtocol(MetadataConfig config) {
    this(config::local, config.timeout());
  }

  @Override
  public void onStream(Stream stream) {
    LengthPrefixedReader reader = new LengthPrefixedReader(MetadataCodec.MAX_MESSAGE_SIZE);
    boolean[] done = {false};
    stream.write(LengthPrefixed.frame(MetadataCodec.encodeResponse(self.get())));
    stream.closeWrite();
    ScheduledFuture<?> timer =
        stream
            .executor()
            .schedule(
                () -> {
                  if (!done[0]) {
                    done[0] = true;
                    LOG.debug("metadata request from {} timed out", stream.remotePeer());
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
            try {
              reader.read(data, 0, data.length);
              if (!reader.hasMessage()) {
                return;
              }
              done[0] = true;
              timer.cancel(false);
              Metadata request = MetadataCodec.decodeRequest(reader.takeMessage());
              LOG.debug("metadata request from {}: {}", stream.remotePeer(), request);
            } catch (VarintException | MetadataException e) {
              done[0] = true;
              timer.cancel(false);
              LOG.debug("bad metadata request from {}: {}", stream.remotePeer(), e.getMessage());
              stream.reset();
            }
          }

          @Override
          public void onRemoteClose() {
            // A requester that only wanted our answer may close without a request.
            done[0] = true;
            timer.cancel(false);
          }

          @Override
          public void onReset() {
            done[0] = true;
            timer.cancel(false);
          }
        });
  }
}

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
 * Serves {@code /vac/waku/metadata/1.0.0} (spec v2-message-relay-sharding.md §1.2, §7): reads one
 * length-prefixed {@code WakuMetadataRequest} of at most {@value MetadataCodec#MAX_MESSAGE_SIZE}
 * bytes, answers with one length-prefixed {@code WakuMetadataResponse} carrying our cluster id and
 * shards, and half-closes. A request that is malformed, too large, missing (the peer closed first)
 * or not complete within the timeout gets the stream reset and no answer, as in nwaku.
 */
public final class MetadataProtocol implements StreamHandler {
  /*
   * Read-then-answer, like nwaku. js-waku's responder answers first and reads afterwards, but as a
   * requester it writes its request straight away, so our order never deadlocks with it. Bytes after
   * the request are ignored: the request is the only thing a requester sends.
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
              stream.write(LengthPrefixed.frame(MetadataCodec.encodeResponse(self.get())));
              stream.closeWrite();
            } catch (VarintException | MetadataException e) {
              done[0] = true;
              timer.cancel(false);
              LOG.debug("bad metadata request from {}: {}", stream.remotePeer(), e.getMessage());
              stream.reset();
            }
          }

          @Override
          public void onRemoteClose() {
            if (!done[0]) {
              done[0] = true;
              timer.cancel(false);
              stream.reset();
            }
          }

          @Override
          public void onReset() {
            done[0] = true;
            timer.cancel(false);
          }
        });
  }
}

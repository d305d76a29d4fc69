package dev.causeway.v2.store;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.store.archive.MessageArchive;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * Serves store v3 {@code /vac/waku/store-query/3.0.0} (spec v2-store.md §2-§3) from a {@link
 * MessageArchive}: length-prefixed {@code StoreQueryRequest} → decode ({@link StoreCodec}) →
 * validate and query ({@link StoreQueryHandler}, on a bounded worker pool) → one {@code
 * StoreQueryResponse} → half-close ({@link StoreServer}).
 *
 * <p>Status codes (§3.4, §3.5): 200 success; 400 undecodable or invalid request (request id echoed
 * when the protobuf parsed, else empty); 300 archive failure (unknown cursor, driver error); 429
 * when the peer's token bucket is empty (request id {@code "N/A"}, desc {@code TOO_MANY_REQUESTS},
 * as nwaku); 503 when the worker queue is full or the archive is closed or overloaded (request id
 * echoed when decodable).
 *
 * <p>Use {@link #mount} before the host starts, so that identify lists the protocol from the first
 * connection on; {@link #close()} unregisters and stops the workers (the archive is the caller's).
 */
public final class StoreProtocol extends MountedStoreServer {
  public static final String ID = ProtocolIds.STORE_QUERY;

  private StoreProtocol(Libp2pHost host, StoreServer server) {
    super(host, ID, server);
  }

  /**
   * Serves store v3 on {@code host} from {@code archive}. Call before {@link Libp2pHost#start()}
   * (for a {@code WakuV2Node}: after constructing it, before {@code start()}, on {@code
   * node.host()}); mounting later works too but peers learn of it only through identify push.
   */
  public static StoreProtocol mount(
      Libp2pHost host,
      MessageArchive archive,
      StoreConfig config,
      MeterRegistry registry,
      Clock clock) {
    StoreMetrics metrics = new StoreMetrics(registry, StoreMetrics.Protocol.V3);
    StoreQueryHandler handler = new StoreQueryHandler(archive, config, clock, metrics);
    return new StoreProtocol(
        host, new StoreServer(new V3Service(handler, metrics), config, metrics, clock, "store-v3"));
  }

  /** Store v3 plugged into the {@link StoreServer}. */
  static final class V3Service implements StoreServer.Service {
    private final StoreQueryHandler handler;
    private final StoreMetrics metrics;

    V3Service(StoreQueryHandler handler, StoreMetrics metrics) {
      this.handler = handler;
      this.metrics = metrics;
    }

    @Override
    public int maxRequestSize() {
      return StoreCodec.MAX_REQUEST_SIZE;
    }

    @Override
    public StoreServer.Reply handle(byte[] body) {
      StoreQueryResponse response;
      try {
        response = handler.handle(StoreCodec.decodeRequest(body));
      } catch (StoreCodecException e) {
        metrics.decodeError(e.reason());
        response =
            StoreQueryResponse.error(
                e.requestId().orElse(""),
                StoreStatus.BAD_REQUEST,
                "decoding rpc failed: " + e.getMessage());
      }
      return reply(response);
    }

    @Override
    public StoreServer.Reply rateLimited(byte[] body) {
      return reply(
          StoreQueryResponse.error(
              StoreStatus.NOT_AVAILABLE_ID,
              StoreStatus.TOO_MANY_REQUESTS,
              StoreStatus.TOO_MANY_REQUESTS_DESC));
    }

    @Override
    public StoreServer.Reply overloaded(byte[] body) {
      String id;
      try {
        id = StoreCodec.decodeRequest(body).requestId();
      } catch (StoreCodecException e) {
        id = e.requestId().orElse("");
      }
      return reply(
          StoreQueryResponse.error(
              id, StoreStatus.SERVICE_UNAVAILABLE, StoreStatus.SERVICE_UNAVAILABLE_DESC));
    }

    private static StoreServer.Reply reply(StoreQueryResponse r) {
      return new StoreServer.Reply(StoreCodec.encodeResponse(r), r.statusCode().orElseThrow());
    }
  }
}

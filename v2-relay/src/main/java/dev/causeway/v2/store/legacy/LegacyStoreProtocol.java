package dev.causeway.v2.store.legacy;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.store.MountedStoreServer;
import dev.causeway.v2.store.StoreCodecException;
import dev.causeway.v2.store.StoreConfig;
import dev.causeway.v2.store.StoreMetrics;
import dev.causeway.v2.store.StoreServer;
import dev.causeway.v2.store.StoreStatus;
import dev.causeway.v2.store.archive.MessageArchive;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * Serves legacy store {@code /vac/waku/store/2.0.0-beta4} (spec v2-store.md §4) from the same
 * {@link MessageArchive} as store v3: length-prefixed {@code HistoryRPC} with a query → {@link
 * LegacyStoreHandler} on a bounded worker pool → one {@code HistoryRPC} with the response and the
 * request id → half-close ({@link StoreServer}, which also applies the per-peer rate limit).
 * Rate-limited requests get error 429 with request id {@code "N/A"} (nwaku), a full worker queue
 * 503, an undecodable request or one without a query {@code INVALID_CURSOR}.
 *
 * <p>Mount before the host starts ({@link #mount}); {@link #close()} unregisters and stops the
 * workers.
 */
public final class LegacyStoreProtocol extends MountedStoreServer {
  public static final String ID = ProtocolIds.LEGACY_STORE;

  private LegacyStoreProtocol(Libp2pHost host, StoreServer server) {
    super(host, ID, server);
  }

  public static LegacyStoreProtocol mount(
      Libp2pHost host,
      MessageArchive archive,
      StoreConfig config,
      MeterRegistry registry,
      Clock clock) {
    StoreMetrics metrics = new StoreMetrics(registry, StoreMetrics.Protocol.LEGACY);
    LegacyStoreHandler handler = new LegacyStoreHandler(archive, config);
    return new LegacyStoreProtocol(
        host,
        new StoreServer(new Service(handler, metrics), config, metrics, clock, "store-legacy"));
  }

  private static final class Service implements StoreServer.Service {
    private final LegacyStoreHandler handler;
    private final StoreMetrics metrics;

    Service(LegacyStoreHandler handler, StoreMetrics metrics) {
      this.handler = handler;
      this.metrics = metrics;
    }

    @Override
    public int maxRequestSize() {
      return LegacyStoreCodec.MAX_REQUEST_SIZE;
    }

    @Override
    public StoreServer.Reply handle(byte[] body) {
      HistoryRpc rpc;
      try {
        rpc = LegacyStoreCodec.decode(body, LegacyStoreCodec.MAX_REQUEST_SIZE);
      } catch (StoreCodecException e) {
        metrics.decodeError(e.reason());
        return reply(
            e.requestId().orElse(""),
            HistoryResponse.error(HistoryResponse.INVALID_CURSOR),
            StoreStatus.BAD_REQUEST);
      }
      if (rpc.query().isEmpty()) {
        return reply(
            rpc.requestId(),
            HistoryResponse.error(HistoryResponse.INVALID_CURSOR),
            StoreStatus.BAD_REQUEST);
      }
      LegacyStoreHandler.Result r = handler.handle(rpc.query().get());
      return reply(rpc.requestId(), r.response(), r.status());
    }

    @Override
    public StoreServer.Reply rateLimited(byte[] body) {
      return reply(
          StoreStatus.NOT_AVAILABLE_ID,
          HistoryResponse.error(HistoryResponse.TOO_MANY_REQUESTS),
          StoreStatus.TOO_MANY_REQUESTS);
    }

    @Override
    public StoreServer.Reply overloaded(byte[] body) {
      String id;
      try {
        id = LegacyStoreCodec.decode(body, LegacyStoreCodec.MAX_REQUEST_SIZE).requestId();
      } catch (StoreCodecException e) {
        id = e.requestId().orElse("");
      }
      return reply(
          id,
          HistoryResponse.error(HistoryResponse.SERVICE_UNAVAILABLE),
          StoreStatus.SERVICE_UNAVAILABLE);
    }

    private static StoreServer.Reply reply(String id, HistoryResponse r, int status) {
      return new StoreServer.Reply(LegacyStoreCodec.encode(HistoryRpc.response(id, r)), status);
    }
  }
}

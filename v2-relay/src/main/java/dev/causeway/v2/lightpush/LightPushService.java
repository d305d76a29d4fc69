package dev.causeway.v2.lightpush;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.v2.relay.WakuRelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The light push service of a node (spec v2-filter-lightpush.md §3, §4, §6 "Lightpush service"):
 * serves {@code /vac/waku/lightpush/3.0.0} and {@code /vac/waku/lightpush/2.0.0-beta1} on a {@link
 * Libp2pHost} and relays what clients push through {@link WakuRelay}.
 *
 * <p>Use: build the node, then {@link #mount} before the host starts (so that identify lists the
 * protocol ids from the first connection on; js-waku picks light push peers from identify), then
 * start the node. {@link #close()} unregisters the handlers (idempotent); the host and relay stay
 * the caller's. For example, with a {@code WakuV2Node}:
 *
 * <pre>{@code
 * WakuV2Node node = new WakuV2Node(cfg, registry, clock, random);
 * LightPushService lp = LightPushService.mount(node.host(), node.relay(),
 *     LightPushConfig.builder().validation(cfg.validation()).build(), registry, clock);
 * node.start();
 * }</pre>
 */
public final class LightPushService implements AutoCloseable {
  private final Libp2pHost host;
  private final LightPushProtocol protocol;
  private final LightPushMetrics metrics;
  private final List<String> protocolIds;
  private volatile boolean closed;

  private LightPushService(
      Libp2pHost host, LightPushProtocol protocol, LightPushMetrics metrics, List<String> ids) {
    this.host = host;
    this.protocol = protocol;
    this.metrics = metrics;
    this.protocolIds = List.copyOf(ids);
  }

  /** Mounts light push relaying through {@code relay}. */
  public static LightPushService mount(
      Libp2pHost host, WakuRelay relay, LightPushConfig cfg, MeterRegistry reg, Clock clock) {
    return mount(host, new RelayPushHandler(relay), cfg, reg, clock);
  }

  /** Mounts light push with another backend (tests, or a node that forwards elsewhere). */
  public static LightPushService mount(
      Libp2pHost host, PushHandler handler, LightPushConfig cfg, MeterRegistry reg, Clock clock) {
    Objects.requireNonNull(host, "host");
    LightPushMetrics metrics = new LightPushMetrics(reg);
    LightPushProtocol protocol =
        new LightPushProtocol(cfg, handler, metrics, clock, System::nanoTime);
    List<String> ids = new ArrayList<>();
    if (cfg.serveV3()) {
      ids.add(LightPushVersion.V3.protocolId());
    }
    if (cfg.serveV2()) {
      ids.add(LightPushVersion.V2.protocolId());
    }
    for (String id : ids) {
      LightPushVersion v = LightPushVersion.ofProtocolId(id);
      host.registerHandler(
          id, new LightPushStreamHandler(v, protocol, metrics, cfg.requestTimeout()));
    }
    return new LightPushService(host, protocol, metrics, ids);
  }

  public LightPushMetrics metrics() {
    return metrics;
  }

  public LightPushProtocol protocol() {
    return protocol;
  }

  /** The protocol ids served. */
  public List<String> protocolIds() {
    return protocolIds;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (String id : protocolIds) {
      host.unregisterHandler(id);
    }
  }
}

package dev.causeway.v2.metadata;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.ConnectionListener;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.peer.PeerId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs 66/WAKU2-METADATA the way nwaku's peer manager does (spec v2-message-relay-sharding.md §7,
 * §6.3): serves the protocol on the host, and on every new connection, inbound or outbound, asks
 * the peer for its metadata and closes the connection if the peer is in another cluster, reports no
 * cluster, or (unless {@link MetadataConfig#disconnectWithoutMetadata()} is off) does not serve the
 * protocol or fails the exchange. Each close is counted by {@link DisconnectReason}; listeners hear
 * about every accepted peer and every close. Differing shards never cause a disconnect (the spec
 * advises against it).
 *
 * <p>Lifecycle: {@link #start(Libp2pHost)} once, {@link #close()} (idempotent) stops serving and
 * stops acting on new connections. The host's listener callbacks arrive on connection event loops;
 * this class never blocks them.
 */
public final class MetadataService implements ConnectionListener, AutoCloseable {
  /*
   * Keying: metadata is kept per connection (a peer may have several, each gets its own exchange,
   * as every new connection does in nwaku) and dropped when that connection closes; peerMetadata()
   * answers from any live connection of the peer. The exchange result and onDisconnected both run
   * on the connection's event loop, so "store only if still open" cannot race with the removal.
   *
   * Mapping of failures to nwaku's disconnect reasons: a stream that cannot be opened (the peer
   * answered multistream `na`, or the connection died) is nwaku's "dial failed"; anything after the
   * stream opened (reset, early EOF, timeout, malformed answer) is "request failed".
   */

  /** Why a connection was closed after the metadata exchange (nwaku's reasons). */
  public enum DisconnectReason {
    /** The metadata stream could not be opened: protocol not supported, or the dial failed. */
    UNSUPPORTED,
    /** The exchange failed after the stream opened (reset, early close, timeout, bad answer). */
    REQUEST_FAILED,
    /** The peer's answer had no cluster id. */
    NO_CLUSTER_ID,
    /** The peer is in another cluster. */
    CLUSTER_MISMATCH
  }

  /** Receives exchange outcomes, on the connection's event loop. Must not block. */
  public interface Listener {
    /** The peer on {@code connection} passed the check and reported {@code metadata}. */
    default void onAccepted(Connection connection, Metadata metadata) {}

    /** {@code connection} is being closed for {@code reason}. */
    default void onRejected(Connection connection, DisconnectReason reason) {}
  }

  private static final Logger LOG = LoggerFactory.getLogger(MetadataService.class);

  private final MetadataConfig config;
  private final MetadataProtocol protocol;
  private final MetadataClient client;
  private final Map<DisconnectReason, Counter> disconnects = new EnumMap<>(DisconnectReason.class);
  private final Counter accepted;
  private final Map<Connection, Metadata> known = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile Libp2pHost host;
  private volatile boolean closed;

  public MetadataService(MetadataConfig config, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.protocol = new MetadataProtocol(config);
    this.client = new MetadataClient(config);
    for (DisconnectReason r : DisconnectReason.values()) {
      disconnects.put(
          r,
          Counter.builder("causeway_waku_metadata_disconnects_total")
              .description("connections closed after the metadata exchange, by reason")
              .tag("reason", r.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    accepted =
        Counter.builder("causeway_waku_metadata_accepted_total")
            .description("connections whose peer passed the metadata cluster check")
            .register(registry);
  }

  /** The verdict on a peer's answer: empty if it may stay (spec §7). */
  public static Optional<DisconnectReason> check(long ourClusterId, Metadata theirs) {
    if (theirs.clusterId().isEmpty()) {
      return Optional.of(DisconnectReason.NO_CLUSTER_ID);
    }
    if (theirs.clusterId().getAsLong() != ourClusterId) {
      return Optional.of(DisconnectReason.CLUSTER_MISMATCH);
    }
    return Optional.empty();
  }

  /**
   * Serves the metadata protocol on {@code host} and checks each of its new connections.
   *
   * @throws IllegalStateException if already started or closed
   */
  public synchronized void start(Libp2pHost host) {
    if (this.host != null || closed) {
      throw new IllegalStateException("metadata service already started or closed");
    }
    this.host = host;
    host.registerHandler(MetadataProtocol.ID, protocol);
    host.addConnectionListener(this);
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  public MetadataProtocol protocol() {
    return protocol;
  }

  public MetadataClient client() {
    return client;
  }

  /** Metadata the peer reported on one of its open connections, if any. */
  public Optional<Metadata> peerMetadata(PeerId peer) {
    for (Map.Entry<Connection, Metadata> e : known.entrySet()) {
      if (e.getKey().remotePeer().equals(peer)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** Connections closed so far for {@code reason}. */
  public long disconnects(DisconnectReason reason) {
    return (long) disconnects.get(reason).count();
  }

  /** Connections whose peer passed the check so far. */
  public long accepted() {
    return (long) accepted.count();
  }

  @Override
  public void onConnected(Connection connection) {
    if (closed) {
      return;
    }
    client
        .exchange(connection)
        .whenComplete(
            (metadata, err) -> {
              if (closed) {
                return;
              }
              if (err != null) {
                failed(connection, err);
              } else {
                answered(connection, metadata);
              }
            });
  }

  @Override
  public void onDisconnected(Connection connection) {
    known.remove(connection);
  }

  private void answered(Connection connection, Metadata metadata) {
    Optional<DisconnectReason> verdict = check(config.clusterId(), metadata);
    if (verdict.isPresent()) {
      LOG.info(
          "disconnecting {}: {} (ours {}, theirs {})",
          connection.remotePeer(),
          verdict.get(),
          config.clusterId(),
          metadata.clusterId());
      reject(connection, verdict.get());
      return;
    }
    if (connection.isOpen()) {
      known.put(connection, metadata);
    }
    accepted.increment();
    for (Listener l : listeners) {
      l.onAccepted(connection, metadata);
    }
  }

  private void failed(Connection connection, Throwable err) {
    if (!connection.isOpen()) {
      return; // the connection went away by itself; nothing to close or count
    }
    Throwable cause =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    DisconnectReason reason =
        cause instanceof MetadataException me
                && me.reason() == MetadataException.Reason.STREAM_OPEN_FAILED
            ? DisconnectReason.UNSUPPORTED
            : DisconnectReason.REQUEST_FAILED;
    if (!config.disconnectWithoutMetadata()) {
      LOG.debug(
          "metadata exchange with {} failed ({}): {}",
          connection.remotePeer(),
          reason,
          cause.toString());
      return;
    }
    LOG.info(
        "disconnecting {}: metadata {} ({})", connection.remotePeer(), reason, cause.getMessage());
    reject(connection, reason);
  }

  private void reject(Connection connection, DisconnectReason reason) {
    known.remove(connection);
    disconnects.get(reason).increment();
    for (Listener l : listeners) {
      l.onRejected(connection, reason);
    }
    connection.close();
  }

  /** Stops serving the protocol and ignores further connections and pending exchanges. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Libp2pHost h = host;
    if (h != null) {
      h.unregisterHandler(MetadataProtocol.ID);
    }
    known.clear();
  }
}

package dev.causeway.libp2p.host;

import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.identify.IdentifyInfo;
import dev.causeway.libp2p.identify.IdentifyProtocol;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.netty.ConnectionHandler;
import dev.causeway.libp2p.netty.HostContext;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.ping.PingProtocol;
import dev.causeway.libp2p.transport.Transports;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p host: listens on TCP and WebSocket addresses, dials multiaddrs, upgrades every
 * connection (Noise, yamux or mplex), serves registered protocols, runs identify on each new
 * connection and serves identify, identify push and ping; keeps a bounded peer store; enforces
 * connection limits (total, per IP) and backs off from peers whose dials fail.
 *
 * <p>Lifecycle: register handlers, {@link #start()}, {@link #close()} (idempotent).
 */
public final class Libp2pHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Libp2pHost.class);

  private final HostConfig config;
  private final PeerId peerId;
  private final SecureRandom random;
  private final LongSupplier nanoTime;
  private final EventLoopGroup group;
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final PeerStore peerStore = new PeerStore(10_000, 16, 64);
  private final Map<PeerId, List<ConnectionHandler>> connections = new ConcurrentHashMap<>();
  private final Map<PeerId, long[]> backoff = new ConcurrentHashMap<>();
  private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
  private final AtomicInteger openChannels = new AtomicInteger();
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<Connection, CompletableFuture<IdentifyProtocol.Result>> identified =
      new ConcurrentHashMap<>();
  private final List<Channel> servers = new CopyOnWriteArrayList<>();
  private final List<Multiaddr> bound = new CopyOnWriteArrayList<>();
  private final IdentifyProtocol identify;
  private final PingProtocol ping;
  private final Map<HostContext.UpgradeFailure, Counter> upgradeFailures =
      new EnumMap<>(HostContext.UpgradeFailure.class);
  private final Counter connectionsOpened;
  private volatile boolean started;
  private volatile boolean closed;

  public Libp2pHost(HostConfig config, MeterRegistry registry, SecureRandom random) {
    this(config, registry, random, System::nanoTime);
  }

  public Libp2pHost(
      HostConfig config, MeterRegistry registry, SecureRandom random, LongSupplier nanoTime) {
    this.config = config;
    this.peerId = PeerId.fromPublicKey(config.identity().publicKey());
    this.random = random;
    this.nanoTime = nanoTime;
    this.group = new NioEventLoopGroup(config.ioThreads());
    this.identify = new IdentifyProtocol(this::identifyInfo, peerStore);
    this.ping = new PingProtocol(random, nanoTime);
    handlers.put(IdentifyProtocol.ID, identify.responder());
    handlers.put(IdentifyProtocol.PUSH_ID, identify.pushReceiver());
    handlers.put(PingProtocol.ID, ping);
    for (HostContext.UpgradeFailure f : HostContext.UpgradeFailure.values()) {
      upgradeFailures.put(
          f,
          Counter.builder("causeway_libp2p_upgrade_failures_total")
              .tag("reason", f.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    connectionsOpened = Counter.builder("causeway_libp2p_connections_total").register(registry);
    Gauge.builder("causeway_libp2p_connections", openChannels, AtomicInteger::get)
        .register(registry);
  }

  public PeerId peerId() {
    return peerId;
  }

  public PrivKey identity() {
    return config.identity();
  }

  public PeerStore peerStore() {
    return peerStore;
  }

  public PingProtocol pingProtocol() {
    return ping;
  }

  public IdentifyProtocol identifyProtocol() {
    return identify;
  }

  /** Serves {@code protocol}; after start, peers are told through identify push. */
  public void registerHandler(String protocol, StreamHandler handler) {
    handlers.put(protocol, handler);
    if (started) {
      pushIdentify();
    }
  }

  public void unregisterHandler(String protocol) {
    if (handlers.remove(protocol) != null && started) {
      pushIdentify();
    }
  }

  /** Protocol ids we accept streams for, sorted. */
  public Set<String> protocols() {
    return new TreeSet<>(handlers.keySet());
  }

  public void addConnectionListener(ConnectionListener l) {
    listeners.add(l);
  }

  /** Binds every listen address. */
  public synchronized void start() throws InterruptedException {
    if (started) {
      return;
    }
    for (Multiaddr addr : config.listenAddresses()) {
      boolean ws = addr.isWebSocket();
      boolean secure = addr.isSecureWebSocket();
      ChannelFuture f =
          Transports.listen(
                  group,
                  addr,
                  config,
                  this::admitInbound,
                  (local, remote) -> new ConnectionHandler(context, false, null, local, remote))
              .sync();
      servers.add(f.channel());
      InetSocketAddress sa = (InetSocketAddress) f.channel().localAddress();
      Multiaddr b = Transports.toMultiaddr(sa, ws, secure);
      bound.add(b);
      LOG.info("libp2p listening on {}/p2p/{}", b, peerId);
    }
    started = true;
  }

  /** The bound listen addresses (actual ports), without {@code /p2p}. */
  public List<Multiaddr> listenAddresses() {
    return List.copyOf(bound);
  }

  private boolean admitInbound(SocketChannel ch) {
    if (closed || openChannels.get() >= config.maxConnections()) {
      return false;
    }
    InetAddress ip = ch.remoteAddress().getAddress();
    AtomicInteger n = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
    if (n.incrementAndGet() > config.maxConnectionsPerIp()) {
      n.decrementAndGet();
      return false;
    }
    openChannels.incrementAndGet();
    ch.closeFuture()
        .addListener(
            f -> {
              openChannels.decrementAndGet();
              n.decrementAndGet();
            });
    return true;
  }

  /** Open connections to {@code peer}. */
  public List<Connection> connections(PeerId peer) {
    List<ConnectionHandler> list = connections.get(peer);
    return list == null ? List.of() : new ArrayList<>(list);
  }

  /** All open connections. */
  public List<Connection> connections() {
    List<Connection> out = new ArrayList<>();
    connections.values().forEach(out::addAll);
    return out;
  }

  /**
   * Dials {@code addr}. With {@code /p2p/<id>} the remote must prove that identity in Noise, and an
   * existing connection to it is reused.
   */
  public CompletableFuture<Connection> dial(Multiaddr addr) {
    PeerId expected = addr.peerId().orElse(null);
    if (expected != null) {
      for (Connection c : connections(expected)) {
        if (c.isOpen()) {
          return CompletableFuture.completedFuture(c);
        }
      }
      long[] b = backoff.get(expected);
      if (b != null && nanoTime.getAsLong() < b[0]) {
        return CompletableFuture.failedFuture(
            new StreamException("dial to " + expected + " is backing off"));
      }
    }
    if (closed) {
      return CompletableFuture.failedFuture(new StreamException("host closed"));
    }
    if (openChannels.get() >= config.maxConnections()) {
      return CompletableFuture.failedFuture(new StreamException("connection limit reached"));
    }
    CompletableFuture<Connection> result = new CompletableFuture<>();
    ConnectionHandler[] handler = new ConnectionHandler[1];
    ChannelFuture cf;
    try {
      cf =
          Transports.dial(
              group,
              addr,
              config,
              (local, remote) -> {
                handler[0] = new ConnectionHandler(context, true, expected, local, remote);
                return handler[0];
              });
    } catch (SSLException | IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new StreamException("cannot dial " + addr, e));
    }
    openChannels.incrementAndGet();
    cf.channel().closeFuture().addListener(f -> openChannels.decrementAndGet());
    cf.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            dialFailed(expected);
            result.completeExceptionally(
                new StreamException("dial " + addr + " failed", f.cause()));
            return;
          }
          handler[0]
              .ready()
              .whenComplete(
                  (c, err) -> {
                    if (err != null) {
                      dialFailed(expected);
                      result.completeExceptionally(err);
                    } else {
                      if (expected != null) {
                        backoff.remove(expected);
                      }
                      peerStore.addAddress(c.remotePeer(), addr.withoutPeerId());
                      result.complete(c);
                    }
                  });
        });
    return result;
  }

  private void dialFailed(PeerId peer) {
    if (peer == null) {
      return;
    }
    long now = nanoTime.getAsLong();
    backoff.compute(
        peer,
        (k, b) -> {
          long delay =
              b == null
                  ? config.dialBackoffInitial().toNanos()
                  : Math.min(b[1] * 2, config.dialBackoffMax().toNanos());
          return new long[] {now + delay, delay};
        });
  }

  /** Opens a stream to {@code peer}, over an open connection or by dialling its known addresses. */
  public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
    for (Connection c : connections(peer)) {
      if (c.isOpen()) {
        return c.newStream(protocols);
      }
    }
    List<Multiaddr> addrs = peerStore.addresses(peer);
    if (addrs.isEmpty()) {
      return CompletableFuture.failedFuture(new StreamException("no address known for " + peer));
    }
    return dial(addrs.get(0).withPeerId(peer)).thenCompose(c -> c.newStream(protocols));
  }

  /**
   * The identify exchange the host ran when {@code c} opened (peers such as js-libp2p accept only
   * one identify stream per connection, so callers should use this rather than asking again).
   */
  public CompletableFuture<IdentifyProtocol.Result> identified(Connection c) {
    CompletableFuture<IdentifyProtocol.Result> f = identified.get(c);
    return f != null
        ? f
        : CompletableFuture.failedFuture(new StreamException("no identify for " + c));
  }

  /** Pings the peer over an open connection. */
  public CompletableFuture<Duration> ping(Connection c, Duration timeout) {
    return ping.ping(c, timeout);
  }

  private void pushIdentify() {
    for (Connection c : connections()) {
      identify
          .push(c)
          .exceptionally(
              e -> {
                LOG.debug("identify push to {} failed: {}", c.remotePeer(), e.toString());
                return null;
              });
    }
  }

  private IdentifyInfo identifyInfo() {
    return new IdentifyInfo(
        IdentifyProtocol.PROTOCOL_VERSION,
        config.agentVersion(),
        config.identity().publicKey(),
        listenAddresses(),
        List.copyOf(protocols()));
  }

  private final HostContext context =
      new HostContext() {
        @Override
        public PrivKey identity() {
          return config.identity();
        }

        @Override
        public SecureRandom random() {
          return random;
        }

        @Override
        public List<String> muxers() {
          return config.muxers();
        }

        @Override
        public Duration upgradeTimeout() {
          return config.upgradeTimeout();
        }

        @Override
        public StreamHandler handler(String protocol) {
          return handlers.get(protocol);
        }

        @Override
        public Set<String> protocols() {
          return Libp2pHost.this.protocols();
        }

        @Override
        public boolean connectionReady(ConnectionHandler c) {
          if (closed) {
            return false;
          }
          connections.computeIfAbsent(c.remotePeer(), k -> new CopyOnWriteArrayList<>()).add(c);
          connectionsOpened.increment();
          LOG.debug("connected to {} via {} ({})", c.remotePeer(), c.remoteAddress(), c.muxer());
          for (ConnectionListener l : listeners) {
            l.onConnected(c);
          }
          CompletableFuture<IdentifyProtocol.Result> id = identify.identify(c);
          identified.put(c, id);
          id.exceptionally(
              e -> {
                LOG.debug("identify of {} failed: {}", c.remotePeer(), e.toString());
                return null;
              });
          return true;
        }

        @Override
        public void connectionClosed(ConnectionHandler c, boolean wasReady) {
          if (!wasReady) {
            return;
          }
          identified.remove(c);
          List<ConnectionHandler> list = connections.get(c.remotePeer());
          if (list != null) {
            list.remove(c);
            if (list.isEmpty()) {
              connections.remove(c.remotePeer(), list);
            }
          }
          for (ConnectionListener l : listeners) {
            l.onDisconnected(c);
          }
        }

        @Override
        public void upgradeFailed(UpgradeFailure reason) {
          upgradeFailures.get(reason).increment();
        }
      };

  /** Count of upgrades that failed for {@code reason}. */
  public double upgradeFailures(HostContext.UpgradeFailure reason) {
    return upgradeFailures.get(reason).count();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Channel s : servers) {
      s.close().syncUninterruptibly();
    }
    for (Connection c : connections()) {
      c.close();
    }
    group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }
}

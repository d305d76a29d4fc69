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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p host (spec libp2p-core.md §0): listens on TCP, WebSocket and secure WebSocket addresses,
 * dials multiaddrs, upgrades every connection (Noise, yamux or mplex), serves registered protocols,
 * runs identify on each new connection and serves identify, identify push and ping (§9, §10); keeps
 * a bounded peer store; enforces connection limits (total, per IP; refusals are counted); pings
 * every connection to keep it alive and closes it after {@link HostConfig#keepAliveFailures()}
 * consecutive failed pings; backs off from peers whose dials fail.
 *
 * <p>Lifecycle: register handlers, {@link #start()}, {@link #close()} (idempotent).
 *
 * <p>Metrics: {@code causeway_libp2p_connections} (open channels), {@code
 * causeway_libp2p_connections_total}, {@code causeway_libp2p_connections_refused_total{reason}},
 * {@code causeway_libp2p_upgrade_failures_total{reason}}, {@code
 * causeway_libp2p_keepalive_pings_total{result}}, {@code causeway_libp2p_keepalive_closed_total}.
 */
public final class Libp2pHost implements AutoCloseable {
  /*
   * Slot accounting: openChannels counts every channel (inbound admitted and outbound dialled) and
   * is claimed with a compare-and-set so that concurrent accepts on several event loops cannot
   * overshoot maxConnections; per-IP counts are changed with Map.compute and an IP's entry is
   * removed when its last connection closes, so the map only ever holds IPs that are connected.
   *
   * Keep-alive: one chain per ready connection on its event loop: wait the interval, ping, and on
   * completion wait again (never two pings in flight). An "na" answer means the peer is up but
   * does not serve ping (js-libp2p keep-alive treats it the same way), so it resets the failure
   * count like a good echo.
   */
  private static final Logger LOG = LoggerFactory.getLogger(Libp2pHost.class);
  private static final Duration MAX_PING_TIMEOUT = Duration.ofSeconds(10);

  /** Why an inbound connection was refused (tag values of the refusal counter). */
  private enum Refusal {
    MAX_CONNECTIONS,
    MAX_CONNECTIONS_PER_IP,
    HOST_CLOSED
  }

  private final HostConfig config;
  private final PeerId peerId;
  private final SecureRandom random;
  private final LongSupplier nanoTime;
  private final EventLoopGroup group;
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final PeerStore peerStore = new PeerStore(10_000, 16, 64);
  private final Map<PeerId, List<ConnectionHandler>> connections = new ConcurrentHashMap<>();
  private final Map<PeerId, long[]> backoff = new ConcurrentHashMap<>();
  private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
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
  private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
  private final Counter keepAliveOk;
  private final Counter keepAliveUnsupported;
  private final Counter keepAliveFailed;
  private final Counter keepAliveClosed;
  private final Map<ConnectionHandler, KeepAlive> keepAlives = new ConcurrentHashMap<>();
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
    for (Refusal r : Refusal.values()) {
      refusals.put(
          r,
          Counter.builder("causeway_libp2p_connections_refused_total")
              .tag("reason", r.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    keepAliveOk = keepAliveCounter(registry, "ok");
    keepAliveUnsupported = keepAliveCounter(registry, "unsupported");
    keepAliveFailed = keepAliveCounter(registry, "failed");
    keepAliveClosed = Counter.builder("causeway_libp2p_keepalive_closed_total").register(registry);
    Gauge.builder("causeway_libp2p_connections", openChannels, AtomicInteger::get)
        .register(registry);
  }

  private static Counter keepAliveCounter(MeterRegistry registry, String result) {
    return Counter.builder("causeway_libp2p_keepalive_pings_total")
        .tag("result", result)
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
      LOG.info(
          "libp2p listening on {}/p2p/{} (Noise ChaCha20-Poly1305: {})",
          b,
          peerId,
          dev.causeway.libp2p.noise.NoiseSession.aeadImplementation());
    }
    started = true;
  }

  /** The bound listen addresses (actual ports), without {@code /p2p}. */
  public List<Multiaddr> listenAddresses() {
    return List.copyOf(bound);
  }

  private boolean admitInbound(SocketChannel ch) {
    if (closed) {
      return refuse(Refusal.HOST_CLOSED, ch);
    }
    if (!claimSlot()) {
      return refuse(Refusal.MAX_CONNECTIONS, ch);
    }
    InetAddress ip = ch.remoteAddress().getAddress();
    boolean[] admitted = {false};
    perIp.compute(
        ip,
        (k, n) -> {
          int count = n == null ? 0 : n;
          if (count >= config.maxConnectionsPerIp()) {
            return n;
          }
          admitted[0] = true;
          return count + 1;
        });
    if (!admitted[0]) {
      openChannels.decrementAndGet();
      return refuse(Refusal.MAX_CONNECTIONS_PER_IP, ch);
    }
    ch.closeFuture()
        .addListener(
            f -> {
              openChannels.decrementAndGet();
              perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
            });
    return true;
  }

  private boolean refuse(Refusal why, SocketChannel ch) {
    refusals.get(why).increment();
    LOG.debug("refusing inbound connection from {}: {}", ch.remoteAddress(), why);
    return false;
  }

  /** Claims one of the maxConnections slots, atomically. */
  private boolean claimSlot() {
    while (true) {
      int n = openChannels.get();
      if (n >= config.maxConnections()) {
        return false;
      }
      if (openChannels.compareAndSet(n, n + 1)) {
        return true;
      }
    }
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
    if (!claimSlot()) {
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
      openChannels.decrementAndGet();
      return CompletableFuture.failedFuture(new StreamException("cannot dial " + addr, e));
    }
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
          startKeepAlive(c);
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
          KeepAlive ka = keepAlives.remove(c);
          if (ka != null) {
            ka.cancel();
          }
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

  private void startKeepAlive(ConnectionHandler c) {
    Duration interval = config.keepAliveInterval();
    if (interval.isZero()) {
      return;
    }
    KeepAlive ka = new KeepAlive(c, interval);
    keepAlives.put(c, ka);
    ka.scheduleNext();
  }

  /** The keep-alive ping chain of one connection; runs on the connection's event loop. */
  private final class KeepAlive {
    private final ConnectionHandler connection;
    private final Duration interval;
    private final Duration timeout;
    private int consecutiveFailures;
    private volatile ScheduledFuture<?> next;
    private volatile boolean cancelled;

    KeepAlive(ConnectionHandler connection, Duration interval) {
      this.connection = connection;
      this.interval = interval;
      this.timeout = interval.compareTo(MAX_PING_TIMEOUT) < 0 ? interval : MAX_PING_TIMEOUT;
    }

    void scheduleNext() {
      if (cancelled || closed) {
        return;
      }
      try {
        next =
            connection
                .executor()
                .schedule(this::pingOnce, interval.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // event loop shutting down: the connection is going away
      }
    }

    void cancel() {
      cancelled = true;
      ScheduledFuture<?> n = next;
      if (n != null) {
        n.cancel(false);
      }
    }

    private void pingOnce() {
      if (cancelled || closed || !connection.isOpen()) {
        return;
      }
      ping.ping(connection, timeout)
          .whenComplete(
              (rtt, err) -> {
                try {
                  connection.executor().execute(() -> done(err));
                } catch (RejectedExecutionException e) {
                  // event loop shutting down
                }
              });
    }

    private void done(Throwable err) {
      if (cancelled || closed || !connection.isOpen()) {
        return;
      }
      Throwable cause =
          err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      if (cause == null) {
        keepAliveOk.increment();
        consecutiveFailures = 0;
      } else if (cause instanceof ProtocolNotSupportedException) {
        keepAliveUnsupported.increment();
        consecutiveFailures = 0;
      } else {
        keepAliveFailed.increment();
        consecutiveFailures++;
        LOG.debug(
            "keep-alive ping {}/{} to {} failed: {}",
            consecutiveFailures,
            config.keepAliveFailures(),
            connection.remotePeer(),
            cause.toString());
        if (consecutiveFailures >= config.keepAliveFailures()) {
          LOG.info(
              "closing {}: {} consecutive keep-alive pings failed",
              connection,
              consecutiveFailures);
          keepAliveClosed.increment();
          cancelled = true;
          connection.close();
          return;
        }
      }
      scheduleNext();
    }
  }

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

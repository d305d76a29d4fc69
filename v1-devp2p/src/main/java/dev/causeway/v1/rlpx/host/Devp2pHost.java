package dev.causeway.v1.rlpx.host;

import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.SubProtocol;
import dev.causeway.v1.rlpx.netty.RlpxChannelInitializer;
import dev.causeway.v1.rlpx.netty.Session;
import dev.causeway.v1.rlpx.netty.SessionListener;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A devp2p host: listens for RLPx connections, dials enodes, keeps static peers connected with
 * exponential reconnect backoff, enforces peer limits (total, per IP, one session per node id) and
 * shuts down cleanly, telling every peer {@code CLIENT_QUITTING}.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} idempotently.
 */
public final class Devp2pHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Devp2pHost.class);

  private final Devp2pConfig config;
  private final List<SubProtocol> protocols;
  private final Devp2pMetrics metrics;
  private final SecureRandom random;
  private final EventLoopGroup group;
  private final Map<ByteBuffer, Session> sessions = new ConcurrentHashMap<>();
  private final Map<ByteBuffer, Enode> staticPeers = new ConcurrentHashMap<>();
  private final Map<ByteBuffer, CompletableFuture<Session>> pendingDials =
      new ConcurrentHashMap<>();
  private final Map<InetAddress, AtomicInteger> inboundPerIp = new ConcurrentHashMap<>();
  private final AtomicInteger openChannels = new AtomicInteger();
  private final List<SessionEvents> sessionEvents =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Channel serverChannel;
  private volatile int boundPort = -1;
  private volatile boolean closed;

  /** Notified when sessions open and close (on the session's event loop). */
  public interface SessionEvents {
    void opened(Session session);

    void closed(Session session, DisconnectReason reason, boolean byRemote);
  }

  public Devp2pHost(
      Devp2pConfig config,
      List<SubProtocol> protocols,
      MeterRegistry registry,
      SecureRandom random) {
    this.config = config;
    this.protocols = List.copyOf(protocols);
    this.metrics = new Devp2pMetrics(registry);
    this.random = random;
    this.group = new NioEventLoopGroup(config.ioThreads());
    Gauge.builder("causeway_v1_peers", sessions, Map::size).register(registry);
  }

  public Devp2pMetrics metrics() {
    return metrics;
  }

  public void addSessionEvents(SessionEvents events) {
    sessionEvents.add(events);
  }

  /** Binds the listener (unless the port is -1) and starts dialling static peers. */
  public synchronized void start() throws InterruptedException {
    if (config.listenPort() >= 0) {
      ServerBootstrap sb =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(2 * 1024 * 1024, 8 * 1024 * 1024))
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (!admitTcp(ch)) {
                        ch.close();
                        return;
                      }
                      ch.pipeline()
                          .addLast(
                              RlpxChannelInitializer.inbound(
                                  config, advertisedPort(), protocols, listener, metrics, random));
                    }
                  });
      ChannelFuture f =
          sb.bind(new InetSocketAddress(config.listenHost(), config.listenPort())).sync();
      serverChannel = f.channel();
      boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
      LOG.info("devp2p listening on {}", localEnode());
    }
    for (Enode e : config.staticPeers()) {
      addStaticPeer(e);
    }
  }

  private int advertisedPort() {
    return Math.max(boundPort, 0);
  }

  private boolean admitTcp(SocketChannel ch) {
    if (closed) {
      return false;
    }
    // Bound the connections that may cost us a handshake: twice the peer limit.
    if (openChannels.get() >= 2 * config.maxPeers()) {
      LOG.debug("refusing connection from {}: too many open channels", ch.remoteAddress());
      return false;
    }
    InetAddress ip = ch.remoteAddress().getAddress();
    AtomicInteger perIp = inboundPerIp.computeIfAbsent(ip, k -> new AtomicInteger());
    if (perIp.incrementAndGet() > config.maxPeersPerIp()) {
      perIp.decrementAndGet();
      LOG.debug("refusing connection from {}: per-IP limit", ip);
      return false;
    }
    openChannels.incrementAndGet();
    ch.closeFuture()
        .addListener(
            f -> {
              openChannels.decrementAndGet();
              perIp.decrementAndGet();
            });
    return true;
  }

  /** The port actually bound, or -1. */
  public int port() {
    return boundPort;
  }

  /** Our enode URL (host as configured). */
  public Enode localEnode() {
    return new Enode(config.nodeKey().publicKey(), config.listenHost(), Math.max(boundPort, 0));
  }

  /** Open sessions. */
  public List<Session> sessions() {
    return new ArrayList<>(sessions.values());
  }

  public int peerCount() {
    return sessions.size();
  }

  /**
   * Dials a peer once. The future completes with the session when it is admitted, or exceptionally
   * if the dial, the handshake or Hello fails first.
   */
  public CompletableFuture<Session> connect(Enode enode) {
    ByteBuffer key = ByteBuffer.wrap(enode.nodeId());
    CompletableFuture<Session> result = new CompletableFuture<>();
    Session existing = sessions.get(key);
    if (existing != null) {
      result.complete(existing);
      return result;
    }
    CompletableFuture<Session> prior = pendingDials.putIfAbsent(key, result);
    if (prior != null) {
      return prior;
    }
    if (closed) {
      pendingDials.remove(key, result);
      result.completeExceptionally(new IllegalStateException("host closed"));
      return result;
    }
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(2 * 1024 * 1024, 8 * 1024 * 1024))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    openChannels.incrementAndGet();
                    ch.closeFuture().addListener(f -> openChannels.decrementAndGet());
                    ch.pipeline()
                        .addLast(
                            RlpxChannelInitializer.outbound(
                                config,
                                advertisedPort(),
                                protocols,
                                listener,
                                metrics,
                                random,
                                enode.nodeId()))
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                if (pendingDials.remove(key, result)) {
                                  result.completeExceptionally(
                                      new java.io.IOException(
                                          "connection to " + enode + " closed before session"));
                                }
                                ctx.fireChannelInactive();
                              }
                            });
                  }
                });
    b.connect(new InetSocketAddress(enode.host(), enode.port()))
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                metrics.setupFailed(Devp2pMetrics.SetupFailure.DIAL_FAILED);
                if (pendingDials.remove(key, result)) {
                  result.completeExceptionally(f.cause());
                }
              }
            });
    return result;
  }

  /** Keeps {@code enode} connected: dial now and re-dial with backoff whenever it drops. */
  public void addStaticPeer(Enode enode) {
    ByteBuffer key = ByteBuffer.wrap(enode.nodeId());
    if (staticPeers.putIfAbsent(key, enode) == null) {
      dialStatic(enode, config.reconnectInitial());
    }
  }

  private void dialStatic(Enode enode, Duration nextDelay) {
    if (closed || !staticPeers.containsKey(ByteBuffer.wrap(enode.nodeId()))) {
      return;
    }
    connect(enode)
        .whenComplete(
            (session, err) -> {
              if (err != null) {
                LOG.debug("static peer {} dial failed: {}", enode, err.toString());
                scheduleRedial(enode, nextDelay);
              }
              // On success the session's close triggers the redial (see listener.closed).
            });
  }

  private void scheduleRedial(Enode enode, Duration delay) {
    if (closed) {
      return;
    }
    Duration next = delay.multipliedBy(2);
    if (next.compareTo(config.reconnectMax()) > 0) {
      next = config.reconnectMax();
    }
    Duration following = next;
    group.schedule(() -> dialStatic(enode, following), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private final SessionListener listener =
      new SessionListener() {
        @Override
        public DisconnectReason admit(Session session) {
          if (closed) {
            return DisconnectReason.CLIENT_QUITTING;
          }
          ByteBuffer key = ByteBuffer.wrap(session.remoteNodeId());
          boolean isStatic = staticPeers.containsKey(key);
          if (!isStatic && sessions.size() >= config.maxPeers()) {
            return DisconnectReason.TOO_MANY_PEERS;
          }
          if (sessions.putIfAbsent(key, session) != null) {
            return DisconnectReason.ALREADY_CONNECTED;
          }
          return null;
        }

        @Override
        public void opened(Session session) {
          ByteBuffer key = ByteBuffer.wrap(session.remoteNodeId());
          LOG.info(
              "v1 peer {} connected ({} {}, client {})",
              session.shortId(),
              session.isInbound() ? "inbound" : "outbound",
              session.remoteAddress(),
              session.remoteHello().clientId().replaceAll("[^\\x20-\\x7e]", "?"));
          CompletableFuture<Session> pending = pendingDials.remove(key);
          if (pending != null) {
            pending.complete(session);
          }
          for (SessionEvents e : sessionEvents) {
            e.opened(session);
          }
        }

        @Override
        public void closed(
            Session session, boolean admitted, DisconnectReason reason, boolean byRemote) {
          ByteBuffer key = ByteBuffer.wrap(session.remoteNodeId());
          if (admitted) {
            sessions.remove(key, session);
            LOG.info(
                "v1 peer {} disconnected: {} ({})",
                session.shortId(),
                reason,
                byRemote ? "by peer" : "by us");
            for (SessionEvents e : sessionEvents) {
              e.closed(session, reason, byRemote);
            }
          }
          Enode st = staticPeers.get(key);
          if (st != null && admitted && !closed) {
            scheduleRedial(st, config.reconnectInitial());
          }
        }
      };

  /** Disconnects every peer with CLIENT_QUITTING, stops listening and releases threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    staticPeers.clear();
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Session s : sessions.values()) {
      s.disconnect(DisconnectReason.CLIENT_QUITTING);
    }
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    for (CompletableFuture<Session> f : pendingDials.values()) {
      f.completeExceptionally(new IllegalStateException("host closed"));
    }
    closing.clear();
    group.shutdownGracefully(100, 3000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    LOG.info("devp2p host {} stopped", Hex.encode(config.nodeKey().publicKey(), 0, 4));
  }
}

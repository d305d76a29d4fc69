package dev.causeway.libp2p.transport;

import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.netty.Addresses;
import dev.causeway.libp2p.netty.ConnectionHandler;
import dev.causeway.libp2p.netty.TransportReadyEvent;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * TCP and WebSocket (ws, and wss when a TLS context is configured) transports carrying libp2p
 * connections (spec libp2p-core.md §11). The only place that builds bootstraps and pipelines.
 *
 * <p>WebSocket frames up to {@link HostConfig#webSocketMaxFrame()} are accepted (Netty's default of
 * 64 KiB would reject a full js Noise frame); every outbound buffer becomes one binary frame.
 */
public final class Transports {
  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(1024 * 1024, 4 * 1024 * 1024);

  private Transports() {}

  /**
   * Socket reads: sized by Netty's adaptive guess as before, but up to 256 KiB instead of 64 KiB,
   * and at most 4 reads per channel per event-loop pass (1 MiB, as Netty's default of 16 × 64 KiB,
   * so one busy connection delays the loop's others no longer than before). A full Noise frame is
   * 65,537 bytes, so with 64 KiB reads nearly every frame was split across two reads and staged (an
   * extra copy of every received byte); with 256 KiB most frames lie whole in a read and are opened
   * where they lie. Measured on the mplex stream benchmark (BenchPairMain, JDK 17): the receiving
   * event loop's CPU fell from 0.92–1.01 to 0.76–0.85 s per GiB, and the receiver is the side that
   * limits one stream.
   */
  private static final io.netty.channel.RecvByteBufAllocator READS =
      new io.netty.channel.AdaptiveRecvByteBufAllocator(64, 2048, 256 * 1024).maxMessagesPerRead(4);

  /** Creates the {@link ConnectionHandler} of a new channel given its local and remote address. */
  public interface HandlerFactory extends BiFunction<Multiaddr, Multiaddr, ConnectionHandler> {}

  /**
   * Binds a listener for {@code addr} ({@code /ip4|ip6/…/tcp/N[/ws|/wss|/tls/ws]}); the returned
   * future's channel is the server channel.
   */
  public static ChannelFuture listen(
      EventLoopGroup group,
      Multiaddr addr,
      HostConfig config,
      Predicate<SocketChannel> admit,
      HandlerFactory handlers) {
    InetSocketAddress bind =
        addr.toInetSocketAddress()
            .orElseThrow(() -> new IllegalArgumentException("not a TCP address: " + addr));
    boolean ws = addr.isWebSocket();
    boolean secure = addr.isSecureWebSocket();
    if (secure && config.tlsServer() == null) {
      throw new IllegalArgumentException("wss listener needs a TLS certificate: " + addr);
    }
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, READS)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                if (!admit.test(ch)) {
                  ch.close();
                  return;
                }
                Multiaddr local = toMultiaddr(ch.localAddress(), ws, secure);
                Multiaddr remote = toMultiaddr(ch.remoteAddress(), ws, secure);
                ChannelPipeline p = ch.pipeline();
                if (secure) {
                  p.addLast(config.tlsServer().newHandler(ch.alloc()));
                }
                if (ws) {
                  p.addLast(new HttpServerCodec());
                  p.addLast(new HttpObjectAggregator(64 * 1024));
                  p.addLast(
                      new WebSocketServerProtocolHandler(
                          WebSocketServerProtocolConfig.newBuilder()
                              .websocketPath("/")
                              .checkStartsWith(true)
                              .maxFramePayloadLength(config.webSocketMaxFrame())
                              .handleCloseFrames(true)
                              .build()));
                  p.addLast(new WebSocketFrameAdapter());
                  p.addLast(new ReadyOnWebSocketHandshake());
                } else {
                  p.addLast(new ReadyOnActive());
                }
                p.addLast("libp2p", handlers.apply(local, remote));
              }
            })
        .bind(bind);
  }

  /** Dials {@code addr}; the connection handler gets a TransportReadyEvent when bytes can flow. */
  public static ChannelFuture dial(
      EventLoopGroup group, Multiaddr addr, HostConfig config, HandlerFactory handlers)
      throws SSLException {
    InetSocketAddress target =
        addr.toInetSocketAddress()
            .orElseThrow(() -> new IllegalArgumentException("not a TCP address: " + addr));
    boolean ws = addr.isWebSocket();
    boolean secure = addr.isSecureWebSocket();
    SslContext tls =
        secure
            ? (config.tlsClient() != null
                ? config.tlsClient()
                : SslContextBuilder.forClient().build())
            : null;
    String host = target.getHostString();
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .option(ChannelOption.RCVBUF_ALLOCATOR, READS)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                if (tls != null) {
                  io.netty.handler.ssl.SslHandler h =
                      tls.newHandler(ch.alloc(), host, target.getPort());
                  if (config.tlsClient() == null) {
                    // With the JDK's trust store, also check that the certificate names the host
                    // we dialled (Netty leaves hostname verification off by default).
                    javax.net.ssl.SSLParameters params = h.engine().getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    h.engine().setSSLParameters(params);
                  }
                  p.addLast(h);
                }
                if (ws) {
                  URI uri =
                      URI.create(
                          (secure ? "wss://" : "ws://")
                              + hostForUri(host)
                              + ":"
                              + target.getPort()
                              + "/");
                  p.addLast(new HttpClientCodec());
                  p.addLast(new HttpObjectAggregator(64 * 1024));
                  p.addLast(
                      new WebSocketClientProtocolHandler(
                          WebSocketClientProtocolConfig.newBuilder()
                              .webSocketUri(uri)
                              .version(WebSocketVersion.V13)
                              .maxFramePayloadLength(config.webSocketMaxFrame())
                              .customHeaders(new DefaultHttpHeaders())
                              .handleCloseFrames(true)
                              .build()));
                  p.addLast(new WebSocketFrameAdapter());
                  p.addLast(new ReadyOnWebSocketHandshake());
                } else {
                  p.addLast(new ReadyOnActive());
                }
                // Addresses are known once connected; the factory reads them from the channel.
                p.addLast("libp2p", handlers.apply(null, addr.withoutPeerId()));
              }
            })
        .connect(target);
  }

  private static String hostForUri(String host) {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  /** {@code /ip4|ip6/<addr>/tcp/<port>[/ws|/wss]} for a socket address. */
  public static Multiaddr toMultiaddr(InetSocketAddress a, boolean ws, boolean secure) {
    return Addresses.toMultiaddr(a, ws, secure);
  }

  /** Fires {@link TransportReadyEvent} when a TCP channel becomes active. */
  static final class ReadyOnActive extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      super.channelActive(ctx);
      ctx.pipeline().fireUserEventTriggered(TransportReadyEvent.INSTANCE);
      ctx.pipeline().remove(this);
    }
  }

  /** Fires {@link TransportReadyEvent} when the WebSocket upgrade completed (either side). */
  static final class ReadyOnWebSocketHandshake extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete
          || evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        ctx.pipeline().fireUserEventTriggered(TransportReadyEvent.INSTANCE);
        return;
      }
      super.userEventTriggered(ctx, evt);
    }
  }
}

package dev.causeway.v1.rlpx.netty;

import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.ProtocolViolation;
import dev.causeway.v1.rlpx.SubProtocol;
import dev.causeway.v1.rlpx.SubProtocolHandler;
import dev.causeway.v1.rlpx.framing.FrameTooLargeException;
import dev.causeway.v1.rlpx.framing.FramingException;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.host.Devp2pMetrics;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.rlpx.wire.DisconnectMessage;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import dev.causeway.v1.rlpx.wire.HelloMessage;
import dev.causeway.v1.rlpx.wire.P2pMessageCodes;
import dev.causeway.v1.rlpx.wire.PingMessage;
import dev.causeway.v1.rlpx.wire.PongMessage;
import dev.causeway.v1.rlpx.wire.RawMessage;
import dev.causeway.v1.rlpx.wire.SharedCapabilities;
import dev.causeway.v1.rlpx.wire.Snappy;
import dev.causeway.v1.rlpx.wire.WireException;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devp2p base protocol on one connection ({@code v1-rlpx-devp2p.md} §7): Hello exchange and
 * identity checks, capability negotiation and message-id offsets, Snappy when both Hellos say
 * version ≥ 5, Ping/Pong keep-alive with an idle timeout, Disconnect in both directions, and
 * dispatch of sub-protocol messages to their {@link SubProtocolHandler}s.
 */
final class P2pHandler extends ChannelDuplexHandler implements Session {
  /*
   * States:
   * AWAIT_HANDSHAKE - RLPx keys not yet established; only the handshake handler is active.
   * AWAIT_HELLO     - our Hello is sent; only Hello or Disconnect may arrive.
   * ACTIVE          - capabilities negotiated, sub-protocols open; everything flows.
   * CLOSING         - a Disconnect was sent or received; inbound messages are ignored.
   *
   * Idle detection counts ping ticks rather than reading a clock, so EmbeddedChannel tests can
   * drive it by advancing Netty's scheduler: a tick sends a Ping; after idleIntervals ticks
   * without any inbound frame the peer is dropped with reason TIMEOUT.
   */
  private static final Logger LOG = LoggerFactory.getLogger(P2pHandler.class);
  static final int P2P_VERSION = 5;

  enum State {
    AWAIT_HANDSHAKE,
    AWAIT_HELLO,
    ACTIVE,
    CLOSING
  }

  private final Devp2pConfig config;
  private final byte[] localNodeId;
  private final int listenPort;
  private final List<SubProtocol> protocols;
  private final SessionListener listener;
  private final Devp2pMetrics metrics;
  private final boolean inbound;

  private ChannelHandlerContext ctx;
  private State state = State.AWAIT_HANDSHAKE;
  private byte[] remoteNodeId;
  private HelloMessage remoteHello;
  private boolean snappy;
  private boolean admitted;
  private SharedCapabilities shared;
  private final Map<String, SubProtocolHandler> handlers = new HashMap<>();
  private final List<SharedCapabilities.Entry> entryList = new ArrayList<>();
  private final List<SubProtocolHandler> handlerList = new ArrayList<>();
  private ScheduledFuture<?> helloTimeout;
  private ScheduledFuture<?> pingTask;
  private boolean readSinceTick;
  private int silentTicks;
  private DisconnectReason closeReason;
  private boolean closeByRemote;

  P2pHandler(
      Devp2pConfig config,
      int listenPort,
      List<SubProtocol> protocols,
      SessionListener listener,
      Devp2pMetrics metrics,
      boolean inbound) {
    this.config = config;
    this.localNodeId = config.nodeKey().publicKey();
    this.listenPort = listenPort;
    this.protocols = protocols;
    this.listener = listener;
    this.metrics = metrics;
    this.inbound = inbound;
  }

  State state() {
    return state;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof HandshakeCompletedEvent e) {
      remoteNodeId = e.remoteNodeId();
      state = State.AWAIT_HELLO;
      List<Capability> caps = new ArrayList<>();
      for (SubProtocol p : protocols) {
        caps.add(p.capability());
      }
      HelloMessage hello =
          new HelloMessage(P2P_VERSION, config.clientId(), caps, listenPort, localNodeId);
      ctx.writeAndFlush(new RawMessage(P2pMessageCodes.HELLO, hello.encode()));
      helloTimeout =
          ctx.executor()
              .schedule(
                  () -> {
                    if (state == State.AWAIT_HELLO) {
                      metrics.setupFailed(Devp2pMetrics.SetupFailure.HELLO_TIMEOUT);
                      disconnect(DisconnectReason.TIMEOUT);
                    }
                  },
                  config.helloTimeout().toMillis(),
                  TimeUnit.MILLISECONDS);
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!(msg instanceof RawMessage m)) {
      ctx.fireChannelRead(msg);
      return;
    }
    readSinceTick = true;
    if (state == State.CLOSING) {
      return;
    }
    try {
      if (state == State.AWAIT_HELLO) {
        onFirstMessage(m);
      } else if (state == State.ACTIVE) {
        onActiveMessage(m);
      }
    } catch (WireException e) {
      LOG.debug("{}: malformed message {}: {}", shortId(), m.id(), e.getMessage());
      if (state == State.AWAIT_HELLO) {
        metrics.setupFailed(Devp2pMetrics.SetupFailure.HELLO_INVALID);
      }
      disconnect(DisconnectReason.BREACH_OF_PROTOCOL);
    } catch (ProtocolViolation e) {
      LOG.debug("{}: protocol violation: {}", shortId(), e.getMessage());
      disconnect(e.reason());
    }
  }

  private void onFirstMessage(RawMessage m) throws WireException, ProtocolViolation {
    if (m.id() == P2pMessageCodes.DISCONNECT) {
      onDisconnectMessage(m.data());
      return;
    }
    if (m.id() != P2pMessageCodes.HELLO) {
      metrics.setupFailed(Devp2pMetrics.SetupFailure.HELLO_INVALID);
      throw new ProtocolViolation(
          DisconnectReason.BREACH_OF_PROTOCOL, "first message was " + m.id() + ", not Hello");
    }
    HelloMessage hello = HelloMessage.readFrom(m.data());
    if (helloTimeout != null) {
      helloTimeout.cancel(false);
    }
    if (!Arrays.equals(hello.nodeId(), remoteNodeId)) {
      metrics.setupFailed(Devp2pMetrics.SetupFailure.HELLO_INVALID);
      throw new ProtocolViolation(
          DisconnectReason.UNEXPECTED_IDENTITY, "Hello node id differs from handshake identity");
    }
    if (Arrays.equals(hello.nodeId(), localNodeId)) {
      throw new ProtocolViolation(DisconnectReason.CONNECTED_TO_SELF, "connected to self");
    }
    remoteHello = hello;
    snappy = hello.protocolVersion() >= 5;
    shared =
        SharedCapabilities.negotiate(
            protocols.stream().map(SubProtocol::capability).toList(),
            hello.capabilities(),
            c -> lengthOf(c));
    if (shared.isEmpty()) {
      throw new ProtocolViolation(DisconnectReason.USELESS_PEER, "no shared capability");
    }
    state = State.ACTIVE;
    DisconnectReason refusal = listener.admit(this);
    if (refusal != null) {
      disconnect(refusal);
      return;
    }
    admitted = true;
    metrics.sessionEstablished(inbound);
    for (SharedCapabilities.Entry entry : shared.entries()) {
      SubProtocol proto = protocolFor(entry.capability());
      SubProtocolHandler h = proto.open(new Connection(entry));
      handlers.put(entry.capability().name(), h);
      entryList.add(entry);
      handlerList.add(h);
    }
    startPings();
    listener.opened(this);
  }

  private int lengthOf(Capability c) {
    for (SubProtocol p : protocols) {
      if (p.capability().equals(c)) {
        return p.messageCount();
      }
    }
    return 0;
  }

  private SubProtocol protocolFor(Capability c) {
    for (SubProtocol p : protocols) {
      if (p.capability().equals(c)) {
        return p;
      }
    }
    throw new IllegalStateException("negotiated capability without protocol: " + c);
  }

  private void onActiveMessage(RawMessage m) throws WireException, ProtocolViolation {
    int id = m.id();
    if (id == P2pMessageCodes.DISCONNECT) {
      // ethereumjs sends Disconnect uncompressed even when Snappy is on: accept both.
      byte[] data;
      try {
        data = decompress(m.data());
      } catch (WireException e) {
        data = m.data();
      }
      onDisconnectMessage(data);
      return;
    }
    if (id < P2pMessageCodes.BASE_PROTOCOL_LENGTH) {
      decompress(m.data());
      switch (id) {
        case P2pMessageCodes.HELLO ->
            throw new ProtocolViolation(DisconnectReason.BREACH_OF_PROTOCOL, "second Hello");
        case P2pMessageCodes.PING -> {
          metrics.pingAnswered();
          sendBase(P2pMessageCodes.PONG, PongMessage.INSTANCE.encode());
        }
        case P2pMessageCodes.PONG -> metrics.pongReceived();
        default -> {
          // ids 0x04..0x0f are reserved; go-ethereum ignores them, so do we.
        }
      }
      return;
    }
    for (int i = 0; i < entryList.size(); i++) {
      SharedCapabilities.Entry e = entryList.get(i);
      if (id >= e.offset() && id < e.offset() + e.length()) {
        handlerList.get(i).onMessage(id - e.offset(), decompress(m.data()));
        return;
      }
    }
    throw new ProtocolViolation(
        DisconnectReason.BREACH_OF_PROTOCOL, "message id " + id + " outside shared capabilities");
  }

  private byte[] decompress(byte[] data) throws WireException {
    return snappy ? Snappy.decompress(data, config.maxMessageSize()) : checkSize(data);
  }

  private byte[] checkSize(byte[] data) throws WireException {
    if (data.length > config.maxMessageSize()) {
      throw new WireException("message of " + data.length + " bytes exceeds limit");
    }
    return data;
  }

  private void onDisconnectMessage(byte[] data) {
    DisconnectReason reason;
    try {
      reason = DisconnectMessage.readFrom(data).reason();
    } catch (WireException e) {
      reason = DisconnectReason.UNKNOWN;
    }
    metrics.disconnectReceived(reason);
    LOG.debug("{}: peer disconnected: {}", shortId(), reason);
    closeReason = reason;
    closeByRemote = true;
    state = State.CLOSING;
    ctx.close();
  }

  private void startPings() {
    // The Hello that started the session precedes the first interval: it must not count as
    // activity inside it, or a silent peer would be dropped one interval late.
    readSinceTick = false;
    long ms = config.pingInterval().toMillis();
    pingTask = ctx.executor().scheduleAtFixedRate(this::pingTick, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void pingTick() {
    if (state != State.ACTIVE) {
      return;
    }
    if (readSinceTick) {
      silentTicks = 0;
    } else if (++silentTicks >= config.idleIntervals()) {
      disconnect(DisconnectReason.TIMEOUT);
      return;
    }
    readSinceTick = false;
    metrics.pingSent();
    sendBase(P2pMessageCodes.PING, PingMessage.INSTANCE.encode());
  }

  private void sendBase(int id, byte[] data) {
    byte[] payload = snappy && state != State.AWAIT_HELLO ? Snappy.compress(data) : data;
    ctx.writeAndFlush(new RawMessage(id, payload));
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> disconnect(reason));
      return;
    }
    if (state == State.CLOSING) {
      return;
    }
    boolean canSend = state == State.AWAIT_HELLO || state == State.ACTIVE;
    boolean compress = snappy && remoteHello != null;
    state = State.CLOSING;
    closeReason = reason;
    closeByRemote = false;
    if (!canSend || !ctx.channel().isActive()) {
      ctx.close();
      return;
    }
    metrics.disconnectSent(reason);
    byte[] data = new DisconnectMessage(reason).encode();
    ctx.writeAndFlush(
            new RawMessage(P2pMessageCodes.DISCONNECT, compress ? Snappy.compress(data) : data))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof FrameTooLargeException) {
      // The header was authentic and our egress state is intact: say why before closing.
      metrics.abruptClose(Devp2pMetrics.AbruptClose.FRAME_TOO_LARGE);
      LOG.debug("{}: {}", shortId(), root.getMessage());
      disconnect(DisconnectReason.BREACH_OF_PROTOCOL);
    } else if (root instanceof FramingException) {
      metrics.abruptClose(Devp2pMetrics.AbruptClose.BAD_FRAME_MAC);
      LOG.debug("{}: bad frame: {}", shortId(), root.getMessage());
      closeReason = DisconnectReason.BREACH_OF_PROTOCOL;
      state = State.CLOSING;
      ctx.close();
    } else if (root instanceof WireException) {
      LOG.debug("{}: malformed frame content: {}", shortId(), root.getMessage());
      disconnect(DisconnectReason.BREACH_OF_PROTOCOL);
    } else if (root instanceof IOException) {
      metrics.abruptClose(Devp2pMetrics.AbruptClose.IO_ERROR);
      closeReason = DisconnectReason.TCP_ERROR;
      state = State.CLOSING;
      ctx.close();
    } else {
      LOG.warn("{}: unexpected error, closing", shortId(), root);
      closeReason = DisconnectReason.TCP_ERROR;
      state = State.CLOSING;
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (helloTimeout != null) {
      helloTimeout.cancel(false);
    }
    if (pingTask != null) {
      pingTask.cancel(false);
    }
    if (closeReason == null) {
      closeReason = DisconnectReason.TCP_ERROR;
      closeByRemote = true;
      metrics.abruptClose(Devp2pMetrics.AbruptClose.REMOTE_CLOSED);
    }
    state = State.CLOSING;
    for (SubProtocolHandler h : handlerList) {
      try {
        h.onClose(closeReason, closeByRemote);
      } catch (RuntimeException e) {
        LOG.warn("{}: sub-protocol close hook failed", shortId(), e);
      }
    }
    if (remoteHello != null) {
      listener.closed(this, admitted, closeReason, closeByRemote);
    }
    super.channelInactive(ctx);
  }

  // Session

  @Override
  public byte[] remoteNodeId() {
    return remoteNodeId == null ? null : remoteNodeId.clone();
  }

  @Override
  public String shortId() {
    return remoteNodeId == null ? "?" : Hex.encode(remoteNodeId, 0, 4);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) ctx.channel().remoteAddress();
  }

  @Override
  public boolean isInbound() {
    return inbound;
  }

  @Override
  public HelloMessage remoteHello() {
    return remoteHello;
  }

  @Override
  public boolean snappy() {
    return snappy;
  }

  /** A sub-protocol's view of this session, translating relative codes. */
  private final class Connection implements PeerConnection {
    private final SharedCapabilities.Entry entry;

    Connection(SharedCapabilities.Entry entry) {
      this.entry = entry;
    }

    @Override
    public byte[] remoteNodeId() {
      return P2pHandler.this.remoteNodeId();
    }

    @Override
    public String shortId() {
      return P2pHandler.this.shortId();
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return P2pHandler.this.remoteAddress();
    }

    @Override
    public boolean isInbound() {
      return inbound;
    }

    @Override
    public HelloMessage remoteHello() {
      return remoteHello;
    }

    @Override
    public void send(int code, byte[] msgData) {
      if (code < 0 || code >= entry.length()) {
        throw new IllegalArgumentException("code " + code + " outside " + entry.capability());
      }
      if (msgData.length > config.maxMessageSize()) {
        throw new IllegalArgumentException(
            "message of " + msgData.length + " bytes exceeds " + config.maxMessageSize());
      }
      // Compress on the caller's thread; the event loop only frames and writes.
      byte[] payload = snappy ? Snappy.compress(msgData) : msgData;
      RawMessage m = new RawMessage(entry.offset() + code, payload);
      if (ctx.executor().inEventLoop()) {
        if (state == State.ACTIVE) {
          ctx.writeAndFlush(m);
        }
      } else {
        ctx.executor()
            .execute(
                () -> {
                  if (state == State.ACTIVE) {
                    ctx.writeAndFlush(m);
                  }
                });
      }
    }

    @Override
    public boolean isWritable() {
      return ctx.channel().isWritable();
    }

    @Override
    public void disconnect(DisconnectReason reason) {
      P2pHandler.this.disconnect(reason);
    }

    @Override
    public ScheduledExecutorService executor() {
      return ctx.executor();
    }

    @Override
    public String toString() {
      return "peer " + shortId() + " " + entry.capability();
    }
  }
}

package dev.causeway.libp2p.netty;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.ProtocolNotSupportedException;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamException;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.mplex.Mplex;
import dev.causeway.libp2p.mplex.MplexConfig;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multistream.MultistreamException;
import dev.causeway.libp2p.multistream.MultistreamInitiator;
import dev.causeway.libp2p.multistream.MultistreamNegotiator;
import dev.causeway.libp2p.multistream.MultistreamResponder;
import dev.causeway.libp2p.mux.FrameSink;
import dev.causeway.libp2p.mux.MuxedStream;
import dev.causeway.libp2p.mux.MuxerException;
import dev.causeway.libp2p.mux.MuxerListener;
import dev.causeway.libp2p.mux.MuxerSession;
import dev.causeway.libp2p.noise.NoiseConstants;
import dev.causeway.libp2p.noise.NoiseException;
import dev.causeway.libp2p.noise.NoiseFrameCodec;
import dev.causeway.libp2p.noise.NoiseHandshake;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.yamux.Yamux;
import dev.causeway.libp2p.yamux.YamuxConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades one raw transport connection to a libp2p connection and then carries its streams (spec
 * libp2p-core.md §0): multistream-select {@code /noise}, the Noise XX handshake (2-byte framed),
 * multistream-select of the muxer inside Noise, then the yamux or mplex session, whose streams each
 * negotiate their protocol with multistream-select again.
 *
 * <p>Everything runs on the channel's event loop; the muxer and Noise codecs are single-threaded by
 * design. Outbound frames are written without flushing and flushed once per event-loop task.
 */
public final class ConnectionHandler extends ChannelDuplexHandler implements Connection {
  /*
   * Phases: WAIT_TRANSPORT (TCP connect or WebSocket upgrade pending), SECURITY (multistream for
   * /noise on plaintext), NOISE (handshake messages), MUXER (multistream for the muxer, encrypted),
   * MUXED (session running), CLOSED. Bytes left over after a multistream decision or after the
   * last handshake message belong to the next phase and are re-processed, never dropped.
   *
   * The upgrade deadline starts when the channel becomes active, not at TransportReadyEvent: a
   * client that opens TCP and never finishes TLS or the WebSocket upgrade would otherwise hold a
   * connection slot forever. A channel that closes before MUXED without an earlier failure is
   * counted as UpgradeFailure.CLOSED, so every failed upgrade shows up in exactly one reason.
   *
   * Handshake bytes are staged in a growable array only while a frame is incomplete, so a peer
   * dripping a 64 KiB handshake frame one byte per read costs linear, not quadratic, copying.
   *
   * Data path (MUXER/MUXED), built to touch each byte as little as possible besides the cipher:
   * a read is copied once out of Netty's (direct) buffer into readBuf, reused for the
   * connection's life, and decrypted there in place; each frame's plaintext goes to the muxer as
   * a slice, which copies what it keeps. Outbound muxer frames are gathered in sendBuf behind room
   * for the Noise length prefix, sealed in place into full 65519-byte Noise frames (or whatever is
   * pending when the event-loop task ends), then copied once into a pooled buffer for the socket.
   * Gathering also packs small frames (window updates, headers) into the data frames around them.
   * Every flush seals first (flushNow), so nothing written is ever left behind; a full frame is
   * flushed at once, so that the peer decrypts it while we encrypt the next (with a 16 MiB yamux
   * window a sender could otherwise encrypt megabytes before the first byte leaves).
   *
   * Where the cipher's fast path is direct memory (Conscrypt, i.e. JDK 17-20; see
   * NoiseFrameCodec.prefersDirectBuffers) the same design runs off-heap instead: outbound
   * plaintext is gathered in a pooled direct buffer (kept for the connection's life, as sendBuf
   * is: 64 KiB is above what Netty's thread caches hold, so taking one from the arena at every
   * flush would add an arena allocation to every small message) and sealed
   * straight into the pooled buffer that goes to the socket, and inbound frames are opened straight
   * from Netty's read buffer into a per-thread direct plaintext buffer, from which each frame's
   * plaintext is copied once into readBuf for the muxer. Conscrypt on Java arrays copies every
   * array into and out of native memory (GetByteArrayElements) and needs a scratch array for
   * "nothing written on failure"; a perf profile of the mplex stream benchmark had those copies
   * and ours at about a fifth of all CPU, against under half for the cipher itself.
   */
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
  private static final int MAX_NOISE_BUFFER = NoiseConstants.MAX_MESSAGE + 2;

  enum Phase {
    WAIT_TRANSPORT,
    SECURITY,
    NOISE,
    MUXER,
    MUXED,
    CLOSED
  }

  private final HostContext host;
  private final boolean initiator;
  private final PeerId expectedRemote;
  private Multiaddr localAddress;
  private final Multiaddr remoteAddress;
  private final CompletableFuture<Connection> ready = new CompletableFuture<>();
  private ChannelHandlerContext ctx;
  // Written on the event loop only; volatile because isOpen() is asked from other threads.
  private volatile Phase phase = Phase.WAIT_TRANSPORT;
  private volatile boolean closeRequested;
  private MultistreamNegotiator negotiator;
  private NoiseHandshake handshake;
  private byte[] noiseBuffer = new byte[0];
  private int noiseBuffered;
  private NoiseFrameCodec codec;
  private byte[] readBuf = new byte[0];
  private byte[] sendBuf; // [2-byte prefix][plaintext ... up to 65519][16-byte tag]
  private int sendLen;
  private boolean directFrames; // the codec prefers direct buffers: the off-heap data path
  private ByteBuf plainOut; // direct data path: gathered plaintext, until sealed and flushed

  /** Per event-loop thread: where the direct data path opens each received frame. */
  private static final io.netty.util.concurrent.FastThreadLocal<java.nio.ByteBuffer> PLAIN_IN =
      new io.netty.util.concurrent.FastThreadLocal<>() {
        @Override
        protected java.nio.ByteBuffer initialValue() {
          return java.nio.ByteBuffer.allocateDirect(NoiseConstants.MAX_PLAINTEXT);
        }
      };

  private PeerId remotePeer;
  private String muxer;
  private MuxerSession session;
  private boolean wasReady;
  private boolean flushScheduled;
  private ScheduledFuture<?> upgradeTimeout;
  private final List<StreamImpl> writabilityWaiters = new ArrayList<>();

  public ConnectionHandler(
      HostContext host,
      boolean initiator,
      PeerId expectedRemote,
      Multiaddr localAddress,
      Multiaddr remoteAddress) {
    this.host = host;
    this.initiator = initiator;
    this.expectedRemote = expectedRemote;
    this.localAddress = localAddress;
    this.remoteAddress = remoteAddress;
  }

  /** Completes when the connection is secured and muxed. */
  public CompletableFuture<Connection> ready() {
    return ready;
  }

  Phase phase() {
    return phase;
  }

  /** Streams of the muxer session that are neither reset nor closed both ways (0 before MUXED). */
  int activeStreams() {
    return session == null ? 0 : session.activeStreams();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      armUpgradeTimeout();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    armUpgradeTimeout();
    super.channelActive(ctx);
  }

  private void armUpgradeTimeout() {
    if (upgradeTimeout != null || phase == Phase.MUXED || phase == Phase.CLOSED) {
      return;
    }
    upgradeTimeout =
        ctx.executor()
            .schedule(
                () -> {
                  if (phase != Phase.MUXED && phase != Phase.CLOSED) {
                    fail(HostContext.UpgradeFailure.TIMEOUT, "upgrade timed out in " + phase);
                  }
                },
                host.upgradeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == TransportReadyEvent.INSTANCE && phase == Phase.WAIT_TRANSPORT) {
      start();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  private void start() {
    armUpgradeTimeout();
    phase = Phase.SECURITY;
    if (initiator) {
      negotiator = MultistreamInitiator.create(List.of(NoiseConstants.PROTOCOL_ID));
      writePlain(negotiator.takeOutbound());
    } else {
      negotiator = MultistreamResponder.create(Set.of(NoiseConstants.PROTOCOL_ID));
    }
    flushNow();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (directFrames && (phase == Phase.MUXER || phase == Phase.MUXED)) {
      try {
        openFrames(buf);
      } catch (NoiseException | MultistreamException | MuxerException e) {
        failOn(e);
      } finally {
        ReferenceCountUtil.release(buf);
      }
      return;
    }
    byte[] bytes;
    int len;
    try {
      len = buf.readableBytes();
      if (phase == Phase.MUXER || phase == Phase.MUXED) {
        if (readBuf.length < len) {
          readBuf = new byte[len];
        }
        bytes = readBuf; // decrypted in place, and nothing downstream keeps it
      } else {
        bytes = new byte[len];
      }
      buf.readBytes(bytes, 0, len);
    } finally {
      ReferenceCountUtil.release(buf);
    }
    try {
      process(bytes, len);
    } catch (MultistreamException | NoiseException | MuxerException e) {
      failOn(e);
    }
  }

  /** Closes the connection for a protocol error, counted under the phase's failure reason. */
  private void failOn(Exception e) {
    if (e instanceof MultistreamException) {
      fail(
          phase == Phase.SECURITY
              ? HostContext.UpgradeFailure.SECURITY_NEGOTIATION
              : HostContext.UpgradeFailure.MUXER_NEGOTIATION,
          e.getMessage());
    } else if (e instanceof NoiseException n) {
      fail(
          n.reason() == NoiseException.Reason.PEER_ID_MISMATCH
              ? HostContext.UpgradeFailure.PEER_ID_MISMATCH
              : HostContext.UpgradeFailure.NOISE,
          e.getMessage());
    } else {
      fail(HostContext.UpgradeFailure.MUXER_PROTOCOL, e.getMessage());
    }
  }

  /**
   * The direct data path's receive side: opens each Noise frame of {@code buf} from where it lies
   * into the thread's direct plaintext buffer, copies the plaintext once into readBuf and hands it
   * on. A buffer that is not one direct region (a WebSocket frame may be heap or composite) is
   * first copied into a pooled direct one.
   */
  private void openFrames(ByteBuf buf) throws NoiseException, MultistreamException, MuxerException {
    ByteBuf direct = buf;
    if (!buf.isDirect() || buf.nioBufferCount() != 1) {
      direct = ctx.alloc().directBuffer(buf.readableBytes()).writeBytes(buf);
    }
    try {
      java.nio.ByteBuffer in =
          direct.internalNioBuffer(direct.readerIndex(), direct.readableBytes());
      java.nio.ByteBuffer plain = PLAIN_IN.get();
      while (codec.nextFrame(in, plain)) {
        int n = plain.remaining();
        if (readBuf.length < n) {
          readBuf = new byte[NoiseConstants.MAX_PLAINTEXT];
        }
        plain.get(readBuf, 0, n);
        onPlaintext(readBuf, 0, n);
        if (phase == Phase.CLOSED) {
          return; // the rest of the read is dropped with the connection
        }
      }
    } finally {
      if (direct != buf) {
        direct.release();
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flushNow();
    ctx.fireChannelReadComplete();
  }

  private void process(byte[] bytes) throws MultistreamException, NoiseException, MuxerException {
    process(bytes, bytes.length);
  }

  /**
   * Handles {@code bytes[0, len)}; only the encrypted phases get a reused array (readBuf) with
   * {@code len} possibly short of its length, and they may overwrite it.
   */
  private void process(byte[] bytes, int len)
      throws MultistreamException, NoiseException, MuxerException {
    switch (phase) {
      case SECURITY -> {
        negotiator.onInbound(bytes);
        writePlain(negotiator.takeOutbound());
        if (negotiator.state() == MultistreamNegotiator.State.SELECTED) {
          byte[] rest = negotiator.remainingBytes();
          startNoise();
          if (rest.length > 0) {
            process(rest);
          }
        } else if (negotiator.state() == MultistreamNegotiator.State.FAILED) {
          fail(HostContext.UpgradeFailure.SECURITY_NEGOTIATION, "no common security protocol");
        }
      }
      case NOISE -> onNoiseBytes(bytes);
      case MUXER, MUXED -> {
        if (directFrames) { // bytes left over after the handshake, in the same read
          ByteBuf copy = ctx.alloc().directBuffer(len).writeBytes(bytes, 0, len);
          try {
            openFrames(copy);
          } finally {
            copy.release();
          }
          return;
        }
        codec.feed(bytes, 0, len);
        while (codec.nextFrame()) {
          onPlaintext(codec.frameArray(), codec.frameOffset(), codec.frameLength());
          if (phase == Phase.CLOSED) {
            return; // the rest of the read is dropped with the connection
          }
        }
      }
      default -> {
        // WAIT_TRANSPORT or CLOSED: nothing should arrive; drop.
      }
    }
  }

  private void startNoise() throws NoiseException {
    phase = Phase.NOISE;
    handshake =
        initiator
            ? NoiseHandshake.initiator(host.identity(), expectedRemote, host.random())
            : NoiseHandshake.responder(host.identity(), host.random());
    if (initiator) {
      writePlain(NoiseFrameCodec.frame(handshake.writeMessage()));
    }
  }

  private void onNoiseBytes(byte[] bytes)
      throws NoiseException, MultistreamException, MuxerException {
    byte[] buf = bytes;
    int end = bytes.length;
    if (noiseBuffered > 0) {
      if (noiseBuffer.length - noiseBuffered < bytes.length) {
        noiseBuffer =
            Arrays.copyOf(
                noiseBuffer, Math.max(noiseBuffered + bytes.length, noiseBuffer.length * 2));
      }
      System.arraycopy(bytes, 0, noiseBuffer, noiseBuffered, bytes.length);
      noiseBuffered += bytes.length;
      buf = noiseBuffer;
      end = noiseBuffered;
    }
    int off = 0;
    while (phase == Phase.NOISE && end - off >= 2) {
      int len = ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
      if (end - off - 2 < len) {
        break;
      }
      handshake.readMessage(buf, off + 2, len);
      off += 2 + len;
      if (!handshake.isComplete() && handshake.isMyTurnToWrite()) {
        writePlain(NoiseFrameCodec.frame(handshake.writeMessage()));
      }
      if (handshake.isComplete()) {
        noiseComplete();
      }
    }
    byte[] rest = off < end ? Arrays.copyOfRange(buf, off, end) : new byte[0];
    noiseBuffered = 0;
    if (phase == Phase.NOISE) {
      // At most one incomplete frame (2 + 65535 bytes) is ever held.
      if (rest.length > MAX_NOISE_BUFFER) {
        throw new NoiseException(NoiseException.Reason.BAD_SIZE, "handshake data overflow");
      }
      if (noiseBuffer.length < rest.length) {
        noiseBuffer = new byte[Math.max(rest.length, 256)];
      }
      System.arraycopy(rest, 0, noiseBuffer, 0, rest.length);
      noiseBuffered = rest.length;
    } else {
      noiseBuffer = new byte[0];
      if (rest.length > 0) {
        process(rest);
      }
    }
  }

  private void noiseComplete() {
    remotePeer = handshake.remotePeerId();
    codec = new NoiseFrameCodec(handshake.split());
    directFrames = codec.prefersDirectBuffers();
    if (!directFrames) {
      sendBuf = new byte[NoiseConstants.LENGTH_PREFIX + NoiseConstants.MAX_MESSAGE];
    }
    handshake = null;
    phase = Phase.MUXER;
    if (initiator) {
      negotiator = MultistreamInitiator.create(host.muxers());
      writeEncrypted(negotiator.takeOutbound());
    } else {
      negotiator = MultistreamResponder.create(Set.copyOf(host.muxers()));
    }
  }

  /** Plaintext {@code buf[off, off+len)} of one Noise frame; the slice is valid for this call. */
  private void onPlaintext(byte[] buf, int off, int len)
      throws MultistreamException, MuxerException {
    if (phase == Phase.MUXED) {
      session.onInbound(buf, off, len);
      return;
    }
    negotiator.onInbound(buf, off, len);
    writeEncrypted(negotiator.takeOutbound());
    if (negotiator.state() == MultistreamNegotiator.State.FAILED) {
      fail(HostContext.UpgradeFailure.MUXER_NEGOTIATION, "no common muxer");
      return;
    }
    if (negotiator.state() != MultistreamNegotiator.State.SELECTED) {
      return;
    }
    muxer = negotiator.selectedProtocol().orElseThrow();
    byte[] rest = negotiator.remainingBytes();
    negotiator = null;
    startMuxer();
    if (phase == Phase.MUXED && rest.length > 0) {
      session.onInbound(rest, 0, rest.length);
    }
  }

  private void startMuxer() {
    MuxerListener listener =
        new MuxerListener() {
          @Override
          public void onRemoteStream(MuxedStream s) {
            acceptStream(s);
          }

          @Override
          public void onSessionClosed(String reason) {
            LOG.debug("muxer session with {} closed: {}", remotePeer, reason);
          }
        };
    if (Yamux.PROTOCOL_ID.equals(muxer)) {
      session = Yamux.session(initiator, YamuxConfig.forHost(), frameSink, listener);
    } else {
      session = Mplex.session(initiator, MplexConfig.defaults(), frameSink, listener);
    }
    phase = Phase.MUXED;
    if (upgradeTimeout != null) {
      upgradeTimeout.cancel(false);
    }
    if (!host.connectionReady(this)) {
      host.upgradeFailed(HostContext.UpgradeFailure.REFUSED);
      close();
      return;
    }
    wasReady = true;
    ready.complete(this);
  }

  // ------------------------------------------------------------------ streams

  /**
   * Drives multistream-select on a new muxed stream, in either role: feeds what arrives to the
   * negotiator, writes its answers, and reports the outcome once. Data after the negotiation
   * belongs to the stream's protocol and goes to the {@link StreamImpl} that {@link #selected}
   * creates.
   */
  private abstract class Negotiation implements dev.causeway.libp2p.mux.StreamListener {
    final MuxedStream s;
    final MultistreamNegotiator negotiator;
    private boolean done;

    Negotiation(MuxedStream s, MultistreamNegotiator negotiator) {
      this.s = s;
      this.negotiator = negotiator;
      s.setListener(this);
    }

    /** The protocol is agreed; {@code leftover} is protocol data that came with the answer. */
    abstract void selected(String protocol, byte[] leftover);

    /** No protocol in common ({@code e} is null) or a protocol error; the stream is reset. */
    abstract void failed(MultistreamException e);

    /** The peer closed or reset the stream before the negotiation ended. */
    abstract void endedEarly(boolean reset);

    /** Writes what the negotiator has to say (the initiator's proposal at first). */
    final void sendOutbound() {
      byte[] out = negotiator.takeOutbound();
      if (out.length > 0) {
        s.write(out, 0, out.length);
        flushSoon();
      }
    }

    private void resetStream() {
      s.reset();
      flushSoon();
    }

    @Override
    public final void onData(byte[] data, int off, int len) {
      if (done) {
        return;
      }
      try {
        negotiator.onInbound(data, off, len);
      } catch (MultistreamException e) {
        done = true;
        resetStream();
        failed(e);
        return;
      }
      sendOutbound();
      if (negotiator.state() == MultistreamNegotiator.State.SELECTED) {
        done = true;
        selected(negotiator.selectedProtocol().orElseThrow(), negotiator.remainingBytes());
      } else if (negotiator.state() == MultistreamNegotiator.State.FAILED) {
        done = true;
        resetStream();
        failed(null);
      }
    }

    @Override
    public final void onRemoteClose() {
      if (!done) {
        done = true;
        endedEarly(false);
      }
    }

    @Override
    public final void onReset() {
      if (!done) {
        done = true;
        endedEarly(true);
      }
    }
  }

  private void acceptStream(MuxedStream s) {
    new Negotiation(
        s,
        MultistreamResponder.builder(p -> host.handler(p) != null)
            .listed(List.copyOf(host.protocols()))
            .build()) {
      @Override
      void selected(String protocol, byte[] leftover) {
        StreamHandler handler = host.handler(protocol);
        if (handler == null) {
          s.reset();
          flushSoon();
          return;
        }
        StreamImpl stream = new StreamImpl(ConnectionHandler.this, s, protocol, false);
        try {
          handler.onStream(stream);
        } catch (RuntimeException e) {
          // A broken handler costs its own stream, not the connection's other streams.
          LOG.warn("handler for {} failed; resetting the stream", protocol, e);
          stream.reset();
          return;
        }
        stream.deliverLeftover(leftover);
      }

      @Override
      void failed(MultistreamException e) {
        // the stream is reset; the peer's opener learns it from there
      }

      @Override
      void endedEarly(boolean reset) {
        if (!reset) {
          s.reset(); // a peer that half-closes without choosing a protocol gets no stream
          flushSoon();
        }
      }
    };
  }

  @Override
  public CompletableFuture<Stream> newStream(List<String> protocols) {
    CompletableFuture<Stream> result = new CompletableFuture<>();
    runOnLoop(
        () -> {
          if (phase != Phase.MUXED) {
            result.completeExceptionally(new StreamException("connection is not open"));
            return;
          }
          MuxedStream s;
          try {
            s = session.openStream();
          } catch (MuxerException e) {
            result.completeExceptionally(new StreamException("cannot open stream", e));
            return;
          }
          new Negotiation(s, MultistreamInitiator.create(protocols)) {
            @Override
            void selected(String protocol, byte[] leftover) {
              StreamImpl stream = new StreamImpl(ConnectionHandler.this, s, protocol, true);
              result.complete(stream);
              stream.deliverLeftover(leftover);
            }

            @Override
            void failed(MultistreamException e) {
              result.completeExceptionally(
                  e == null || e.reason() == MultistreamException.Reason.NOT_SUPPORTED
                      ? new ProtocolNotSupportedException(protocols)
                      : new StreamException("protocol negotiation failed: " + e.getMessage()));
            }

            @Override
            void endedEarly(boolean reset) {
              result.completeExceptionally(
                  new StreamException(
                      reset ? "stream reset in negotiation" : "stream closed in negotiation"));
            }
          }.sendOutbound();
        });
    return result;
  }

  // ------------------------------------------------------------------ output

  private void writePlain(byte[] bytes) {
    if (bytes.length > 0) {
      ctx.write(Unpooled.wrappedBuffer(bytes));
    }
  }

  /** The muxer's output: copied straight into the Noise frame being gathered. */
  private final FrameSink frameSink =
      new FrameSink() {
        @Override
        public void write(byte[] bytes) {
          writeEncrypted(bytes, 0, bytes.length);
        }

        @Override
        public void write(byte[] header, byte[] payload, int off, int len) {
          writeEncrypted(header, 0, header.length);
          writeEncrypted(payload, off, len);
        }
      };

  private void writeEncrypted(byte[] plain) {
    writeEncrypted(plain, 0, plain.length);
  }

  /** Queues plaintext for the peer; it is sealed when a Noise frame fills up or on flush. */
  private void writeEncrypted(byte[] plain, int off, int len) {
    if (phase == Phase.CLOSED) {
      return;
    }
    int end = off + len;
    while (off < end) {
      int n = Math.min(end - off, NoiseConstants.MAX_PLAINTEXT - sendLen);
      if (directFrames) {
        if (plainOut == null) {
          plainOut = ctx.alloc().directBuffer(NoiseConstants.MAX_PLAINTEXT);
        }
        plainOut.writeBytes(plain, off, n);
      } else {
        System.arraycopy(plain, off, sendBuf, NoiseConstants.LENGTH_PREFIX + sendLen, n);
      }
      sendLen += n;
      off += n;
      if (sendLen == NoiseConstants.MAX_PLAINTEXT) {
        sealPending();
        ctx.flush(); // let the peer decrypt this frame while we encrypt the next
      }
    }
  }

  /** Encrypts the gathered plaintext as one Noise frame and writes it (unflushed). */
  private void sealPending() {
    if (sendLen == 0) {
      return;
    }
    if (directFrames) {
      sealDirect();
      return;
    }
    int n;
    try {
      n = codec.encryptFrameInPlace(sendBuf, 0, sendLen);
    } catch (NoiseException e) {
      sendLen = 0;
      fail(HostContext.UpgradeFailure.NOISE, "encryption failed: " + e.getMessage());
      return;
    }
    sendLen = 0;
    ctx.write(ctx.alloc().buffer(n).writeBytes(sendBuf, 0, n));
  }

  /** The direct data path: seals plainOut straight into the pooled buffer for the socket. */
  private void sealDirect() {
    int wire = sendLen + NoiseConstants.LENGTH_PREFIX + NoiseConstants.TAG_LEN;
    ByteBuf out = ctx.alloc().directBuffer(wire);
    try {
      codec.sealFrame(plainOut.internalNioBuffer(0, sendLen), out.internalNioBuffer(0, wire));
    } catch (NoiseException | RuntimeException e) {
      out.release();
      sendLen = 0;
      plainOut.clear();
      fail(HostContext.UpgradeFailure.NOISE, "encryption failed: " + e.getMessage());
      return;
    }
    sendLen = 0;
    plainOut.clear();
    ctx.write(out.writerIndex(wire));
  }

  /** Seals what is gathered and flushes the channel. */
  private void flushNow() {
    sealPending();
    ctx.flush();
  }

  /** Returns the gathering buffer of the direct data path to the pool. */
  private void releasePlainOut() {
    if (plainOut != null) {
      plainOut.release();
      plainOut = null;
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    sendLen = 0;
    releasePlainOut();
  }

  /** Flushes at the end of the current event-loop task. */
  void flushSoon() {
    if (!flushScheduled && ctx != null) {
      flushScheduled = true;
      ctx.executor()
          .execute(
              () -> {
                flushScheduled = false;
                flushNow();
              });
    }
  }

  void runOnLoop(Runnable r) {
    if (ctx.executor().inEventLoop()) {
      r.run();
    } else {
      ctx.executor().execute(r);
    }
  }

  boolean isSocketWritable() {
    return ctx.channel().isWritable();
  }

  void awaitWritable(StreamImpl s) {
    if (!writabilityWaiters.contains(s)) {
      writabilityWaiters.add(s);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable() && !writabilityWaiters.isEmpty()) {
      List<StreamImpl> waiting = new ArrayList<>(writabilityWaiters);
      writabilityWaiters.clear();
      for (StreamImpl s : waiting) {
        s.drain();
      }
    }
    super.channelWritabilityChanged(ctx);
  }

  // ------------------------------------------------------------------ lifecycle

  private void fail(HostContext.UpgradeFailure reason, String message) {
    if (phase == Phase.CLOSED) {
      return;
    }
    if (phase != Phase.MUXED) {
      host.upgradeFailed(reason);
    }
    LOG.debug("connection {} {} failed: {}", remoteAddress, reason, message);
    ready.completeExceptionally(new StreamException(reason + ": " + message));
    close();
  }

  @Override
  public void close() {
    closeRequested = true; // isOpen() turns false at once, so dial() no longer reuses us
    runOnLoop(
        () -> {
          if (session != null && phase == Phase.MUXED) {
            session.close();
          }
          sealPending();
          phase = Phase.CLOSED;
          ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ctx.close());
        });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (upgradeTimeout != null) {
      upgradeTimeout.cancel(false);
    }
    if (phase != Phase.CLOSED && session != null) {
      session.close();
    }
    if (phase != Phase.CLOSED && phase != Phase.MUXED) {
      // The transport went away mid-upgrade (peer EOF/RST, TLS or WebSocket failure).
      host.upgradeFailed(HostContext.UpgradeFailure.CLOSED);
      LOG.debug("connection {} closed during {}", remoteAddress, phase);
    }
    phase = Phase.CLOSED;
    ready.completeExceptionally(new StreamException("connection closed"));
    host.connectionClosed(this, wasReady);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection {} error: {}", remoteAddress, cause.toString());
    ctx.close();
  }

  // ------------------------------------------------------------------ Connection

  @Override
  public PeerId remotePeer() {
    return remotePeer;
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Multiaddr localAddress() {
    if (localAddress == null
        && ctx != null
        && ctx.channel().localAddress() instanceof java.net.InetSocketAddress a) {
      localAddress = Addresses.toMultiaddr(a, false, false);
    }
    return localAddress;
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public String muxer() {
    return muxer;
  }

  @Override
  public boolean isOpen() {
    return phase == Phase.MUXED && !closeRequested && ctx.channel().isActive();
  }

  @Override
  public ScheduledExecutorService executor() {
    return ctx.executor();
  }

  @Override
  public String toString() {
    return "connection to " + remotePeer + " at " + remoteAddress;
  }
}

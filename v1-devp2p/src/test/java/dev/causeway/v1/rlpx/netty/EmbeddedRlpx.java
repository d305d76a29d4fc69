package dev.causeway.v1.rlpx.netty;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.v1.rlpx.SubProtocol;
import dev.causeway.v1.rlpx.framing.FrameCodec;
import dev.causeway.v1.rlpx.handshake.Handshaker;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.host.Devp2pMetrics;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.rlpx.wire.HelloMessage;
import dev.causeway.v1.rlpx.wire.P2pMessageCodes;
import dev.causeway.v1.rlpx.wire.RawMessage;
import dev.causeway.v1.rlpx.wire.Snappy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: RLPx connections between {@link EmbeddedChannel}s, without sockets and without
 * threads. Bytes move only when the test calls {@link #pump}, and time moves only when it calls
 * {@link Endpoint#advance}: every channel's clock is frozen from the moment it is registered, so
 * handshake, Hello, Ping and Waku timers fire exactly when a test says so.
 *
 * <p>Two kinds of endpoint:
 *
 * <ul>
 *   <li>{@link #full}: the production pipeline built by {@link RlpxChannelInitializer} (handshake,
 *       framing, devp2p session, sub-protocols);
 *   <li>{@link RawPeer}: the production handshake and framing only; the test sends and reads {@link
 *       RawMessage}s itself, so it can play a peer that misbehaves (no Hello, a second Hello, an
 *       unknown message id, devp2p version 4, oversized messages, silence).
 * </ul>
 *
 * <p>Buffers: every endpoint allocates from a {@link TrackingAllocator}; {@link #pump} hands each
 * outbound buffer to the other side (which must release it) or releases it when that side is
 * closed. Tests close endpoints with {@link EmbeddedChannel#finishAndReleaseAll()} and then call
 * {@link TrackingAllocator#assertAllReleased()}.
 */
public final class EmbeddedRlpx {
  private EmbeddedRlpx() {}

  /** Port reported as the remote address of every endpoint (no socket exists). */
  public static final int FAKE_PORT = 30303;

  /**
   * An {@link EmbeddedChannel} registered with frozen time, a loopback {@link InetSocketAddress} as
   * remote address (the production code casts to it) and a tracking allocator.
   */
  public static final class Endpoint extends EmbeddedChannel {
    private final InetSocketAddress remote =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), FAKE_PORT);
    private final TrackingAllocator alloc;

    Endpoint(TrackingAllocator alloc, ChannelHandler... handlers) {
      super(false, false, handlers);
      this.alloc = alloc;
      config().setAllocator(alloc);
      freezeTime();
      try {
        register();
      } catch (Exception e) {
        throw new IllegalStateException("cannot register embedded channel", e);
      }
    }

    @Override
    protected SocketAddress remoteAddress0() {
      return remote;
    }

    /** Moves this channel's clock on by {@code d} and runs every task that became due. */
    public void advance(Duration d) {
      advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
      runPendingTasks();
    }

    /** Writes {@code bytes[from, to)} as one inbound buffer; false if the channel is closed. */
    public boolean feed(byte[] bytes, int from, int to) {
      if (!isOpen()) {
        return false;
      }
      if (to > from) {
        writeInbound(alloc.copyOf(bytes, from, to));
      }
      return true;
    }

    /** All bytes written so far and not yet read, concatenated; the buffers are released. */
    public byte[] takeOutbound() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (Object o = readOutbound(); o != null; o = readOutbound()) {
        try {
          if (!(o instanceof ByteBuf buf)) {
            throw new AssertionError("non-buffer outbound message: " + o);
          }
          out.writeBytes(ByteBufUtil.getBytes(buf));
        } finally {
          ReferenceCountUtil.release(o);
        }
      }
      return out.toByteArray();
    }

    /** The devp2p session handler of a {@link #full} endpoint. */
    P2pHandler p2p() {
      return pipeline().get(P2pHandler.class);
    }
  }

  /** A production pipeline, dialling {@code remoteNodeId} or (if null) accepting. */
  public static Endpoint full(
      Devp2pConfig config,
      byte[] remoteNodeId,
      List<SubProtocol> protocols,
      SessionListener listener,
      Devp2pMetrics metrics,
      SecureRandom random,
      TrackingAllocator alloc) {
    RlpxChannelInitializer init =
        remoteNodeId == null
            ? RlpxChannelInitializer.inbound(
                config, FAKE_PORT, protocols, listener, metrics, random)
            : RlpxChannelInitializer.outbound(
                config, FAKE_PORT, protocols, listener, metrics, random, remoteNodeId);
    return new Endpoint(alloc, init);
  }

  /** Moves bytes both ways until neither endpoint has anything left to send. */
  public static void pump(Endpoint a, Endpoint b) {
    pump(a, b, null, null);
  }

  /**
   * Like {@link #pump(Endpoint, Endpoint)}, appending every byte moved from {@code a} to {@code b}
   * to {@code aToB} and from {@code b} to {@code a} to {@code bToA} (either may be null).
   */
  public static void pump(
      Endpoint a, Endpoint b, ByteArrayOutputStream aToB, ByteArrayOutputStream bToA) {
    for (int round = 0; ; round++) {
      if (round > 100_000) {
        throw new AssertionError("the two endpoints never stop sending");
      }
      boolean moved = transfer(a, b, aToB);
      moved |= transfer(b, a, bToA);
      if (!moved) {
        return;
      }
    }
  }

  private static boolean transfer(Endpoint from, Endpoint to, ByteArrayOutputStream sink) {
    boolean any = false;
    for (Object o = from.readOutbound(); o != null; o = from.readOutbound()) {
      any = true;
      if (!(o instanceof ByteBuf buf)) {
        ReferenceCountUtil.release(o);
        throw new AssertionError("non-buffer outbound message: " + o);
      }
      if (sink != null) {
        sink.writeBytes(ByteBufUtil.getBytes(buf));
      }
      if (to.isOpen()) {
        to.writeInbound(buf); // the receiving pipeline owns and releases it
      } else {
        buf.release();
      }
    }
    return any;
  }

  /** Advances both clocks by {@code d}, then pumps. */
  public static void advance(Duration d, Endpoint a, Endpoint b) {
    a.advance(d);
    b.advance(d);
    pump(a, b);
  }

  /** Metrics backed by a private registry. */
  public static Devp2pMetrics metrics() {
    return new Devp2pMetrics(new SimpleMeterRegistry());
  }

  /**
   * A scripted peer: our {@code HandshakeHandler} (which installs the frame decoder and encoder)
   * and nothing above it. Frames arrive as {@link RawMessage}s in the channel's inbound queue and
   * are sent exactly as given, so the test decides about Hello, Snappy and everything else.
   */
  public static final class RawPeer {
    private final Endpoint channel;
    private final Secp256k1.KeyPair key;

    private RawPeer(Endpoint channel, Secp256k1.KeyPair key) {
      this.channel = channel;
      this.key = key;
    }

    /** A raw peer dialling {@code remoteNodeId}: its auth is queued at once. */
    public static RawPeer initiator(
        Secp256k1.KeyPair key, byte[] remoteNodeId, SecureRandom random, TrackingAllocator alloc) {
      Handshaker hs = Handshaker.initiator(key, remoteNodeId, random);
      return new RawPeer(new Endpoint(alloc, handshakeHandler(hs, true)), key);
    }

    /** A raw peer accepting one connection. */
    public static RawPeer responder(
        Secp256k1.KeyPair key, SecureRandom random, TrackingAllocator alloc) {
      Handshaker hs = Handshaker.responder(key, random);
      return new RawPeer(new Endpoint(alloc, handshakeHandler(hs, false)), key);
    }

    private static HandshakeHandler handshakeHandler(Handshaker hs, boolean initiator) {
      return new HandshakeHandler(
          hs, initiator, Duration.ofDays(1), FrameCodec.MAX_FRAME_SIZE, metrics());
    }

    public Endpoint channel() {
      return channel;
    }

    public Secp256k1.KeyPair key() {
      return key;
    }

    /** True once the handshake is done and framing is installed. */
    public boolean framing() {
      return channel.pipeline().get(FrameEncoder.class) != null;
    }

    /** Sends a frame with exactly this msg-id and msg-data. */
    public void send(int id, byte[] data) {
      if (!framing()) {
        throw new IllegalStateException("handshake not complete");
      }
      channel.writeOutbound(new RawMessage(id, data));
    }

    /** Sends a frame whose msg-data is {@code data} Snappy-compressed. */
    public void sendCompressed(int id, byte[] data) {
      send(id, Snappy.compress(data));
    }

    /** Sends our Hello (uncompressed, as always) with this devp2p version and capabilities. */
    public void sendHello(int protocolVersion, List<Capability> capabilities) {
      HelloMessage hello =
          new HelloMessage(protocolVersion, "raw-test-peer", capabilities, 0, key.publicKey());
      send(P2pMessageCodes.HELLO, hello.encode());
    }

    /** The next frame received, or null. */
    public RawMessage poll() {
      return channel.readInbound();
    }

    /** Every frame received and not yet polled. */
    public List<RawMessage> drain() {
      List<RawMessage> out = new ArrayList<>();
      for (RawMessage m = poll(); m != null; m = poll()) {
        out.add(m);
      }
      return out;
    }
  }

  /**
   * A {@link SecureRandom} whose output is a pure function of its seed, so that a whole RLPx
   * session (keys, nonces, padding, ECIES randomness) can be replayed byte for byte.
   */
  public static final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final Random delegate;

    public SeededRandom(long seed) {
      this.delegate = new Random(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
      delegate.nextBytes(bytes);
    }

    @Override
    public byte[] generateSeed(int numBytes) {
      byte[] b = new byte[numBytes];
      nextBytes(b);
      return b;
    }
  }
}

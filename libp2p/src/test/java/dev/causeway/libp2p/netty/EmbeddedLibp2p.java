package dev.causeway.libp2p.netty;

import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: two {@link ConnectionHandler}s on {@link EmbeddedChannel}s (no sockets), an
 * initiator and a responder, wired by pumping each side's outbound bytes into the other. The
 * delivery of every byte stream can be split at chosen offsets or into 1-byte chunks, and single
 * bytes can be corrupted in flight. Netty's clock is frozen on both channels, so timeouts move only
 * with {@link #advance}.
 *
 * <p>Buffer ownership: every buffer read from a channel is copied and released here; every buffer
 * written into a channel is remembered, and {@link #assertAllReleased()} checks that the handler
 * released each one.
 */
final class EmbeddedLibp2p {
  static final Multiaddr ADDR_A = parse("/ip4/10.0.0.1/tcp/4001");
  static final Multiaddr ADDR_B = parse("/ip4/10.0.0.2/tcp/4001");

  /** Where a direction's byte stream is cut into separate reads. */
  interface Splitter {
    /** Cut points within {@code [from, from+len)} (absolute stream offsets, increasing). */
    List<Long> cuts(long from, int len);

    static Splitter whole() {
      return (from, len) -> List.of();
    }

    /** One cut at absolute offset {@code k}. */
    static Splitter at(long k) {
      return (from, len) -> k > from && k < from + len ? List.of(k) : List.of();
    }

    static Splitter singleBytes() {
      return (from, len) -> {
        List<Long> out = new ArrayList<>(len);
        for (long i = from + 1; i < from + len; i++) {
          out.add(i);
        }
        return out;
      };
    }
  }

  /** A {@link HostContext} that records what the connection reports. */
  static final class FakeHost implements HostContext {
    final PrivKey identity;
    final SecureRandom random;
    List<String> muxers;
    Duration upgradeTimeout = Duration.ofSeconds(10);
    final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    final List<ConnectionHandler> ready = new ArrayList<>();
    final List<ConnectionHandler> closed = new ArrayList<>();
    final List<UpgradeFailure> failures = new ArrayList<>();
    boolean refuse;

    FakeHost(PrivKey identity, SecureRandom random, List<String> muxers) {
      this.identity = identity;
      this.random = random;
      this.muxers = muxers;
    }

    PeerId peerId() {
      return PeerId.fromPublicKey(identity.publicKey());
    }

    @Override
    public PrivKey identity() {
      return identity;
    }

    @Override
    public SecureRandom random() {
      return random;
    }

    @Override
    public List<String> muxers() {
      return muxers;
    }

    @Override
    public Duration upgradeTimeout() {
      return upgradeTimeout;
    }

    @Override
    public StreamHandler handler(String protocol) {
      return handlers.get(protocol);
    }

    @Override
    public Set<String> protocols() {
      return new TreeSet<>(handlers.keySet());
    }

    @Override
    public boolean connectionReady(ConnectionHandler connection) {
      if (refuse) {
        return false;
      }
      ready.add(connection);
      return true;
    }

    @Override
    public void connectionClosed(ConnectionHandler connection, boolean wasReady) {
      closed.add(connection);
    }

    @Override
    public void upgradeFailed(UpgradeFailure reason) {
      failures.add(reason);
    }
  }

  final FakeHost initiatorHost;
  final FakeHost responderHost;
  final ConnectionHandler initiator;
  final ConnectionHandler responder;
  final EmbeddedChannel initiatorChannel;
  final EmbeddedChannel responderChannel;
  private final Direction toResponder;
  private final Direction toInitiator;
  private final List<ByteBuf> written = new ArrayList<>();

  /** One direction of the byte stream. */
  private final class Direction {
    final EmbeddedChannel from;
    final EmbeddedChannel to;
    Splitter splitter = Splitter.whole();
    long corruptAt = -1;
    long offset;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    Direction(EmbeddedChannel from, EmbeddedChannel to) {
      this.from = from;
      this.to = to;
    }

    /** Moves what {@code from} wrote to {@code to}; true if any byte moved. */
    boolean move() {
      ByteArrayOutputStream pending = new ByteArrayOutputStream();
      for (Object o; (o = from.readOutbound()) != null; ) {
        try {
          ByteBuf b = (ByteBuf) o;
          byte[] bytes = new byte[b.readableBytes()];
          b.readBytes(bytes);
          pending.write(bytes, 0, bytes.length);
        } finally {
          ReferenceCountUtil.release(o);
        }
      }
      byte[] data = pending.toByteArray();
      if (data.length == 0) {
        return false;
      }
      if (corruptAt >= offset && corruptAt < offset + data.length) {
        data[(int) (corruptAt - offset)] ^= 0x01;
      }
      log.write(data, 0, data.length);
      int pos = 0;
      List<Long> cuts = new ArrayList<>(splitter.cuts(offset, data.length));
      cuts.add(offset + data.length);
      for (long cut : cuts) {
        int end = (int) (cut - offset);
        if (end > pos && to.isOpen()) {
          ByteBuf b = Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(data, pos, end));
          written.add(b);
          to.writeInbound(b);
        }
        pos = end;
      }
      offset += data.length;
      return true;
    }
  }

  EmbeddedLibp2p(FakeHost initiatorHost, FakeHost responderHost) {
    this(initiatorHost, responderHost, responderHost.peerId());
  }

  EmbeddedLibp2p(FakeHost initiatorHost, FakeHost responderHost, PeerId expected) {
    this.initiatorHost = initiatorHost;
    this.responderHost = responderHost;
    initiator = new ConnectionHandler(initiatorHost, true, expected, ADDR_A, ADDR_B);
    responder = new ConnectionHandler(responderHost, false, null, ADDR_B, ADDR_A);
    initiatorChannel = new EmbeddedChannel(initiator);
    responderChannel = new EmbeddedChannel(responder);
    initiatorChannel.freezeTime();
    responderChannel.freezeTime();
    toResponder = new Direction(initiatorChannel, responderChannel);
    toInitiator = new Direction(responderChannel, initiatorChannel);
  }

  EmbeddedLibp2p split(Splitter both) {
    toResponder.splitter = both;
    toInitiator.splitter = both;
    return this;
  }

  /** Flips the lowest bit of the byte at absolute offset {@code k} of the initiator's stream. */
  EmbeddedLibp2p corruptToResponder(long k) {
    toResponder.corruptAt = k;
    return this;
  }

  /** Flips the lowest bit of the byte at absolute offset {@code k} of the responder's stream. */
  EmbeddedLibp2p corruptToInitiator(long k) {
    toInitiator.corruptAt = k;
    return this;
  }

  /** Fires the transport-ready event on both sides and pumps until quiet. */
  EmbeddedLibp2p start() {
    responderChannel.pipeline().fireUserEventTriggered(TransportReadyEvent.INSTANCE);
    initiatorChannel.pipeline().fireUserEventTriggered(TransportReadyEvent.INSTANCE);
    pump();
    return this;
  }

  /**
   * Moves bytes both ways (and runs queued tasks) until nothing moves; a closed side closes the
   * other, as a TCP FIN would.
   */
  void pump() {
    for (int rounds = 0; ; rounds++) {
      if (rounds > 1_000_000) {
        throw new AssertionError("pump does not settle");
      }
      initiatorChannel.runPendingTasks();
      responderChannel.runPendingTasks();
      boolean moved = toResponder.move();
      moved |= toInitiator.move();
      if (!moved) {
        break;
      }
    }
    if (!initiatorChannel.isOpen() && responderChannel.isOpen()) {
      responderChannel.close();
    }
    if (!responderChannel.isOpen() && initiatorChannel.isOpen()) {
      initiatorChannel.close();
    }
    initiatorChannel.runPendingTasks();
    responderChannel.runPendingTasks();
    drainClosed(initiatorChannel);
    drainClosed(responderChannel);
  }

  private static void drainClosed(EmbeddedChannel ch) {
    if (!ch.isOpen()) {
      for (Object o; (o = ch.readOutbound()) != null; ) {
        ReferenceCountUtil.release(o);
      }
    }
  }

  /** Moves both frozen clocks forward and runs what became due. */
  void advance(Duration d) {
    initiatorChannel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    responderChannel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    initiatorChannel.runScheduledPendingTasks();
    responderChannel.runScheduledPendingTasks();
    pump();
  }

  /** Everything the initiator sent so far (after any corruption). */
  byte[] sentByInitiator() {
    return toResponder.log.toByteArray();
  }

  /** Everything the responder sent so far (after any corruption). */
  byte[] sentByResponder() {
    return toInitiator.log.toByteArray();
  }

  /** Closes both channels, releases what they hold, and checks every buffer was released. */
  void finish() {
    initiatorChannel.checkException();
    responderChannel.checkException();
    initiatorChannel.finishAndReleaseAll();
    responderChannel.finishAndReleaseAll();
    assertAllReleased();
  }

  void assertAllReleased() {
    int live = 0;
    for (ByteBuf b : written) {
      if (b.refCnt() != 0) {
        live++;
      }
    }
    if (live > 0) {
      throw new AssertionError(live + " of " + written.size() + " inbound buffers not released");
    }
  }

  private static Multiaddr parse(String s) {
    try {
      return Multiaddr.parse(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.ConnectionListener;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multiaddr.Protocol;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.VarintException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link GossipRouter} over a {@link Libp2pHost} (spec libp2p-gossipsub.md §1): one
 * long-lived outbound stream per peer that we write RPCs to, inbound streams the peer opened that
 * we read LP-framed RPCs from, a heartbeat, and the disconnect of graylisted peers.
 *
 * <p>The router is single-threaded by design: every router call runs on this service's own thread.
 * Network callbacks hop onto it; the router's sink queues frames per peer and reports back-pressure
 * when a peer has more than {@link #MAX_PENDING_BYTES} unwritten, which the router counts as a
 * drop. {@link #publish} completes once the message has been handed to the stream of every peer it
 * was sent to, so a publisher that bounds its unfinished publications is held back instead of
 * overrunning that limit.
 */
public final class GossipsubService implements AutoCloseable {
  /*
   * Write batching: the sink does not write each frame at once. It appends the frame to the
   * peer's batch and, for the first frame of a batch, queues one flush task behind the tasks
   * already waiting on the router thread. Under load many publications and forwarded messages
   * are queued, so a flush writes many frames as one stream write: one muxer frame, one Noise
   * frame and one hop to the connection's event loop instead of one each per message. When idle
   * the flush runs right after the call that queued the frame, which adds no noticeable delay.
   * Order per peer is kept: batches are written in the order they were filled.
   */
  private static final Logger LOG = LoggerFactory.getLogger(GossipsubService.class);

  /** Unwritten bytes allowed per peer before the router's sends are refused (and counted). */
  static final long MAX_PENDING_BYTES = 8L * 1024 * 1024;

  private final Libp2pHost host;
  private final List<String> protocolIds;
  private final int maxInboundRpc;
  private final ScheduledExecutorService loop;
  private final GossipRouter router;
  private final Map<PeerId, PeerChannel> peers = new ConcurrentHashMap<>();
  private final AtomicLong earlyFramesDropped = new AtomicLong();

  /** Bytes of inbound RPC frames waiting for the router thread. */
  private final AtomicLong inboundQueued = new AtomicLong();

  private final AtomicLong inboundQueueDropped = new AtomicLong();
  private final AtomicLong badFrames = new AtomicLong();
  private volatile boolean closed;

  /** Router thread only: peers with a batch to write, in the order their batches started. */
  private final List<PeerChannel> dirty = new ArrayList<>();

  /** Router thread only: during {@link #publish}, the batches that the message went into. */
  private List<CompletableFuture<Void>> publishedInto;

  /** Inbound RPC bytes allowed to wait for the router thread, across all peers. */
  static final long MAX_INBOUND_QUEUED_BYTES = 64L * 1024 * 1024;

  /** Inbound RPC frames kept per peer until its send stream exists (then replayed). */
  static final int MAX_EARLY_FRAMES = 64;

  /** Largest batch written at once (larger batches are split into writes of about this). */
  static final int MAX_BATCH_BYTES = 256 * 1024;

  /** Per-peer stream state. */
  private static final class PeerChannel {
    volatile Stream out;
    volatile boolean opening;
    final AtomicLong pending = new AtomicLong();

    /** Router thread only: frames sent by the router and not yet written. */
    List<byte[]> batch = new ArrayList<>();

    int batchBytes;

    /** Router thread only: completes when {@link #batch} has been written (or dropped). */
    CompletableFuture<Void> batchWritten;

    /** Router thread only: the router knows the peer (its send stream is open). */
    boolean added;

    /** Router thread only: frames that arrived before {@link #added}. */
    final List<byte[]> early = new ArrayList<>();
  }

  /**
   * @param protocolIds pubsub protocol ids in preference order (Waku: relay id first)
   * @param routerFactory builds the router given the sink this service provides (call {@code
   *     GossipRouter.builder(config, sink)...build()})
   */
  public GossipsubService(
      Libp2pHost host,
      List<String> protocolIds,
      int maxInboundRpc,
      Function<RpcSink, GossipRouter> routerFactory) {
    this.host = host;
    this.protocolIds = List.copyOf(protocolIds);
    this.maxInboundRpc = maxInboundRpc;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gossipsub");
              t.setDaemon(true);
              return t;
            });
    this.router = routerFactory.apply(this::send);
  }

  /** Registers the stream handlers and connection hooks, and starts the heartbeat. */
  public void start() {
    for (String id : protocolIds) {
      host.registerHandler(id, this::onInboundStream);
    }
    host.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onConnected(Connection c) {
            openOutbound(c);
          }

          @Override
          public void onDisconnected(Connection c) {
            PeerId p = c.remotePeer();
            if (host.connections(p).stream().noneMatch(Connection::isOpen)) {
              loop.execute(() -> removePeer(p));
            }
          }
        });
    for (Connection c : host.connections()) {
      openOutbound(c);
    }
    long hb = router.config().heartbeatInterval().toMillis();
    loop.scheduleAtFixedRate(this::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
  }

  private void heartbeat() {
    try {
      router.heartbeat();
    } catch (RuntimeException e) {
      LOG.warn("gossipsub heartbeat failed", e);
    }
  }

  /** Runs {@code task} on the router thread and returns its result. */
  public <T> CompletableFuture<T> call(java.util.function.Supplier<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            f.complete(task.get());
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  public CompletableFuture<Void> subscribe(String topic) {
    return call(
        () -> {
          router.subscribe(topic);
          return null;
        });
  }

  public CompletableFuture<Void> unsubscribe(String topic) {
    return call(
        () -> {
          router.unsubscribe(topic);
          return null;
        });
  }

  /**
   * Publishes on the router thread; completes with the message id once the message has been handed
   * to the stream of every peer it was sent to (or that peer's stream is gone). It usually
   * completes on a connection's event loop: dependent actions must not block.
   */
  public CompletableFuture<MessageId> publish(String topic, byte[] data) {
    CompletableFuture<MessageId> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          List<CompletableFuture<Void>> batches = new ArrayList<>(2);
          publishedInto = batches;
          MessageId id;
          try {
            id = router.publish(topic, data);
          } catch (GossipsubException | RuntimeException e) {
            f.completeExceptionally(e);
            return;
          } finally {
            publishedInto = null;
          }
          if (batches.isEmpty()) {
            f.complete(id);
          } else if (batches.size() == 1) {
            batches.get(0).whenComplete((v, e) -> f.complete(id));
          } else {
            CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> f.complete(id));
          }
        });
    return f;
  }

  /**
   * Exposes the router's counters and this service's own drops ({@code
   * causeway_libp2p_gossipsub_stream_drops_total{reason}}) in {@code registry}.
   */
  public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
    router.metrics().bindTo(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "causeway_libp2p_gossipsub_stream_drops_total", earlyFramesDropped, AtomicLong::get)
        .tag("reason", "frames_before_send_stream")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "causeway_libp2p_gossipsub_stream_drops_total", badFrames, AtomicLong::get)
        .tag("reason", "bad_frame")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "causeway_libp2p_gossipsub_stream_drops_total", inboundQueueDropped, AtomicLong::get)
        .tag("reason", "inbound_queue_full")
        .register(registry);
  }

  /** Inbound frames dropped because a peer sent more than it could before we could answer. */
  public long earlyFramesDropped() {
    return earlyFramesDropped.get();
  }

  /** The router, for reads that run on {@link #call}. */
  public GossipRouter router() {
    return router;
  }

  public ScheduledExecutorService executor() {
    return loop;
  }

  // ------------------------------------------------------------------ streams

  private void openOutbound(Connection c) {
    if (closed || !c.isOpen()) {
      return;
    }
    PeerId p = c.remotePeer();
    PeerChannel ch = peers.computeIfAbsent(p, k -> new PeerChannel());
    synchronized (ch) {
      if (ch.out != null || ch.opening) {
        return;
      }
      ch.opening = true;
    }
    c.newStream(protocolIds)
        .whenComplete(
            (s, err) -> {
              synchronized (ch) {
                ch.opening = false;
              }
              if (err != null) {
                LOG.debug("no pubsub stream to {}: {}", p, err.toString());
                return;
              }
              s.setListener(
                  new StreamListener() {
                    @Override
                    public void onData(byte[] data) {
                      // peers do not write on the stream we opened; ignore
                    }

                    @Override
                    public void onRemoteClose() {
                      outboundLost(p, ch, s);
                    }

                    @Override
                    public void onReset() {
                      outboundLost(p, ch, s);
                    }
                  });
              ch.out = s;
              String ip = ip(c.remoteAddress());
              boolean outbound = c.isInitiator();
              // The peer joins the router only once we can write to it, so the subscription
              // "hello" the router sends on addPeer is not lost; what it sent us meanwhile is
              // replayed.
              loop.execute(
                  () -> {
                    router.addPeer(p, s.protocol(), outbound, ip);
                    ch.added = true;
                    List<byte[]> early = new ArrayList<>(ch.early);
                    ch.early.clear();
                    for (byte[] f : early) {
                      deliverRpc(p, f);
                    }
                  });
            });
  }

  private void outboundLost(PeerId p, PeerChannel ch, Stream s) {
    if (ch.out == s) {
      ch.out = null;
      ch.pending.set(0);
      // Reopen if the peer is still connected; otherwise the disconnect removes it.
      for (Connection c : host.connections(p)) {
        if (c.isOpen()) {
          openOutbound(c);
          return;
        }
      }
    }
  }

  private void onInboundStream(Stream s) {
    PeerId p = s.remotePeer();
    Connection c = s.connection();
    LengthPrefixedReader reader = new LengthPrefixedReader(maxInboundRpc);
    PeerChannel ch = peers.computeIfAbsent(p, k -> new PeerChannel());
    if (c.isOpen()) {
      openOutbound(c);
    }
    s.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            List<byte[]> frames;
            try {
              frames = reader.readAll(data, 0, data.length);
            } catch (VarintException e) {
              badFrames.incrementAndGet();
              LOG.debug("bad pubsub frame from {}: {}", p, e.getMessage());
              s.reset();
              return;
            }
            if (!frames.isEmpty()) {
              long bytes = 0;
              for (byte[] f : frames) {
                bytes += f.length;
              }
              // The router thread's inbound backlog is bounded: beyond it, frames are dropped
              // and counted (gossip repairs what a mesh peer misses).
              if (inboundQueued.addAndGet(bytes) > MAX_INBOUND_QUEUED_BYTES) {
                inboundQueued.addAndGet(-bytes);
                inboundQueueDropped.addAndGet(frames.size());
                return;
              }
              long queued = bytes;
              loop.execute(
                  () -> {
                    inboundQueued.addAndGet(-queued);
                    for (byte[] f : frames) {
                      if (ch.added) {
                        deliverRpc(p, f);
                      } else if (ch.early.size() < MAX_EARLY_FRAMES) {
                        ch.early.add(f);
                      } else {
                        earlyFramesDropped.incrementAndGet();
                      }
                    }
                  });
            }
          }

          @Override
          public void onRemoteClose() {
            s.closeWrite();
          }
        });
  }

  private void deliverRpc(PeerId p, byte[] frame) {
    try {
      router.onRpc(p, frame);
    } catch (GossipsubException e) {
      LOG.debug("bad RPC from {}: {}", p, e.getMessage());
    }
  }

  /** The router's sink (router thread): queues {@code frame} in the peer's batch. */
  private boolean send(PeerId peer, byte[] frame) {
    PeerChannel ch = peers.get(peer);
    Stream out = ch == null ? null : ch.out;
    if (out == null) {
      return false;
    }
    if (ch.pending.get() + frame.length > MAX_PENDING_BYTES) {
      return false;
    }
    ch.pending.addAndGet(frame.length);
    if (ch.batch.isEmpty()) {
      ch.batchWritten = new CompletableFuture<>();
      if (dirty.isEmpty()) {
        loop.execute(this::flushBatches);
      }
      dirty.add(ch);
    }
    ch.batch.add(frame);
    ch.batchBytes += frame.length;
    if (publishedInto != null) {
      publishedInto.add(ch.batchWritten);
    }
    return true;
  }

  /** Writes every queued batch (router thread). */
  private void flushBatches() {
    List<PeerChannel> channels = new ArrayList<>(dirty);
    dirty.clear();
    for (PeerChannel ch : channels) {
      List<byte[]> frames = ch.batch;
      int bytes = ch.batchBytes;
      CompletableFuture<Void> written = ch.batchWritten;
      ch.batch = new ArrayList<>();
      ch.batchBytes = 0;
      ch.batchWritten = null;
      Stream out = ch.out;
      if (out == null) {
        // The stream went away meanwhile (its pending count was reset): drop the batch.
        written.complete(null);
        continue;
      }
      writeBatch(ch, out, frames, bytes, written);
    }
  }

  private static void writeBatch(
      PeerChannel ch, Stream out, List<byte[]> frames, int bytes, CompletableFuture<Void> done) {
    List<CompletableFuture<Void>> writes = new ArrayList<>(1);
    int i = 0;
    while (i < frames.size()) {
      // Join frames up to MAX_BATCH_BYTES (a larger frame goes alone, unsplit).
      int j = i;
      int size = 0;
      while (j < frames.size() && (j == i || size + frames.get(j).length <= MAX_BATCH_BYTES)) {
        size += frames.get(j).length;
        j++;
      }
      byte[] data;
      if (j == i + 1) {
        data = frames.get(i);
      } else {
        data = new byte[size];
        int off = 0;
        for (int k = i; k < j; k++) {
          byte[] f = frames.get(k);
          System.arraycopy(f, 0, data, off, f.length);
          off += f.length;
        }
      }
      writes.add(out.write(data));
      i = j;
    }
    CompletableFuture<Void> all =
        writes.size() == 1
            ? writes.get(0)
            : CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    all.whenComplete(
        (v, e) -> {
          ch.pending.addAndGet(-bytes);
          done.complete(null);
        });
  }

  private void removePeer(PeerId p) {
    peers.remove(p);
    router.removePeer(p);
  }

  /** Closes every connection to {@code peer} (e.g. graylisted). */
  public void disconnect(PeerId peer) {
    for (Connection c : host.connections(peer)) {
      c.close();
    }
  }

  private static String ip(Multiaddr a) {
    if (a == null) {
      return null;
    }
    for (Multiaddr.Component comp : a.components()) {
      if (comp.protocol() == Protocol.IP4 || comp.protocol() == Protocol.IP6) {
        return comp.valueText();
      }
    }
    return null;
  }

  /** Peers with an open outbound pubsub stream. */
  public Set<PeerId> connectedPeers() {
    Set<PeerId> out = new java.util.HashSet<>();
    peers.forEach(
        (p, ch) -> {
          if (ch.out != null) {
            out.add(p);
          }
        });
    return out;
  }

  @Override
  public void close() {
    closed = true;
    for (String id : protocolIds) {
      host.unregisterHandler(id);
    }
    List<Stream> streams = new ArrayList<>();
    peers
        .values()
        .forEach(
            ch -> {
              if (ch.out != null) {
                streams.add(ch.out);
              }
            });
    streams.forEach(Stream::closeWrite);
    loop.shutdownNow();
  }
}

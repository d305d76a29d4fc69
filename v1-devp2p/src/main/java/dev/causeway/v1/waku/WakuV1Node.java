package dev.causeway.v1.waku;

import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.SubProtocol;
import dev.causeway.v1.rlpx.SubProtocolHandler;
import dev.causeway.v1.rlpx.host.Devp2pHost;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.EnvelopeValidator;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.TopicFilter;
import dev.causeway.v1.waku.message.StatusOptions;
import dev.causeway.v1.waku.message.WakuPeerState;
import dev.causeway.v1.waku.message.WakuV1MessageCodes;
import dev.causeway.v1.waku.pool.AddResult;
import dev.causeway.v1.waku.pool.EnvelopePool;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full {@code waku/1} node: a devp2p host serving the {@code waku/1} capability, an envelope pool
 * pruned every second, flooding to each peer what it accepts, a PoW mining pool off the event
 * loops, a listener API ("a new valid envelope arrived") and a post API (envelope in, mined to a
 * PoW target, pooled and flooded).
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} idempotently (peers are told
 * CLIENT_QUITTING). Time comes from the injected {@link Clock}.
 */
public final class WakuV1Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WakuV1Node.class);

  /** Mining gives up after this many times the expected number of attempts. */
  private static final long MINING_ATTEMPT_FACTOR = 64;

  private final WakuV1Config config;
  private final LongSupplier nowSeconds;
  private final EnvelopePool pool;
  private final EnvelopeValidator validator;
  private final WakuV1Metrics metrics;
  private final Devp2pHost host;
  private final Protocol protocol;
  private final StatusOptions ourStatus;
  private final Set<WakuV1Peer> peers = ConcurrentHashMap.newKeySet();
  private final List<EnvelopeListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer;
  private final ThreadPoolExecutor miners;
  private final ThreadLocal<PowMiner> miner = ThreadLocal.withInitial(PowMiner::new);
  private volatile boolean closed;

  public WakuV1Node(WakuV1Config config, MeterRegistry registry, Clock clock, SecureRandom random) {
    this.config = config;
    this.nowSeconds = () -> clock.instant().getEpochSecond();
    this.pool = new EnvelopePool(nowSeconds, config.poolCapacity());
    this.validator =
        new EnvelopeValidator(config.validator(), config.minPow(), TopicFilter.ALL, nowSeconds);
    this.metrics = new WakuV1Metrics(registry, pool);
    this.ourStatus =
        StatusOptions.builder()
            .powRequirement(config.minPow())
            .bloom(BloomFilter.FULL)
            .lightNode(false)
            .confirmationsEnabled(false)
            .build();
    this.protocol = new Protocol();
    this.host = new Devp2pHost(config.devp2p(), List.of(protocol), registry, random);
    AtomicInteger n = new AtomicInteger();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "waku-v1-timer-" + n.incrementAndGet()));
    this.miners =
        new ThreadPoolExecutor(
            config.minerThreads(),
            config.minerThreads(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.minerQueue()),
            r -> daemon(r, "waku-v1-miner-" + n.incrementAndGet()),
            new ThreadPoolExecutor.AbortPolicy());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts listening, dialling static peers and pruning the pool. */
  public void start() throws InterruptedException {
    host.start();
    timer.scheduleAtFixedRate(this::prune, 1, 1, TimeUnit.SECONDS);
  }

  private void prune() {
    try {
      pool.prune();
    } catch (RuntimeException e) {
      LOG.warn("pool prune failed", e);
    }
  }

  public Enode enode() {
    return host.localEnode();
  }

  public Devp2pHost host() {
    return host;
  }

  /**
   * The {@code waku/1} capability this node serves, for running sessions on channels the host did
   * not open (tests on EmbeddedChannels).
   */
  SubProtocol subProtocol() {
    return protocol;
  }

  public WakuV1Metrics metrics() {
    return metrics;
  }

  public EnvelopePool pool() {
    return pool;
  }

  public WakuV1Config config() {
    return config;
  }

  public void addListener(EnvelopeListener listener) {
    listeners.add(listener);
  }

  /** Peers whose waku Status exchange is complete. */
  public int activePeerCount() {
    int n = 0;
    for (WakuV1Peer p : peers) {
      if (p.isActive()) {
        n++;
      }
    }
    return n;
  }

  /** The highest PoW requirement advertised by connected peers (0 with no peers). */
  public double highestPeerPowRequirement() {
    double max = 0;
    for (WakuV1Peer p : peers) {
      WakuPeerState s = p.peerState();
      if (s != null) {
        max = Math.max(max, s.powRequirement());
      }
    }
    return max;
  }

  /** Short ids of active peers. */
  public List<String> activePeers() {
    List<String> out = new ArrayList<>();
    for (WakuV1Peer p : peers) {
      if (p.isActive()) {
        out.add(p.connection().shortId());
      }
    }
    return out;
  }

  /**
   * Builds an envelope expiring {@code ttl} seconds from now, mines it to {@code powTarget} on the
   * mining pool, and adds it to the pool for flooding.
   */
  public CompletableFuture<Envelope> post(Topic topic, byte[] data, long ttl, double powTarget) {
    long now = nowSeconds.getAsLong();
    return post(Envelope.of(now + ttl, ttl, topic, data, 0), powTarget);
  }

  /**
   * Mines {@code unsealed} (its nonce is replaced by the smallest nonce meeting {@code powTarget}
   * under the strictest size rule) and pools it. The future fails with a {@link PostException}
   * saying why when the envelope is not accepted.
   */
  public CompletableFuture<Envelope> post(Envelope unsealed, double powTarget) {
    CompletableFuture<Envelope> result = new CompletableFuture<>();
    try {
      miners.execute(
          () -> {
            try {
              result.complete(mineAndSubmit(unsealed, powTarget));
            } catch (PostException e) {
              result.completeExceptionally(e);
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      metrics.posted(WakuV1Metrics.Posted.MINER_QUEUE_FULL);
      result.completeExceptionally(
          new PostException(WakuV1Metrics.Posted.MINER_QUEUE_FULL, "mining queue is full"));
    }
    return result;
  }

  private Envelope mineAndSubmit(Envelope unsealed, double target) throws PostException {
    Envelope sealed = unsealed;
    if (target > 0) {
      int bits = ProofOfWork.minimalBits(target, ProofOfWork.strictSize(unsealed), unsealed.ttl());
      long expected = bits >= 40 ? Long.MAX_VALUE / MINING_ATTEMPT_FACTOR : 1L << bits;
      PowMiner.Result r =
          miner.get().mine(unsealed, target, expected * MINING_ATTEMPT_FACTOR, () -> closed);
      if (r.sealed().isEmpty()) {
        metrics.posted(WakuV1Metrics.Posted.POW_NOT_REACHED);
        throw new PostException(
            WakuV1Metrics.Posted.POW_NOT_REACHED,
            "PoW target " + target + " not reached: " + r.outcome());
      }
      sealed = r.sealed().get();
    }
    return submit(sealed);
  }

  /**
   * Adds a complete (already sealed) envelope as a local post, after the same validation a received
   * envelope gets.
   */
  public Envelope submit(Envelope sealed) throws PostException {
    EnvelopeValidator.Verdict v = validator.validate(sealed);
    if (!v.isOk()) {
      metrics.posted(WakuV1Metrics.Posted.INVALID);
      throw new PostException(WakuV1Metrics.Posted.INVALID, "envelope invalid: " + v.result());
    }
    AddResult r = pool.add(sealed, v.pow());
    switch (r) {
      case NEW, NEW_EVICTED_EXPIRED, NEW_EVICTED_LOWEST_POW -> {
        metrics.posted(WakuV1Metrics.Posted.ACCEPTED);
        envelopeAdded(sealed, v.pow(), null);
        return sealed;
      }
      case DUPLICATE -> {
        metrics.posted(WakuV1Metrics.Posted.DUPLICATE);
        return sealed;
      }
      case EXPIRED -> {
        metrics.posted(WakuV1Metrics.Posted.INVALID);
        throw new PostException(WakuV1Metrics.Posted.INVALID, "envelope expired");
      }
      default -> {
        metrics.posted(WakuV1Metrics.Posted.POOL_FULL);
        throw new PostException(WakuV1Metrics.Posted.POOL_FULL, "envelope pool is full");
      }
    }
  }

  /** A post was not accepted; {@link #outcome()} says why. */
  public static final class PostException extends Exception {
    private static final long serialVersionUID = 1L;
    private final WakuV1Metrics.Posted outcome;

    PostException(WakuV1Metrics.Posted outcome, String message) {
      super(message);
      this.outcome = outcome;
    }

    public WakuV1Metrics.Posted outcome() {
      return outcome;
    }
  }

  void envelopeAdded(Envelope e, double pow, String fromPeer) {
    boolean routable = false;
    for (WakuV1Peer p : peers) {
      WakuPeerState s = p.peerState();
      if (s != null && s.accepts(e, pow)) {
        routable = true;
        break;
      }
    }
    if (!routable && !peers.isEmpty()) {
      metrics.unroutable();
    }
    for (EnvelopeListener l : listeners) {
      try {
        l.onEnvelope(e, pow, fromPeer);
      } catch (RuntimeException ex) {
        LOG.warn("envelope listener failed", ex);
      }
    }
  }

  void peerActive(WakuV1Peer peer) {
    LOG.debug("waku/1 session with {} active: {}", peer.connection().shortId(), peer.peerState());
    completePeerWaiters();
  }

  private final List<Map.Entry<Integer, CompletableFuture<Void>>> peerWaiters =
      new CopyOnWriteArrayList<>();

  /** Completes when at least {@code n} peers have finished the waku Status exchange. */
  public CompletableFuture<Void> whenActivePeers(int n) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    peerWaiters.add(Map.entry(n, f));
    completePeerWaiters();
    return f;
  }

  private void completePeerWaiters() {
    int active = activePeerCount();
    for (Map.Entry<Integer, CompletableFuture<Void>> w : peerWaiters) {
      if (active >= w.getKey() && w.getValue().complete(null)) {
        peerWaiters.remove(w);
      }
    }
  }

  void peerClosed(WakuV1Peer peer) {
    peers.remove(peer);
  }

  /** The {@code waku/1} capability. */
  private final class Protocol implements SubProtocol {
    @Override
    public Capability capability() {
      return new Capability("waku", 1);
    }

    @Override
    public int messageCount() {
      return WakuV1MessageCodes.LENGTH;
    }

    @Override
    public SubProtocolHandler open(PeerConnection connection) {
      WakuV1Peer peer =
          new WakuV1Peer(WakuV1Node.this, connection, config, pool, validator, metrics, nowSeconds);
      peers.add(peer);
      peer.start(ourStatus);
      return peer;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    host.close();
    timer.shutdownNow();
    miners.shutdownNow();
    try {
      miners.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

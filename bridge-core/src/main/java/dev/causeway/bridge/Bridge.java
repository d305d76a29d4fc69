package dev.causeway.bridge;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.causeway.bridge.pow.MiningException;
import dev.causeway.bridge.pow.MiningOutcome;
import dev.causeway.bridge.pow.MiningPool;
import dev.causeway.bridge.translate.EnvelopeTranslator;
import dev.causeway.bridge.translate.Fingerprint;
import dev.causeway.bridge.translate.MessageTranslator;
import dev.causeway.bridge.translate.OriginNonce;
import dev.causeway.bridge.translate.SkipReason;
import dev.causeway.bridge.translate.TopicMapping;
import dev.causeway.bridge.translate.TranslationException;
import dev.causeway.bridge.translate.V1Candidate;
import dev.causeway.dedup.SeenSet;
import dev.causeway.dedup.SeenSets;
import dev.causeway.libp2p.pubsub.gossipsub.DuplicateMessageException;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.core.WakuMessageValidator;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v1 ⇄ v2 bridge pipeline (ARCHITECTURE.md §3–§5, spec bridge-mapping.md): listens to a {@link
 * WakuV1Node} and to a {@link WakuV2Node} on {@link BridgeConfig#pubsubTopics()}, de-duplicates,
 * translates ({@link EnvelopeTranslator}, {@link MessageTranslator}), mines PoW for v2-born
 * messages ({@link MiningPool}) and publishes on the other side.
 *
 * <p>Threads: the listener callbacks (a Netty event loop for v1, the gossipsub thread for v2) do
 * only the cheap checks — topic, version, the three seen-sets (one SHA-256 of the payload) — and
 * offer to the direction's bounded queue; one worker thread per direction translates and publishes;
 * mining runs on the pool's threads. Every item that does not cross is counted, as skipped (not
 * meant to cross) or dropped (lost on the way), by direction and reason.
 *
 * <p>Envelopes posted locally on the v1 node ({@code fromPeer == null}) are never bridged: they are
 * our own emissions (counted as {@link SkipReason#OWN_EMISSION}). Nor are envelopes from v1 peers
 * whose nonce carries the {@link OriginNonce} marker: a Causeway bridge built them from v2-born
 * messages ({@link SkipReason#V2_ORIGIN}). The two nodes must be started by the caller and outlive
 * the bridge; the bridge does not close them.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} idempotently. Items still queued or mining
 * at close are counted as {@link DropReason#CLOSED}.
 */
public final class Bridge implements AutoCloseable {
  /*
   * Why bridges cannot loop or duplicate (spec bridge-mapping.md §5 describes the nwaku failure:
   * a 20-entry FIFO keyed on the encoded message, whose timestamp changes on every hop, so two
   * bridges could ping-pong a payload forever). The argument rests on what the items carry, not on
   * which network delivers them to a bridge first: none of it is a race.
   *
   * 1. Translation is deterministic (EnvelopeTranslator/MessageTranslator). An envelope E becomes
   *    the same message M = T(E) on every bridge, byte for byte, so gossipsub's message-id cache
   *    and the store drop the second copy. M carries the Causeway tag, so M coming back to v1
   *    (through any bridge) is rebuilt into E itself: same envelope hash, which every v1 node's
   *    pool drops as already seen. A v2-born message M becomes an envelope that is a function of
   *    M and the config only: expiry from M's own timestamp, the smallest nonce searched upward
   *    from OriginNonce.ORIGIN_NONCE_BASE — so every bridge with the same ttl, floor and peer PoW
   *    requirement emits the same bytes, or nothing. That "or nothing" is what the stale-timestamp
   *    rule buys: a message without a timestamp within our tolerance is skipped
   *    (SkipReason.STALE_TIMESTAMP), never given "now + ttl", because "now" differs between
   *    bridges (and across a restart) and two different envelopes for one message are two
   *    deliveries on v1 that no pool or seen-set can merge. This matters most under backlog:
   *    with the defaults (tolerance 20 s > ttl 10 s) a message 10-20 s old is already expired, so
   *    "now + ttl" only ever applied to messages more than 20 s late — those that two bridges,
   *    each working off its own backlog, handle at different times. With
   *    BridgeConfig.restampOutOfTolerance (single-bridge deployments) the old nwaku behaviour is
   *    back, and so is residual case (a) below for such messages.
   * 2. The origin marker closes the way back for v2-born messages. Every envelope a Causeway
   *    bridge builds from a v2-born message has OriginNonce.MARKER in the upper 32 bits of its
   *    nonce, and an envelope with the marker that arrives from a v1 peer is never bridged to v2
   *    (SkipReason.V2_ORIGIN, decided in the listener). The case this closes (issue #5, about 3
   *    runs in 7 of TwoBridgesIT): bridges A and B, v2-born M; A mines E for M and floods it; E
   *    reaches B over v1 BEFORE M reaches B over v2 (B's gossipsub inbound is backlogged by a
   *    burst). B has no record of M yet, so no seen-set can tell E from a v1-born envelope; B
   *    published T(E), a second v2 message for M's payload (tagged, another timestamp, another
   *    message id). No timing-based dedup can close this, because the two networks give no
   *    ordering guarantee. The marker does, whatever the order: E says by itself that it is a
   *    copy of a v2 message. B records E's hash and fingerprint as for any arrival, so when M
   *    does arrive, B stops it (duplicate) instead of mining it again. v1-born envelopes keep
   *    their own nonce through both translations (the tag carries it); real v1 clients mine from
   *    0 upward within a time budget and never reach the marked range (numbers in OriginNonce).
   *    The v1-born direction needs no marker: T(E) is byte-identical on every bridge, and its way
   *    back to v1 is the rebuilt E, whichever network reaches a bridge first.
   * 3. Three seen-sets, any hit stops an item: envelope hashes (v1 arrivals and our emissions),
   *    v2 message hashes (v2 arrivals and our publications), and the fingerprint
   *    SHA-256(v1 topic ‖ payload), the same for E, T(E), a v2-born M and the envelope(s) made
   *    from M by any bridge, because payloads are copied verbatim. With 1 and 2 they are no
   *    longer what keeps two bridges with the same config from duplicating; they save the work
   *    (mining, publishing) of items another bridge has already carried, and they stop a v2
   *    application's re-publication of one payload with another timestamp (two messages, one
   *    envelope). The fingerprint is recorded when an item ARRIVES (in the listener, before its
   *    queue), so a second bridge's copy that arrives while we are still mining or publishing is
   *    recognised, and an item dropped later (queue full, PoW not reached) cannot come back from
   *    the other side through another bridge.
   *
   * Residual cases: (a) two bridges whose configs differ (ttl, PoW floor, peer requirements at
   * mining time, restampOutOfTolerance) emit two different envelopes for one v2 message (with
   * clocks that differ, a message inside one bridge's tolerance and outside the other's is bridged
   * by the first only, which is not a duplicate): v1 receivers see the payload twice (status-go
   * deduplicates on its own message ids), but both envelopes carry the marker, so neither comes
   * back to v2; no loop. (b) A payload re-appearing after the dedup window (default 5 min, above
   * any ttl the v1 network forwards in practice) is bridged again. (c) Seen-sets are per process:
   * a restarted bridge forgets; the v1 pools and gossipsub caches of the networks themselves
   * still drop byte-identical copies, and the marker needs no memory. (d) A v1 envelope whose
   * nonce happens to be in the marked range is not carried to v2: impossible for clients that
   * mine from 0 (status-go, nim-waku), probability 2^-32 for one that draws nonces at random.
   * (e) Only Causeway bridges know the marker: a different bridge implementation on the same
   * networks is outside this argument.
   */
  private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

  /** A relayed message and the topic it came on. */
  private record V2Item(PubsubTopic topic, WakuMessage message, long arrivedNanos) {}

  private record V1Item(Envelope envelope, long arrivedNanos) {}

  /**
   * Told of every message the bridge hands to the other network, with the time it spent in the
   * bridge: from its arrival (our v1 node's listener call, or our v2 node's relay listener call) to
   * the hand-off (v1 → v2: the relay publication written to the mesh peers, i.e. its future
   * completed; v2 → v1: the mined envelope accepted by our v1 node). The same figure feeds {@code
   * causeway_bridge_forward_latency_seconds{direction}}. Called on the publishing or mining thread:
   * must be short and must not throw.
   */
  @FunctionalInterface
  public interface ForwardListener {
    void forwarded(Direction direction, long nanos);
  }

  private final List<ForwardListener> forwardListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private final WakuV1Node v1;
  private final WakuV2Node v2;
  private final BridgeConfig config;
  private final Clock clock;
  private final SeenSet envelopeHashes;
  private final SeenSet messageHashes;
  private final SeenSet fingerprints;
  private final MessageTranslator toV1;
  private final WakuMessageValidator v2Validator;
  private final MiningPool miningPool;
  private final LongSupplier nanoTime;
  private final ArrayBlockingQueue<V1Item> v1ToV2;
  private final ArrayBlockingQueue<V2Item> v2ToV1;
  private final V2Publisher publisher;
  private final Semaphore publishSlots;
  private final BridgeMetrics metrics;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean started;
  private volatile boolean closed;

  /** How the v1 → v2 worker publishes; {@code v2::publish} except in tests. */
  @FunctionalInterface
  interface V2Publisher {
    CompletableFuture<MessageHash> publish(PubsubTopic topic, WakuMessage message);
  }

  /**
   * The mining deadline uses {@link System#nanoTime()}, the publish timeout the JDK's timer ({@link
   * CompletableFuture#orTimeout}); everything else, including expiry decisions and the seen-sets'
   * windows, {@code clock}.
   */
  public Bridge(
      WakuV1Node v1, WakuV2Node v2, BridgeConfig config, MeterRegistry registry, Clock clock) {
    this(v1, v2, config, registry, clock, System::nanoTime);
  }

  /**
   * @param clock wall clock: translation and expiry (also at the start of each mining job), the v2
   *     relay rules, the seen-sets' windows
   * @param nanoTime monotonic nanoseconds for the mining deadline and the forward latency
   *     (injectable for tests)
   */
  public Bridge(
      WakuV1Node v1,
      WakuV2Node v2,
      BridgeConfig config,
      MeterRegistry registry,
      Clock clock,
      LongSupplier nanoTime) {
    this(v1, v2, v2::publish, config, registry, clock, nanoTime);
  }

  /** Tests: {@code publisher} replaces {@code v2::publish}. */
  Bridge(
      WakuV1Node v1,
      WakuV2Node v2,
      V2Publisher publisher,
      BridgeConfig config,
      MeterRegistry registry,
      Clock clock,
      LongSupplier nanoTime) {
    this.v1 = v1;
    this.v2 = v2;
    this.publisher = publisher;
    this.nanoTime = nanoTime;
    this.config = config;
    this.clock = clock;
    Ticker ticker =
        () -> {
          Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    this.envelopeHashes =
        SeenSets.compact(
            "bridge-envelope-hashes",
            config.dedupWindow(),
            config.dedupMaxEntries(),
            ticker,
            registry);
    this.messageHashes =
        SeenSets.compact(
            "bridge-message-hashes",
            config.dedupWindow(),
            config.dedupMaxEntries(),
            ticker,
            registry);
    this.fingerprints =
        SeenSets.compact(
            "bridge-fingerprints",
            config.dedupWindow(),
            config.dedupMaxEntries(),
            ticker,
            registry);
    this.toV1 =
        new MessageTranslator(
            config.v2ToV1Ttl(), config.timestampTolerance(), config.restampOutOfTolerance());
    this.v2Validator = new WakuMessageValidator(config.v2Validation(), clock);
    this.miningPool =
        new MiningPool(
            "bridge",
            new MiningPool.Settings(
                config.miningThreads(),
                config.queueCapacity(),
                config.powFloor(),
                config.miningDeadline(),
                64,
                Long.MAX_VALUE,
                miningExpiryMargin(config.v2ToV1Ttl())),
            v1::highestPeerPowRequirement,
            () -> clock.instant().getEpochSecond(),
            nanoTime,
            registry);
    this.v1ToV2 = new ArrayBlockingQueue<>(config.queueCapacity());
    this.v2ToV1 = new ArrayBlockingQueue<>(config.queueCapacity());
    this.publishSlots = new Semaphore(config.maxPublishesInFlight());
    Map<Direction, IntSupplier> depths = new EnumMap<>(Direction.class);
    depths.put(Direction.V1_TO_V2, v1ToV2::size);
    depths.put(Direction.V2_TO_V1, v2ToV1::size);
    this.metrics = new BridgeMetrics(registry, depths);
  }

  /**
   * The mining pool's expiry margin: {@link MiningPool.Settings#DEFAULT_EXPIRY_MARGIN} (2 s), but
   * below the ttl, so that a message handled the second it was sent is always mined.
   */
  static Duration miningExpiryMargin(long ttlSeconds) {
    return Duration.ofSeconds(
        Math.min(MiningPool.Settings.DEFAULT_EXPIRY_MARGIN.toSeconds(), ttlSeconds - 1));
  }

  public BridgeConfig config() {
    return config;
  }

  /**
   * Registers the listeners (on v1, and on v2 for every configured pubsub topic, joining it if the
   * v2 node has not) and starts the workers. Waits up to 10 s for the v2 subscriptions.
   *
   * @throws IllegalStateException if a subscription fails or the bridge was closed
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("bridge closed");
    }
    if (started) {
      return;
    }
    started = true;
    startWorkers();
    v1.addListener(this::onV1Envelope);
    for (PubsubTopic t : config.pubsubTopics()) {
      try {
        v2.subscribe(t, this::onV2Message).get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while subscribing to " + t, e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("cannot subscribe to " + t, e);
      }
    }
    LOG.info("bridge started on {}", config.pubsubTopics());
  }

  /**
   * Starts the mining pool and the two direction workers, without listening to the nodes: {@link
   * #start()} and tests that drive {@link #onV1Envelope} / {@link #onV2Message} themselves.
   */
  synchronized void startWorkers() {
    if (closed) {
      throw new IllegalStateException("bridge closed");
    }
    if (!workers.isEmpty()) {
      return;
    }
    miningPool.start();
    workers.add(worker("bridge-v1-to-v2", this::runV1ToV2));
    workers.add(worker("bridge-v2-to-v1", this::runV2ToV1));
  }

  private static Thread worker(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A snapshot of the counters. */
  public BridgeStats stats() {
    Map<Direction, BridgeStats.DirectionStats> m = new EnumMap<>(Direction.class);
    m.put(Direction.V1_TO_V2, metrics.snapshot(Direction.V1_TO_V2, v1ToV2.size()));
    m.put(Direction.V2_TO_V1, metrics.snapshot(Direction.V2_TO_V1, v2ToV1.size()));
    return new BridgeStats(m);
  }

  // --- v1 → v2 ---------------------------------------------------------------------------------

  /** Netty event loop (or a local poster's thread): cheap checks and enqueue only. */
  void onV1Envelope(Envelope e, double pow, String fromPeer) {
    if (closed) {
      return;
    }
    if (fromPeer == null) {
      metrics.skipped(Direction.V1_TO_V2, SkipReason.OWN_EMISSION);
      return;
    }
    if (!envelopeHashes.markIfNew(e.hash().bytes())) {
      metrics.skipped(Direction.V1_TO_V2, SkipReason.DUPLICATE);
      return;
    }
    if (!fingerprints.markIfNew(Fingerprint.of(e.topic(), e.dataBuffer()))) {
      metrics.skipped(Direction.V1_TO_V2, SkipReason.DUPLICATE);
      return;
    }
    if (OriginNonce.isV2Origin(e.nonce())) {
      // A Causeway bridge (maybe another one, ahead of us) mined this for a v2-born message: the
      // message is on v2 already, even if it has not reached our v2 node yet. Its hash and
      // fingerprint are recorded above, so that message is then stopped too when it arrives.
      metrics.skipped(Direction.V1_TO_V2, SkipReason.V2_ORIGIN);
      return;
    }
    if (!v1ToV2.offer(new V1Item(e, nanoTime.getAsLong()))) {
      metrics.dropped(Direction.V1_TO_V2, DropReason.QUEUE_FULL);
    }
  }

  private void runV1ToV2() {
    while (!closed) {
      V1Item item;
      try {
        item = v1ToV2.take();
      } catch (InterruptedException ex) {
        break;
      }
      try {
        if (!bridgeToV2(item.envelope(), item.arrivedNanos())) {
          break;
        }
      } catch (RuntimeException ex) {
        LOG.warn("v1 -> v2 failed for {}", item.envelope(), ex);
        metrics.dropped(Direction.V1_TO_V2, DropReason.PUBLISH_FAILED);
      }
    }
    drainClosed(v1ToV2, Direction.V1_TO_V2);
  }

  /** Translates and publishes {@code e} on every topic; false when interrupted (closing). */
  private boolean bridgeToV2(Envelope e, long arrivedNanos) {
    WakuMessage m;
    try {
      m = EnvelopeTranslator.toWakuMessage(e);
    } catch (TranslationException ex) {
      metrics.skipped(Direction.V1_TO_V2, ex.reason());
      return true;
    }
    Optional<WakuMessageValidator.Rejection> r = v2Validator.validate(m);
    if (r.isPresent()) {
      metrics.skipped(Direction.V1_TO_V2, EnvelopeTranslator.reasonFor(r.get()));
      return true;
    }
    for (PubsubTopic t : config.pubsubTopics()) {
      if (!messageHashes.markIfNew(MessageHash.of(t, m).bytes())) {
        metrics.skipped(Direction.V1_TO_V2, SkipReason.DUPLICATE);
        continue;
      }
      try {
        publishSlots.acquire();
      } catch (InterruptedException ex) {
        metrics.dropped(Direction.V1_TO_V2, DropReason.CLOSED);
        return false;
      }
      publisher
          .publish(t, m)
          .orTimeout(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete(
              (h, ex) -> {
                publishSlots.release();
                if (ex == null) {
                  metrics.transferred(Direction.V1_TO_V2);
                  forwarded(Direction.V1_TO_V2, arrivedNanos);
                } else {
                  Throwable c = ex instanceof CompletionException ? ex.getCause() : ex;
                  if (isAlreadySeen(c)) {
                    // Another bridge published the byte-identical message first and it reached
                    // our v2 node: the message has crossed, this is not a loss.
                    metrics.skipped(Direction.V1_TO_V2, SkipReason.DUPLICATE);
                    return;
                  }
                  metrics.dropped(
                      Direction.V1_TO_V2,
                      c instanceof TimeoutException
                          ? DropReason.PUBLISH_TIMEOUT
                          : DropReason.PUBLISH_FAILED);
                  LOG.debug("publish on {} failed: {}", t, c.toString());
                }
              });
    }
    return true;
  }

  /**
   * Whether a failed publication failed only because gossipsub has already seen the message id:
   * with several bridges on the same networks, the identical translation of an envelope often
   * reaches our v2 node from another bridge before our own publication (ARCHITECTURE.md §6).
   * Gossipsub reports that with its typed {@link DuplicateMessageException}; any other failure is a
   * loss, whatever its message says.
   */
  private static boolean isAlreadySeen(Throwable t) {
    return t instanceof DuplicateMessageException;
  }

  // --- v2 → v1 ---------------------------------------------------------------------------------

  /** Gossipsub thread: cheap checks and enqueue only. */
  void onV2Message(PubsubTopic topic, WakuMessage m, MessageHash hash) {
    if (closed) {
      return;
    }
    Topic v1Topic;
    try {
      v1Topic = TopicMapping.toTopic(m.contentTopic());
    } catch (TranslationException ex) {
      metrics.skipped(Direction.V2_TO_V1, ex.reason());
      return;
    }
    if (m.version() != 1) {
      metrics.skipped(Direction.V2_TO_V1, SkipReason.UNSUPPORTED_VERSION);
      return;
    }
    if (!messageHashes.markIfNew(hash.bytes())) {
      metrics.skipped(Direction.V2_TO_V1, SkipReason.DUPLICATE);
      return;
    }
    if (!fingerprints.markIfNew(Fingerprint.of(v1Topic, m.payload()))) {
      metrics.skipped(Direction.V2_TO_V1, SkipReason.DUPLICATE);
      return;
    }
    if (!v2ToV1.offer(new V2Item(topic, m, nanoTime.getAsLong()))) {
      metrics.dropped(Direction.V2_TO_V1, DropReason.QUEUE_FULL);
    }
  }

  private void runV2ToV1() {
    while (!closed) {
      V2Item item;
      try {
        item = v2ToV1.take();
      } catch (InterruptedException ex) {
        break;
      }
      try {
        bridgeToV1(item.message(), item.arrivedNanos());
      } catch (RuntimeException ex) {
        LOG.warn("v2 -> v1 failed for {}", item.message(), ex);
        metrics.dropped(Direction.V2_TO_V1, DropReason.V1_REJECTED);
      }
    }
    drainClosed(v2ToV1, Direction.V2_TO_V1);
  }

  private void bridgeToV1(WakuMessage m, long arrivedNanos) {
    V1Candidate c;
    try {
      c = toV1.toEnvelope(m, clock.instant());
    } catch (TranslationException ex) {
      metrics.skipped(Direction.V2_TO_V1, ex.reason());
      return;
    }
    if (c.sealed()) {
      emit(c.envelope(), arrivedNanos);
      return;
    }
    miningPool
        .submit(c.envelope())
        .whenComplete(
            (mined, ex) -> {
              if (ex == null) {
                emit(mined.sealed(), arrivedNanos);
              } else if (miningOutcome(ex) == MiningOutcome.EXPIRED) {
                // Expired (or about to) while waiting in the mining queue: the same verdict as
                // the translator's expiry check, only found later. Skipped, not dropped: v1 would
                // refuse it, so there was nothing deliverable left to lose. Overload shows in
                // causeway_bridge_pow_total{outcome="expired"}.
                metrics.skipped(Direction.V2_TO_V1, SkipReason.EXPIRED);
              } else {
                metrics.dropped(Direction.V2_TO_V1, reasonFor(ex));
              }
            });
  }

  /** The outcome of a failed mining future, or null if it failed with something else (a bug). */
  private static MiningOutcome miningOutcome(Throwable ex) {
    Throwable c = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
    return c instanceof MiningException me ? me.outcome() : null;
  }

  private static DropReason reasonFor(Throwable ex) {
    MiningOutcome o = miningOutcome(ex);
    if (o == null) {
      return DropReason.POW_NOT_REACHED;
    }
    return switch (o) {
      case REJECTED_QUEUE_FULL -> DropReason.MINING_QUEUE_FULL;
      case DEADLINE -> DropReason.POW_DEADLINE;
      case CANCELLED -> DropReason.CLOSED;
      default -> DropReason.POW_NOT_REACHED;
    };
  }

  /** Hands a sealed envelope to our v1 node (mining thread or the v2 → v1 worker). */
  private void emit(Envelope sealed, long arrivedNanos) {
    if (closed) {
      metrics.dropped(Direction.V2_TO_V1, DropReason.CLOSED);
      return;
    }
    if (!envelopeHashes.markIfNew(sealed.hash().bytes()) || v1.pool().contains(sealed.hash())) {
      metrics.skipped(Direction.V2_TO_V1, SkipReason.DUPLICATE);
      return;
    }
    try {
      v1.submit(sealed);
      metrics.transferred(Direction.V2_TO_V1);
      forwarded(Direction.V2_TO_V1, arrivedNanos);
    } catch (WakuV1Node.PostException ex) {
      metrics.dropped(Direction.V2_TO_V1, DropReason.V1_REJECTED);
      LOG.debug("v1 node refused {}: {}", sealed, ex.getMessage());
    }
  }

  /** Adds a {@link ForwardListener}. */
  public void addForwardListener(ForwardListener l) {
    forwardListeners.add(java.util.Objects.requireNonNull(l));
  }

  private void forwarded(Direction d, long arrivedNanos) {
    long nanos = nanoTime.getAsLong() - arrivedNanos;
    metrics.forwarded(d, nanos);
    for (ForwardListener l : forwardListeners) {
      l.forwarded(d, nanos);
    }
  }

  private void drainClosed(ArrayBlockingQueue<?> q, Direction d) {
    while (q.poll() != null) {
      metrics.dropped(d, DropReason.CLOSED);
    }
  }

  /** Stops listening and the workers; does not close the nodes. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (Thread t : workers) {
      t.interrupt();
    }
    for (Thread t : workers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    miningPool.close();
    drainClosed(v1ToV2, Direction.V1_TO_V2);
    drainClosed(v2ToV1, Direction.V2_TO_V1);
  }
}

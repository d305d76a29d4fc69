package dev.causeway.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.bridge.translate.BridgeTag;
import dev.causeway.bridge.translate.OriginNonce;
import dev.causeway.bridge.translate.TopicMapping;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.DuplicateMessageException;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubException;
import dev.causeway.libp2p.pubsub.gossipsub.MessageId;
import dev.causeway.testing.Await;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.waku.WakuV1Config;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's loss and skip paths, driven directly and without sockets (issue #5 review): the
 * listener methods are called as the nodes would call them, the v2 publication is a test function,
 * the v1 node is a real but unstarted {@link WakuV1Node} (its pool and validation work without a
 * network), and the wall clock is injected. Covers queue-full, publish-timeout, the typed gossipsub
 * duplicate, expiry at the start of a mining job, the injected mining deadline, the stale-timestamp
 * default, and the v2-origin nonce marker.
 */
class BridgePipelineTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PubsubTopic PUBSUB = PubsubTopic.DEFAULT;
  private static final Topic TOPIC = Topic.fromHex("1a2b3c4d");
  private static final String CT = TopicMapping.toContentTopic(TOPIC);
  private static final long T = 1_800_000_000L;
  private static final long SEC = 1_000_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T));

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  /** A settable wall clock (UTC). */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void set(Instant t) {
      now.set(t);
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private WakuV1Node v1Node() {
    Devp2pConfig dev = Devp2pConfig.defaults(Secp256k1.KeyPair.random(RANDOM), "127.0.0.1", 0);
    WakuV1Node n =
        new WakuV1Node(
            WakuV1Config.defaults(dev).withMinPow(0.002), new SimpleMeterRegistry(), clock, RANDOM);
    closeables.add(n);
    return n;
  }

  /** An unstarted v2 node (no sockets): the public constructors need one. */
  private WakuV2Node v2Node() throws Exception {
    WakuV2Node n =
        new WakuV2Node(
            WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                List.of(PUBSUB)),
            new SimpleMeterRegistry(),
            clock,
            RANDOM);
    closeables.add(n);
    return n;
  }

  private static BridgeConfig.Builder config() {
    return BridgeConfig.builder().pubsubTopics(List.of(PUBSUB)).miningThreads(1);
  }

  /**
   * A bridge over an unstarted v1 node. The v2 node is only used by {@link Bridge#start()} and the
   * default publisher, neither of which these tests use, so it is null.
   */
  private Bridge bridge(
      BridgeConfig cfg, Bridge.V2Publisher publisher, LongSupplier nanoTime, WakuV1Node v1) {
    Bridge b = new Bridge(v1, null, publisher, cfg, registry, clock, nanoTime);
    closeables.add(b);
    return b;
  }

  private Bridge bridge(BridgeConfig cfg, Bridge.V2Publisher publisher) {
    return bridge(cfg, publisher, System::nanoTime, v1Node());
  }

  private static Bridge.V2Publisher neverCalled() {
    return (t, m) -> {
      throw new AssertionError("no v2 publication expected");
    };
  }

  /** A v1 envelope created at T (so its translation is inside the v2 clock window). */
  private static Envelope v1Envelope(String text) {
    return Envelope.of(T + 50, 50, TOPIC, text.getBytes(StandardCharsets.UTF_8), 7);
  }

  private static WakuMessage v2Message(String text, long timestampNanos) {
    return WakuMessage.builder()
        .payload(text.getBytes(StandardCharsets.UTF_8))
        .contentTopic(CT)
        .version(1)
        .timestamp(timestampNanos)
        .build();
  }

  private static void fromV2(Bridge b, WakuMessage m) {
    b.onV2Message(PUBSUB, m, MessageHash.of(PUBSUB, m));
  }

  private double counter(String name, String direction, String reason) {
    return registry
        .get(name)
        .tags("direction", direction, "reason", reason)
        .functionCounter()
        .count();
  }

  private double powOutcome(String outcome) {
    return registry
        .get("causeway_bridge_pow_total")
        .tag("outcome", outcome)
        .functionCounter()
        .count();
  }

  // --- queue full ------------------------------------------------------------------------------

  @Test
  void fullQueuesAreCountedAsQueueFullInBothDirections() {
    // Workers not started: nothing leaves the queues (capacity 1).
    Bridge b = bridge(config().queueCapacity(1).build(), neverCalled());
    b.onV1Envelope(v1Envelope("first"), 0.01, "peer");
    b.onV1Envelope(v1Envelope("second"), 0.01, "peer");
    b.onV1Envelope(v1Envelope("third"), 0.01, "peer");
    fromV2(b, v2Message("one", T * SEC));
    fromV2(b, v2Message("two", T * SEC));

    assertThat(b.stats().dropped(Direction.V1_TO_V2)).isEqualTo(Map.of("queue-full", 2L));
    assertThat(b.stats().dropped(Direction.V2_TO_V1)).isEqualTo(Map.of("queue-full", 1L));
    assertThat(counter("causeway_bridge_dropped_total", "v1_to_v2", "queue-full")).isEqualTo(2.0);
    assertThat(counter("causeway_bridge_dropped_total", "v2_to_v1", "queue-full")).isEqualTo(1.0);
    assertThat(
            registry.get("waku_bridge_dropped").tag("type", "queue-full").functionCounter().count())
        .isEqualTo(3.0);
    assertThat(b.stats().direction(Direction.V1_TO_V2).queueDepth()).isEqualTo(1);
    assertThat(b.stats().direction(Direction.V2_TO_V1).queueDepth()).isEqualTo(1);

    // The queued ones are lost at close, and counted so.
    b.close();
    assertThat(b.stats().dropped(Direction.V1_TO_V2))
        .isEqualTo(Map.of("queue-full", 2L, "closed", 1L));
    assertThat(b.stats().dropped(Direction.V2_TO_V1))
        .isEqualTo(Map.of("queue-full", 1L, "closed", 1L));
  }

  // --- publish timeout and failures ------------------------------------------------------------

  @Test
  void publicationsThatNeverCompleteAreCountedAsPublishTimeoutAndFreeTheirSlot() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    // The relay never answers. One publication in flight at most: the second is only published
    // after the first one's timeout has given its slot back.
    Bridge b =
        bridge(
            config().publishTimeout(Duration.ofMillis(1)).maxPublishesInFlight(1).build(),
            (t, m) -> {
              calls.incrementAndGet();
              return new CompletableFuture<>();
            });
    b.startWorkers();
    b.onV1Envelope(v1Envelope("first"), 0.01, "peer");
    b.onV1Envelope(v1Envelope("second"), 0.01, "peer");

    Await.until(
        WAIT,
        "two publish timeouts",
        () -> b.stats().direction(Direction.V1_TO_V2).dropped("publish-timeout") == 2);
    assertThat(calls.get()).isEqualTo(2);
    assertThat(b.stats().bridged(Direction.V1_TO_V2)).isZero();
    assertThat(b.stats().dropped(Direction.V1_TO_V2)).isEqualTo(Map.of("publish-timeout", 2L));
    assertThat(counter("causeway_bridge_dropped_total", "v1_to_v2", "publish-timeout"))
        .isEqualTo(2.0);
  }

  @Test
  void gossipsubDuplicateIsRecognisedByItsTypeNotByItsText() throws Exception {
    // As WakuRelay returns them: the router's exception wrapped by a dependent stage.
    GossipsubException typed = new DuplicateMessageException(MessageId.of(new byte[] {1, 2}));
    GossipsubException sameText = new GossipsubException("duplicate message 0102");
    AtomicInteger calls = new AtomicInteger();
    Bridge b =
        bridge(
            config().build(),
            (t, m) ->
                CompletableFuture.<MessageHash>failedFuture(
                        calls.getAndIncrement() == 0 ? typed : sameText)
                    .thenApply(h -> h));
    b.startWorkers();
    b.onV1Envelope(v1Envelope("seen by gossipsub"), 0.01, "peer");
    b.onV1Envelope(v1Envelope("failed otherwise"), 0.01, "peer");

    Await.until(
        WAIT,
        "both publications finished",
        () -> {
          BridgeStats.DirectionStats s = b.stats().direction(Direction.V1_TO_V2);
          return s.skipped("duplicate") + s.dropped("publish-failed") == 2;
        });
    // Another bridge's identical message reached gossipsub first: crossed, not lost.
    assertThat(b.stats().skipped(Direction.V1_TO_V2)).isEqualTo(Map.of("duplicate", 1L));
    // Any other gossipsub failure is a loss, whatever its message says.
    assertThat(b.stats().dropped(Direction.V1_TO_V2)).isEqualTo(Map.of("publish-failed", 1L));
  }

  // --- v2 → v1: expiry at job start, deadline, stale timestamps --------------------------------

  @Test
  void envelopesThatExpireWhileQueuedForMiningAreSkippedNotMinedAndRejected() throws Exception {
    // The pool is busy with a first job (held inside the injected nano ticker, which the job reads
    // once its expiry check has passed) while a second job waits in the mining queue; meanwhile
    // the wall clock moves 15 s on, past the second envelope's expiry (T + 10). Only a mining
    // thread is held: the bridge also reads the ticker when a message arrives (forward latency).
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean holdOnce = new AtomicBoolean(true);
    LongSupplier nanoTime =
        () -> {
          if (Thread.currentThread().getName().contains("-pow-")
              && holdOnce.compareAndSet(true, false)) {
            busy.countDown();
            try {
              release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return System.nanoTime();
        };
    WakuV1Node v1 = v1Node();
    Bridge b = bridge(config().build(), neverCalled(), nanoTime, v1);
    b.startWorkers();
    // First: sent 15 s in the future (inside the 20 s tolerance), expiry T + 25.
    fromV2(b, v2Message("first", (T + 15) * SEC));
    assertThat(busy.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    // Second: sent now, expiry T + 10; translated at T (valid), then queued behind the first.
    fromV2(b, v2Message("second", T * SEC));
    Await.until(
        WAIT,
        "the second job waits in the mining queue",
        () -> registry.get("causeway_bridge_pow_queue_depth").gauge().value() == 1.0);
    clock.set(Instant.ofEpochSecond(T + 15));
    release.countDown();

    Await.until(
        WAIT,
        "both jobs finished",
        () -> {
          BridgeStats.DirectionStats s = b.stats().direction(Direction.V2_TO_V1);
          return s.bridged()
                  + s.skipped("expired")
                  + s.dropped().values().stream().mapToLong(x -> x).sum()
              == 2;
        });
    assertThat(b.stats().bridged(Direction.V2_TO_V1)).isEqualTo(1);
    assertThat(b.stats().skipped(Direction.V2_TO_V1)).isEqualTo(Map.of("expired", 1L));
    // Not mined, so nothing for the v1 node to refuse.
    assertThat(b.stats().dropped(Direction.V2_TO_V1)).isEmpty();
    assertThat(powOutcome("expired")).isEqualTo(1.0);
    assertThat(powOutcome("found")).isEqualTo(1.0);
    assertThat(v1.pool().size()).isEqualTo(1);
  }

  @Test
  void envelopesWithLessThanTheMarginLeftAreNotMined() throws Exception {
    Bridge b = bridge(config().build(), neverCalled());
    b.startWorkers();
    // ttl 10, margin 2 s: sent 9 s ago leaves 1 s (not mined); sent 7 s ago leaves 3 s (mined).
    fromV2(b, v2Message("one second left", (T - 9) * SEC));
    fromV2(b, v2Message("three seconds left", (T - 7) * SEC));
    Await.until(
        WAIT,
        "both handled",
        () -> {
          BridgeStats.DirectionStats s = b.stats().direction(Direction.V2_TO_V1);
          return s.bridged() + s.skipped("expired") == 2;
        });
    assertThat(b.stats().bridged(Direction.V2_TO_V1)).isEqualTo(1);
    assertThat(b.stats().skipped(Direction.V2_TO_V1)).isEqualTo(Map.of("expired", 1L));
    assertThat(powOutcome("expired")).isEqualTo(1.0);
  }

  @Test
  void miningExpiryMarginStaysBelowTheTtl() {
    assertThat(Bridge.miningExpiryMargin(10)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Bridge.miningExpiryMargin(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Bridge.miningExpiryMargin(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Bridge.miningExpiryMargin(1)).isEqualTo(Duration.ZERO);
  }

  @Test
  void miningDeadlineUsesTheInjectedTicker() throws Exception {
    // Each read of the ticker moves it one second: the first poll is past the 1 s deadline. The
    // floor needs ~33 bits, far more than one poll interval of nonces.
    AtomicLong fakeNanos = new AtomicLong();
    Bridge b =
        new Bridge(
            v1Node(),
            v2Node(),
            config().miningDeadline(Duration.ofSeconds(1)).powFloor(1e6).build(),
            registry,
            clock,
            () -> fakeNanos.getAndAdd(SEC));
    closeables.add(b);
    b.startWorkers();
    fromV2(b, v2Message("hard", T * SEC));
    Await.until(
        WAIT,
        "a deadline drop",
        () -> b.stats().direction(Direction.V2_TO_V1).dropped("pow-deadline") == 1);
    assertThat(powOutcome("deadline")).isEqualTo(1.0);
  }

  @Test
  void messagesOutsideTheToleranceAreSkippedUnlessRestampingIsOn() throws Exception {
    // 30 s old: outside the default 20 s tolerance. Before, it got expiry now + ttl — a different
    // envelope on every bridge.
    WakuMessage late = v2Message("late", (T - 30) * SEC);
    WakuMessage noTime =
        WakuMessage.builder().payload(new byte[] {9}).contentTopic(CT).version(1).build();
    Bridge strict = bridge(config().build(), neverCalled());
    strict.startWorkers();
    fromV2(strict, late);
    fromV2(strict, noTime);
    Await.until(
        WAIT,
        "two stale timestamps",
        () -> strict.stats().direction(Direction.V2_TO_V1).skipped("stale-timestamp") == 2);
    assertThat(strict.stats().bridged(Direction.V2_TO_V1)).isZero();
    assertThat(counter("causeway_bridge_skipped_total", "v2_to_v1", "stale-timestamp"))
        .isEqualTo(2.0);

    // A single-bridge deployment may keep nwaku's behaviour.
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    WakuV1Node v1 = v1Node();
    Bridge restamp =
        new Bridge(
            v1,
            null,
            neverCalled(),
            config().restampOutOfTolerance(true).build(),
            other,
            clock,
            System::nanoTime);
    closeables.add(restamp);
    restamp.startWorkers();
    fromV2(restamp, late);
    Await.until(
        WAIT, "restamped and bridged", () -> restamp.stats().bridged(Direction.V2_TO_V1) == 1);
    assertThat(v1.pool().size()).isEqualTo(1);
    assertThat(restamp.stats().skipped(Direction.V2_TO_V1)).isEmpty();
  }

  // --- v2-origin marker (issue #5) ---------------------------------------------------------------

  private static Bridge.V2Publisher recording(List<WakuMessage> published) {
    return (t, m) -> {
      published.add(m);
      return CompletableFuture.completedFuture(MessageHash.of(t, m));
    };
  }

  /**
   * What a Causeway bridge emits for a v2-born message sent at T (ttl 10): the smallest nonce from
   * the marker base meeting the floor, as any bridge's mining pool finds it.
   */
  private static Envelope markedEnvelope(String text) {
    Envelope unsealed = Envelope.of(T + 10, 10, TOPIC, text.getBytes(StandardCharsets.UTF_8), 0);
    return new PowMiner()
        .mine(unsealed, 0.002, OriginNonce.ORIGIN_NONCE_BASE, OriginNonce.RANGE, () -> false)
        .sealed()
        .orElseThrow();
  }

  /** A v1-born envelope as status-go or nim-waku seals it: the smallest nonce from 0. */
  private static Envelope clientEnvelope(String text) {
    Envelope unsealed = Envelope.of(T + 50, 50, TOPIC, text.getBytes(StandardCharsets.UTF_8), 0);
    return new PowMiner().mine(unsealed, 0.002, 1 << 20).sealed().orElseThrow();
  }

  @Test
  void markedEnvelopeFromAV1PeerIsSkippedAsV2OriginAndStopsItsMessage() throws Exception {
    List<WakuMessage> published = new CopyOnWriteArrayList<>();
    WakuV1Node v1 = v1Node();
    Bridge b = bridge(config().build(), recording(published), System::nanoTime, v1);
    b.startWorkers();

    // Another bridge mined v2-born M and flooded the envelope; it reaches us over v1 before M
    // reaches us over v2 (the TwoBridgesIT race).
    Envelope e = markedEnvelope("born on v2");
    assertThat(OriginNonce.isV2Origin(e.nonce())).as("precondition").isTrue();
    b.onV1Envelope(e, ProofOfWork.pow(e), "peer");
    assertThat(b.stats().skipped(Direction.V1_TO_V2)).isEqualTo(Map.of("v2-origin", 1L));
    assertThat(b.stats().direction(Direction.V1_TO_V2).queueDepth()).isZero();
    assertThat(counter("causeway_bridge_skipped_total", "v1_to_v2", "v2-origin")).isEqualTo(1.0);
    // Not an nwaku-style drop: the message is on v2 already.
    assertThat(registry.find("waku_bridge_dropped").tag("type", "v2-origin").meter()).isNull();

    // Its hash was recorded: the copy flooded by another peer is a plain duplicate.
    b.onV1Envelope(e, ProofOfWork.pow(e), "another peer");
    // Its fingerprint was recorded: M, arriving now over v2, is not mined a second time.
    fromV2(b, v2Message("born on v2", T * SEC));
    assertThat(b.stats().skipped(Direction.V1_TO_V2))
        .isEqualTo(Map.of("v2-origin", 1L, "duplicate", 1L));
    assertThat(b.stats().skipped(Direction.V2_TO_V1)).isEqualTo(Map.of("duplicate", 1L));

    // A v1-born envelope after it crosses, so the worker is running; the marked one never did.
    b.onV1Envelope(clientEnvelope("born on v1"), 0.01, "peer");
    Await.until(
        WAIT, "the v1-born envelope published", () -> b.stats().bridged(Direction.V1_TO_V2) == 1);
    assertThat(published).hasSize(1);
    assertThat(new String(published.get(0).payload(), StandardCharsets.UTF_8))
        .isEqualTo("born on v1");
    assertThat(b.stats().dropped(Direction.V1_TO_V2)).isEmpty();
    assertThat(v1.pool().size()).isZero();
    assertThat(powOutcome("found")).isZero();
  }

  @Test
  void forwardLatencyRunsFromArrivalToHandOffOnTheInjectedTicker() throws Exception {
    AtomicLong ticker = new AtomicLong(1_000_000L);
    List<CompletableFuture<MessageHash>> pending = new CopyOnWriteArrayList<>();
    Bridge.V2Publisher held =
        (t, m) -> {
          CompletableFuture<MessageHash> f = new CompletableFuture<>();
          pending.add(f);
          return f;
        };
    Bridge b = bridge(config().build(), held, ticker::get, v1Node());
    List<String> seen = new CopyOnWriteArrayList<>();
    b.addForwardListener((d, nanos) -> seen.add(d + " " + nanos));
    b.startWorkers();

    // v1 -> v2: arrival at 1 ms on the ticker, publication written at 8 ms
    b.onV1Envelope(v1Envelope("timed"), 0.01, "peer");
    ticker.set(5_000_000L);
    Await.until(WAIT, "publication started", () -> pending.size() == 1);
    assertThat(seen).as("nothing before the publication completes").isEmpty();
    ticker.set(8_000_000L);
    pending.get(0).complete(null);
    assertThat(seen).containsExactly("V1_TO_V2 7000000");

    // v2 -> v1: mined and accepted by our v1 node with the ticker standing still: 0 ns
    fromV2(b, v2Message("timed back", T * SEC));
    Await.until(WAIT, "emitted", () -> b.stats().bridged(Direction.V2_TO_V1) == 1);
    Await.until(WAIT, "observed", () -> seen.size() == 2);
    assertThat(seen).containsExactly("V1_TO_V2 7000000", "V2_TO_V1 0");

    io.micrometer.core.instrument.Timer v1ToV2 =
        registry.get("causeway_bridge_forward_latency").tag("direction", "v1_to_v2").timer();
    assertThat(v1ToV2.count()).isEqualTo(1);
    assertThat(v1ToV2.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(7_000_000.0);
    assertThat(
            registry
                .get("causeway_bridge_forward_latency")
                .tag("direction", "v2_to_v1")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void unmarkedV1EnvelopesAreBridgedAndRebuiltWithTheirOwnNonce() throws Exception {
    List<WakuMessage> published = new CopyOnWriteArrayList<>();
    Bridge b = bridge(config().build(), recording(published));
    b.startWorkers();
    // A client's small nonce, and the nonces just below and just above the marked range.
    Envelope small = clientEnvelope("small nonce");
    assertThat(small.nonce()).as("precondition: mined from 0").isBetween(0L, 1L << 20);
    Envelope below = v1Envelope("below").withNonce(OriginNonce.ORIGIN_NONCE_BASE - 1);
    Envelope above = v1Envelope("above").withNonce(OriginNonce.ORIGIN_NONCE_BASE + (1L << 32));
    List<Envelope> sent = List.of(small, below, above);
    for (Envelope e : sent) {
      b.onV1Envelope(e, 0.01, "peer");
    }
    Await.until(WAIT, "three publications", () -> b.stats().bridged(Direction.V1_TO_V2) == 3);
    assertThat(b.stats().skipped(Direction.V1_TO_V2)).isEmpty();
    // Each message's tag carries the envelope's own nonce, untouched.
    assertThat(published).hasSize(3);
    for (WakuMessage m : published) {
      Envelope original =
          sent.stream()
              .filter(e -> java.util.Arrays.equals(e.data(), m.payload()))
              .findFirst()
              .orElseThrow();
      assertThat(BridgeTag.decode(m.meta()).orElseThrow().nonce()).isEqualTo(original.nonce());
    }

    // The tagged message reaching another bridge over v2 is rebuilt into the original envelope:
    // same nonce and hash, not mined, not marked.
    WakuMessage tagged =
        published.stream()
            .filter(m -> java.util.Arrays.equals(m.payload(), small.data()))
            .findFirst()
            .orElseThrow();
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    WakuV1Node v1 = v1Node();
    Bridge second =
        new Bridge(v1, null, neverCalled(), config().build(), other, clock, System::nanoTime);
    closeables.add(second);
    second.startWorkers();
    fromV2(second, tagged);
    Await.until(WAIT, "rebuilt and emitted", () -> second.stats().bridged(Direction.V2_TO_V1) == 1);
    assertThat(v1.pool().contains(small.hash())).isTrue();
    assertThat(OriginNonce.isV2Origin(small.nonce())).isFalse();
    assertThat(
            other
                .get("causeway_bridge_pow_total")
                .tag("outcome", "found")
                .functionCounter()
                .count())
        .isZero();
  }
}

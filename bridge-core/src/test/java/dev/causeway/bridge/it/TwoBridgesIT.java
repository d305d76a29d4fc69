package dev.causeway.bridge.it;

import static dev.causeway.bridge.it.BridgeTestNetwork.awaitStable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.bridge.BridgeConfig;
import dev.causeway.bridge.Direction;
import dev.causeway.bridge.it.BridgeTestNetwork.BridgeNode;
import dev.causeway.bridge.it.BridgeTestNetwork.DeliveryCounter;
import dev.causeway.testing.Await;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Node;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #5, "must show" 2: two bridges on the same two networks, both active at once (the partition
 * case of ARCHITECTURE.md §6). A burst of {@value #COUNT} messages is sent in each direction at the
 * same time: v1-born envelopes posted at a v1 node on {@value #TOPICS} topics, v2-born messages
 * published at a v2 node with {@code /waku/1/0x<topic>/rfc26} content topics and real timestamps. A
 * v1 observer and a v2 observer count deliveries per payload: every one of the {@code 2 x COUNT}
 * payloads arrives exactly once on each side (bridged ones under the mapped topic), nothing loops
 * (once everything has arrived, every counter of the observers and bridges stops moving and stays
 * at the expected values), and neither the bridges nor the networks dropped anything.
 *
 * <p>Why deliveries count duplicates: a v1 node reports an envelope once per envelope hash and a v2
 * node once per message id, so a second copy of a payload shows only if a bridge made a
 * <em>different</em> envelope or message for it (a new expiry, nonce or timestamp) — exactly the
 * non-determinism that would make two bridges duplicate or ping-pong traffic (bridge-mapping.md
 * §5).
 */
class TwoBridgesIT {
  private static final int COUNT = 10_000;
  private static final int TOPICS = 16;
  private static final long V1_TTL = 900;
  private static final double POW = 0.002;
  private static final int IN_FLIGHT = 1_000;
  private static final PubsubTopic PUBSUB = PubsubTopic.DEFAULT;
  private static final Duration BURST_TIMEOUT = Duration.ofMinutes(6);
  private static final Clock CLOCK = Clock.systemUTC();

  private BridgeTestNetwork net;

  @AfterEach
  void close() {
    if (net != null) {
      net.close();
    }
  }

  static BridgeConfig bridgeConfig() {
    return BridgeConfig.builder()
        .pubsubTopics(List.of(PUBSUB))
        .v2ToV1Ttl(V1_TTL)
        .v2Validation(BridgeTestNetwork.V2_VALIDATION)
        .powFloor(POW)
        // Both bridges must derive the same expiry from a message's timestamp even when one of
        // them handles it seconds later under load (ARCHITECTURE.md §4).
        .timestampTolerance(Duration.ofMinutes(5))
        .dedupWindow(Duration.ofMinutes(30))
        .dedupMaxEntries(1_000_000)
        .queueCapacity(4 * COUNT)
        .miningThreads(1)
        .build();
  }

  @Test
  void tenThousandEachWayArriveExactlyOnceWithTwoActiveBridges() throws Exception {
    net =
        BridgeTestNetwork.builder()
            .v1Users(2)
            .v2Users(2)
            .bridges(2)
            .clock(CLOCK)
            .v1MinPow(POW)
            .bridgeConfig(TwoBridgesIT::bridgeConfig)
            .start();
    WakuV1Node v1Publisher = net.v1User(0);
    WakuV2Node v2Publisher = net.v2User(0);
    DeliveryCounter atV1 = BridgeTestNetwork.observeV1(net.v1User(1));
    DeliveryCounter atV2 = BridgeTestNetwork.observeV2(net.v2User(1), PUBSUB);

    Random random = new Random(5);
    Topic[] topics = new Topic[TOPICS];
    for (int i = 0; i < TOPICS; i++) {
      topics[i] = Topic.ofInt(random.nextInt());
    }
    List<byte[]> v1Born = new ArrayList<>();
    List<byte[]> v2Born = new ArrayList<>();
    Map<String, Long> expectedV1TopicsAtV2 = new TreeMap<>();
    Map<String, Long> expectedV2TopicsAtV1 = new TreeMap<>();
    for (int i = 0; i < COUNT; i++) {
      v1Born.add(payload("v1-born", i, random));
      v2Born.add(payload("v2-born", i, random));
      expectedV1TopicsAtV2.merge(contentTopic(topics[i % TOPICS]), 1L, Long::sum);
      expectedV2TopicsAtV1.merge(topics[(i * 7 + 3) % TOPICS].toHex(), 1L, Long::sum);
    }

    // Both bursts at once: v1-born from one thread, v2-born from another.
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong v1Accepted = new AtomicLong();
    AtomicLong v2Accepted = new AtomicLong();
    CompletableFuture<Void> v1Burst =
        CompletableFuture.runAsync(
            () ->
                bounded(
                    COUNT,
                    i ->
                        v1Publisher
                            .post(topics[i % TOPICS], v1Born.get(i), V1_TTL, POW)
                            .thenRun(v1Accepted::incrementAndGet),
                    failure));
    CompletableFuture<Void> v2Burst =
        CompletableFuture.runAsync(
            () ->
                bounded(
                    COUNT,
                    i ->
                        v2Publisher
                            .publish(
                                PUBSUB,
                                WakuMessage.builder()
                                    .payload(v2Born.get(i))
                                    .contentTopic(contentTopic(topics[(i * 7 + 3) % TOPICS]))
                                    .version(1)
                                    .timestamp(nanos(CLOCK.instant()))
                                    .build())
                            .thenRun(v2Accepted::incrementAndGet),
                    failure));
    CompletableFuture.allOf(v1Burst, v2Burst).get(BURST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(failure.get()).as("a post or publish failed").isNull();
    assertThat(v1Accepted.get()).isEqualTo(COUNT);
    assertThat(v2Accepted.get()).isEqualTo(COUNT);

    int total = 2 * COUNT;
    Await.until(
        BURST_TIMEOUT,
        "all " + total + " payloads at both observers",
        () -> atV1.distinct() == total && atV2.distinct() == total);

    // Quiet check: 30 reads 100 ms apart (3 s, dozens of v1 flood cycles and gossipsub heartbeats)
    // without any counter moving. A loop between the bridges would keep them moving.
    List<Object> settled =
        awaitStable(
            "observer deliveries and bridge counters",
            () -> snapshot(atV1, atV2),
            30,
            Duration.ofMillis(100),
            Duration.ofMinutes(2));

    assertThat(atV1.duplicates(10)).as("payloads delivered twice on v1, " + settled).isEmpty();
    assertThat(atV2.duplicates(10)).as("payloads delivered twice on v2, " + settled).isEmpty();
    assertThat(atV1.deliveries()).as("deliveries at the v1 observer").isEqualTo(total);
    assertThat(atV2.deliveries()).as("deliveries at the v2 observer").isEqualTo(total);
    for (int i = 0; i < COUNT; i++) {
      assertThat(atV1.count(v1Born.get(i))).isEqualTo(1);
      assertThat(atV1.count(v2Born.get(i))).isEqualTo(1);
      assertThat(atV2.count(v1Born.get(i))).isEqualTo(1);
      assertThat(atV2.count(v2Born.get(i))).isEqualTo(1);
    }
    // Bridged messages carry the mapped topic: v1-born ones arrive on v2 under the canonical
    // content topic of their v1 topic, v2-born ones on v1 under the topic their content topic
    // names.
    Map<String, Long> v2Topics = new TreeMap<>(atV2.perTopic());
    Map<String, Long> expectedAtV2 = new TreeMap<>(expectedV1TopicsAtV2);
    for (Map.Entry<String, Long> e : expectedV2TopicsAtV1.entrySet()) {
      expectedAtV2.merge("/waku/1/0x" + e.getKey() + "/rfc26", e.getValue(), Long::sum);
    }
    assertThat(v2Topics).isEqualTo(expectedAtV2);
    Map<String, Long> expectedAtV1 = new TreeMap<>(expectedV2TopicsAtV1);
    for (Map.Entry<String, Long> e : expectedV1TopicsAtV2.entrySet()) {
      expectedAtV1.merge(e.getKey().substring("/waku/1/0x".length(), 18), e.getValue(), Long::sum);
    }
    assertThat(atV1.perTopic()).isEqualTo(expectedAtV1);

    for (BridgeNode b : net.bridges()) {
      assertThat(BridgeCounters.drops(b.bridge())).as("bridge drops " + settled).isEmpty();
      // Both bridges were active: each carried messages across in both directions.
      for (Direction d : Direction.values()) {
        assertThat(b.bridge().stats().bridged(d)).as("%s bridged by one bridge", d).isPositive();
      }
    }
    // What the two bridges handed across, per direction. v1 -> v2: each v1-born message at least
    // once, at most once per bridge (a bridge whose copy arrived first skips its own as a
    // duplicate). v2 -> v1: each v2-born message at least once and at most once per bridge (both
    // mine the same envelope), plus, per bridge, at most one rebuild of each v1-born message that
    // reached it over v2 before it saw the envelope itself on v1 (the v1 network drops that
    // identical envelope as already seen). More than these bounds would mean a loop.
    Map<Direction, Long> bridged = BridgeCounters.bridged(net.bridges());
    assertThat(bridged.get(Direction.V1_TO_V2))
        .as("v1 -> v2 carried by the two bridges")
        .isBetween((long) COUNT, 2L * COUNT);
    assertThat(bridged.get(Direction.V2_TO_V1))
        .as("v2 -> v1 carried by the two bridges")
        .isBetween((long) COUNT, 4L * COUNT);
    assertThat(net.networkDrops()).as("drops inside the networks").isEmpty();
  }

  private List<Object> snapshot(DeliveryCounter atV1, DeliveryCounter atV2) {
    List<Object> s = new ArrayList<>();
    s.add(atV1.deliveries());
    s.add(atV2.deliveries());
    for (BridgeNode b : net.bridges()) {
      s.add(BridgeCounters.all(b.bridge()));
      s.add(b.v1().pool().size());
    }
    return s;
  }

  /** A burst with at most {@value #IN_FLIGHT} unfinished operations (a bounded publisher). */
  private static void bounded(
      int count,
      java.util.function.IntFunction<CompletableFuture<?>> op,
      AtomicReference<Throwable> failure) {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    try {
      for (int i = 0; i < count && failure.get() == null; i++) {
        if (!inFlight.tryAcquire(2, TimeUnit.MINUTES)) {
          throw new IllegalStateException("an operation did not finish within 2 minutes");
        }
        op.apply(i)
            .whenComplete(
                (r, e) -> {
                  if (e != null) {
                    failure.compareAndSet(null, e);
                  }
                  inFlight.release();
                });
      }
      if (!inFlight.tryAcquire(IN_FLIGHT, 2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("operations did not finish within 2 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  static byte[] payload(String origin, int i, Random random) {
    byte[] filler = new byte[24];
    random.nextBytes(filler);
    return (origin + "/" + i + "/" + HexFormat.of().formatHex(filler))
        .getBytes(StandardCharsets.US_ASCII);
  }

  static String contentTopic(Topic t) {
    return "/waku/1/0x" + t.toHex() + "/rfc26";
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}

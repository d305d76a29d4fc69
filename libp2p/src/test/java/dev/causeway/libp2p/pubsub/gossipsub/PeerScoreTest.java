package dev.causeway.libp2p.pubsub.gossipsub;

import static dev.causeway.libp2p.pubsub.gossipsub.ScoreFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.ScoreFixtures.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each score term P1–P7 in isolation (only its weight set), with values computed by hand from the
 * formulas of spec libp2p-gossipsub.md §8.1; plus caps, topic weights and ignored events.
 */
class PeerScoreTest {
  private static final String T = "/t/0";
  private static final PeerId A = peer(1);
  private static final PeerId B = peer(2);

  private final FakeClock clock = new FakeClock(1_000_000);

  private PeerScore tracker(PeerScoreParams global, TopicScoreParams topic) {
    PeerScore s = new PeerScore(global, clock);
    if (topic != null) {
      s.setTopicParams(T, topic);
    }
    return s;
  }

  private static PeerScoreParams noGlobal() {
    return PeerScoreParams.builder().build();
  }

  // P1: time in mesh

  @Test
  void p1CountsWholeQuantaSinceGraftTimesWeights() {
    PeerScore s =
        tracker(
            noGlobal(),
            TopicScoreParams.builder()
                .topicWeight(2)
                .timeInMesh(0.5, Duration.ofSeconds(1), 10)
                .build());
    s.addPeer(A, null);
    assertThat(s.score(A)).isZero();

    s.graft(A, T);
    assertThat(s.score(A)).isZero();
    clock.advance(3_999);
    assertThat(s.score(A)).isEqualTo(2 * 0.5 * 3);
    clock.advance(1);
    assertThat(s.score(A)).isEqualTo(2 * 0.5 * 4);
  }

  @Test
  void p1StopsAtCapAndVanishesOnPrune() {
    PeerScore s =
        tracker(
            noGlobal(),
            TopicScoreParams.builder().timeInMesh(0.5, Duration.ofSeconds(2), 10).build());
    s.addPeer(A, null);
    s.graft(A, T);
    clock.advance(60_000); // 30 quanta of 2 s, cap 10
    assertThat(s.score(A)).isEqualTo(0.5 * 10);

    s.prune(A, T);
    assertThat(s.score(A)).isZero();
  }

  @Test
  void p1RestartsFromTheNewGraft() {
    PeerScore s =
        tracker(
            noGlobal(),
            TopicScoreParams.builder().timeInMesh(1, Duration.ofSeconds(1), 100).build());
    s.addPeer(A, null);
    s.graft(A, T);
    clock.advance(5_000);
    s.prune(A, T);
    clock.advance(5_000);
    s.graft(A, T);
    clock.advance(2_000);
    assertThat(s.score(A)).isEqualTo(2);
  }

  // P2: first deliveries

  @Test
  void p2CountsFirstDeliveriesUpToCapInOrOutOfMesh() {
    PeerScore s =
        tracker(noGlobal(), TopicScoreParams.builder().firstMessageDeliveries(2, 0.5, 3).build());
    s.addPeer(A, null);
    s.deliverFirst(A, T);
    assertThat(s.score(A)).isEqualTo(2 * 1);
    for (int i = 0; i < 4; i++) {
      s.deliverFirst(A, T);
    }
    assertThat(s.score(A)).isEqualTo(2 * 3);
  }

  @Test
  void p2IgnoresDuplicates() {
    PeerScore s =
        tracker(noGlobal(), TopicScoreParams.builder().firstMessageDeliveries(2, 0.5, 3).build());
    s.addPeer(A, null);
    s.graft(A, T);
    s.deliverDuplicate(A, T);
    s.deliverDuplicate(A, T);
    assertThat(s.score(A)).isZero();
  }

  // P3: mesh delivery deficit

  private static TopicScoreParams p3(double failureWeight) {
    // threshold 4, cap 6, activation 10 s, window 50 ms; P3b weight as given.
    return TopicScoreParams.builder()
        .meshMessageDeliveries(-1, 0.5, 4, 6, Duration.ofSeconds(10), Duration.ofMillis(50))
        .meshFailurePenalty(failureWeight, failureWeight == 0 ? 0 : 0.5)
        .build();
  }

  @Test
  void p3AppliesOnlyAfterActivation() {
    PeerScore s = tracker(noGlobal(), p3(0));
    s.addPeer(A, null);
    s.graft(A, T);
    s.deliverFirst(A, T);
    clock.advance(10_000);
    assertThat(s.score(A)).as("at activation, not yet after it").isZero();
    clock.advance(1);
    assertThat(s.score(A)).isEqualTo(-1 * (4 - 1) * (4 - 1));
  }

  @Test
  void p3CountsWindowDuplicatesFromMeshPeers() {
    PeerScore s = tracker(noGlobal(), p3(0));
    s.addPeer(A, null);
    s.graft(A, T);
    s.deliverFirst(A, T);
    s.deliverDuplicate(A, T);
    s.deliverDuplicate(A, T);
    clock.advance(20_000);
    assertThat(s.score(A)).isEqualTo(-1 * (4 - 3) * (4 - 3));
    s.deliverDuplicate(A, T);
    assertThat(s.score(A)).isZero();
  }

  @Test
  void p3IgnoresDeliveriesWhileOutOfMesh() {
    PeerScore s = tracker(noGlobal(), p3(0));
    s.addPeer(A, null);
    for (int i = 0; i < 10; i++) {
      s.deliverFirst(A, T);
      s.deliverDuplicate(A, T);
    }
    s.graft(A, T);
    clock.advance(10_001);
    assertThat(s.score(A)).isEqualTo(-16);
  }

  @Test
  void p3CounterIsCappedOnIncrement() {
    PeerScore s = tracker(noGlobal(), p3(0));
    s.addPeer(A, null);
    s.graft(A, T);
    for (int i = 0; i < 10; i++) {
      s.deliverFirst(A, T);
    }
    clock.advance(10_001);
    assertThat(s.score(A)).isZero();
    // Capped at 6, one decay of 0.5 leaves 3: deficit 1. Uncapped (10 → 5) there would be none.
    s.refresh(1_001_000); // the first 1 s decay boundary after construction at 1_000_000
    assertThat(s.score(A)).isEqualTo(-1);
  }

  @Test
  void p3StopsWhenPruned() {
    PeerScore s = tracker(noGlobal(), p3(0));
    s.addPeer(A, null);
    s.graft(A, T);
    clock.advance(10_001);
    assertThat(s.score(A)).isEqualTo(-16);
    s.prune(A, T);
    assertThat(s.score(A)).isZero();
  }

  // P3b: mesh failure penalty

  @Test
  void p3bAddsSquaredDeficitOnPruneAndSticksAfterRegraft() {
    PeerScore s = tracker(noGlobal(), p3(-2));
    s.addPeer(A, null);
    s.graft(A, T);
    s.deliverFirst(A, T);
    clock.advance(10_001);
    s.prune(A, T);
    assertThat(s.score(A)).isEqualTo(-2 * 9);

    s.graft(A, T);
    assertThat(s.score(A)).as("P3 inactive again, P3b kept").isEqualTo(-2 * 9);
  }

  @Test
  void p3bNotAddedWhenPrunedBeforeActivationOrWithoutDeficit() {
    PeerScore s = tracker(noGlobal(), p3(-2));
    s.addPeer(A, null);
    s.addPeer(B, null);
    s.graft(A, T);
    s.graft(B, T);
    for (int i = 0; i < 4; i++) {
      s.deliverFirst(B, T);
    }
    clock.advance(9_000);
    s.prune(A, T);
    clock.advance(2_000);
    s.prune(B, T);
    assertThat(s.score(A)).isZero();
    assertThat(s.score(B)).isZero();
  }

  @Test
  void pruneWithoutGraftChangesNothing() {
    PeerScore s = tracker(noGlobal(), p3(-2));
    s.addPeer(A, null);
    s.prune(A, T);
    assertThat(s.score(A)).isZero();
  }

  // P4: invalid messages

  @Test
  void p4IsSquareOfRejectCount() {
    PeerScore s =
        tracker(noGlobal(), TopicScoreParams.builder().invalidMessageDeliveries(-3, 0.5).build());
    s.addPeer(A, null);
    s.reject(A, T);
    assertThat(s.score(A)).isEqualTo(-3);
    s.reject(A, T);
    s.reject(A, T);
    s.reject(A, T);
    assertThat(s.score(A)).isEqualTo(-3 * 16);
  }

  @Test
  void ignoredMessagesCostNothing() {
    PeerScore s =
        tracker(noGlobal(), TopicScoreParams.builder().invalidMessageDeliveries(-3, 0.5).build());
    s.addPeer(A, null);
    s.ignore(A, T);
    s.ignore(A, T);
    assertThat(s.score(A)).isZero();
  }

  // P5: application score

  @Test
  void p5IsHookTimesWeight() {
    PeerScore s =
        new PeerScore(
            PeerScoreParams.builder().appSpecificWeight(2).build(),
            clock,
            p -> p.equals(A) ? 7.5 : -4);
    s.addPeer(A, null);
    s.addPeer(B, null);
    assertThat(s.score(A)).isEqualTo(15);
    assertThat(s.score(B)).isEqualTo(-8);
    assertThat(s.score(peer(99))).as("unknown peer").isZero();
  }

  @Test
  void p5HookIsNotCalledWithZeroWeightAndNonFiniteResultsCountAsZero() {
    AtomicInteger calls = new AtomicInteger();
    PeerScore off =
        new PeerScore(
            noGlobal(),
            clock,
            p -> {
              calls.incrementAndGet();
              return 1;
            });
    off.addPeer(A, null);
    assertThat(off.score(A)).isZero();
    assertThat(calls).hasValue(0);

    PeerScore nan =
        new PeerScore(
            PeerScoreParams.builder().appSpecificWeight(1).build(), clock, p -> Double.NaN);
    nan.addPeer(A, null);
    assertThat(nan.score(A)).isZero();
  }

  // P6: IP colocation

  private PeerScore colocation(List<String> whitelist) {
    return new PeerScore(
        PeerScoreParams.builder().ipColocationFactor(-1, 2, whitelist).build(), clock);
  }

  @Test
  void p6PenalisesSquaredSurplusOverThreshold() {
    PeerScore s = colocation(List.of());
    s.addPeer(peer(1), "1.2.3.4");
    s.addPeer(peer(2), "1.2.3.4");
    assertThat(s.score(peer(1))).isZero();
    s.addPeer(peer(3), "1.2.3.4");
    assertThat(s.score(peer(1))).isEqualTo(-1);
    s.addPeer(peer(4), "1.2.3.4");
    assertThat(s.score(peer(4))).isEqualTo(-4);
    s.addPeer(peer(5), "5.6.7.8");
    assertThat(s.score(peer(5))).isZero();
  }

  @Test
  void p6TreatsIpv4MappedIpv6AsTheSameAddress() {
    PeerScore s = colocation(List.of());
    s.addPeer(peer(1), "10.0.0.1");
    s.addPeer(peer(2), "::ffff:10.0.0.1");
    s.addPeer(peer(3), " 10.0.0.1 ");
    assertThat(s.score(peer(2))).isEqualTo(-1);
  }

  @Test
  void p6SkipsWhitelistedBlocksAndPeersWithoutIp() {
    PeerScore s = colocation(List.of("10.1.0.0/16", "fd00::/8"));
    for (int i = 0; i < 5; i++) {
      s.addPeer(peer(i), "10.1." + i + ".9");
      s.addPeer(peer(100 + i), "10.1.0.9");
      s.addPeer(peer(200 + i), "fd12::" + (i + 1));
      s.addPeer(peer(300 + i), "fd12::1");
      s.addPeer(peer(400 + i), null);
    }
    assertThat(s.score(peer(101))).isZero();
    assertThat(s.score(peer(301))).isZero();
    assertThat(s.score(peer(401))).isZero();
    s.addPeer(peer(500), "10.2.0.9");
    s.addPeer(peer(501), "10.2.0.9");
    s.addPeer(peer(502), "10.2.0.9");
    assertThat(s.score(peer(500))).as("outside the /16").isEqualTo(-1);
  }

  @Test
  void p6FollowsAPeerThatReconnectsFromAnotherIp() {
    PeerScore s = colocation(List.of());
    s.addPeer(peer(1), "1.1.1.1");
    s.addPeer(peer(2), "1.1.1.1");
    s.addPeer(peer(3), "1.1.1.1");
    s.addPeer(peer(3), "2.2.2.2");
    assertThat(s.score(peer(1))).isZero();
    assertThat(s.score(peer(3))).isZero();
  }

  // P7: behaviour penalty

  @Test
  void p7SquaresExcessOverThreshold() {
    PeerScore s =
        new PeerScore(PeerScoreParams.builder().behaviourPenalty(-2, 1, 0.9).build(), clock);
    s.addPeer(A, null);
    s.behaviourPenalty(A, 0.5);
    s.behaviourPenalty(A, 0.5);
    assertThat(s.score(A)).as("at the threshold").isZero();
    s.behaviourPenalty(A, 3);
    assertThat(s.score(A)).isEqualTo(-2 * 3 * 3);
  }

  @Test
  void p7RejectsNegativeOrNonFiniteCounts() {
    PeerScore s =
        new PeerScore(PeerScoreParams.builder().behaviourPenalty(-2, 1, 0.9).build(), clock);
    s.addPeer(A, null);
    assertThatThrownBy(() -> s.behaviourPenalty(A, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.behaviourPenalty(A, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s.score(A)).isZero();
  }

  // Combining terms

  @Test
  void topicScoreCapLimitsOnlyThePositiveTopicPart() {
    PeerScore s =
        new PeerScore(
            PeerScoreParams.builder().topicScoreCap(5).behaviourPenalty(-2, 0, 0.5).build(), clock);
    s.setTopicParams(T, TopicScoreParams.builder().firstMessageDeliveries(1, 0.5, 10).build());
    s.addPeer(A, null);
    for (int i = 0; i < 10; i++) {
      s.deliverFirst(A, T);
    }
    assertThat(s.score(A)).isEqualTo(5);
    s.behaviourPenalty(A, 1);
    assertThat(s.score(A)).isEqualTo(5 - 2);
  }

  @Test
  void topicScoreCapDoesNotRaiseNegativeTopicScores() {
    PeerScore s = new PeerScore(PeerScoreParams.builder().topicScoreCap(5).build(), clock);
    s.setTopicParams(T, TopicScoreParams.builder().invalidMessageDeliveries(-1, 0.5).build());
    s.addPeer(A, null);
    s.reject(A, T);
    s.reject(A, T);
    s.reject(A, T);
    assertThat(s.score(A)).as("|−9| exceeds the cap of 5 but is left alone").isEqualTo(-9);
  }

  @Test
  void topicsAddUpWithTheirWeights() {
    PeerScore s = new PeerScore(noGlobal(), clock);
    s.setTopicParams(
        "x",
        TopicScoreParams.builder().topicWeight(0.5).firstMessageDeliveries(1, 0.5, 10).build());
    s.setTopicParams(
        "y", TopicScoreParams.builder().topicWeight(3).invalidMessageDeliveries(-1, 0.5).build());
    s.addPeer(A, null);
    s.deliverFirst(A, "x");
    s.deliverFirst(A, "x");
    s.reject(A, "y");
    assertThat(s.score(A)).isCloseTo(0.5 * 2 + 3 * -1, within(1e-12));
  }

  @Test
  void eventsOnUnscoredTopicsAndUnknownPeersAreIgnored() {
    PeerScore s =
        tracker(noGlobal(), TopicScoreParams.builder().invalidMessageDeliveries(-1, 0.5).build());
    s.addPeer(A, null);
    s.reject(A, "/other");
    s.graft(A, "/other");
    assertThat(s.score(A)).isZero();

    s.reject(B, T);
    s.graft(B, T);
    s.deliverFirst(B, T);
    s.behaviourPenalty(B, 5);
    s.removePeer(B);
    assertThat(s.score(B)).isZero();
    assertThat(s.trackedPeers()).isEqualTo(1);
  }

  @Test
  void removingTopicParamsDropsItsCounters() {
    PeerScore s =
        tracker(noGlobal(), TopicScoreParams.builder().invalidMessageDeliveries(-1, 0.5).build());
    s.addPeer(A, null);
    s.reject(A, T);
    s.removeTopicParams(T);
    assertThat(s.score(A)).isZero();
    assertThat(s.topicParams(T)).isEmpty();
    s.setTopicParams(T, TopicScoreParams.builder().invalidMessageDeliveries(-1, 0.5).build());
    assertThat(s.score(A)).as("counters did not come back").isZero();
  }

  @Test
  void noneScoresEveryoneZero() {
    ScoreTracker none = ScoreTracker.none();
    none.addPeer(A, "1.2.3.4");
    none.reject(A, T);
    none.behaviourPenalty(A, 100);
    none.refresh(0);
    assertThat(none.score(A)).isZero();
  }
}

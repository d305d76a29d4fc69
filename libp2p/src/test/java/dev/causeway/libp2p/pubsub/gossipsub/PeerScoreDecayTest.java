package dev.causeway.libp2p.pubsub.gossipsub;

import static dev.causeway.libp2p.pubsub.gossipsub.ScoreFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.ScoreFixtures.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decay on decay-interval boundaries, decay to zero, and retention of disconnected peers (spec
 * libp2p-gossipsub.md §8.1 "Decay" paragraph; go-libp2p-pubsub score.go refreshScores and removal).
 */
class PeerScoreDecayTest {
  private static final String T = "/t/0";
  private static final PeerId A = peer(1);
  private static final long START = 500_000;
  private static final long INTERVAL = 10_000;

  private final FakeClock clock = new FakeClock(START);

  /** P2 weight 1 (decay 0.5, cap 100), P4 weight −1 (decay 0.5); decay to zero 0.1. */
  private PeerScore deliveries() {
    PeerScore s =
        new PeerScore(
            PeerScoreParams.builder()
                .decayInterval(Duration.ofMillis(INTERVAL))
                .decayToZero(0.1)
                .retainScore(Duration.ofMinutes(1))
                .build(),
            clock);
    s.setTopicParams(
        T,
        TopicScoreParams.builder()
            .firstMessageDeliveries(1, 0.5, 100)
            .invalidMessageDeliveries(-1, 0.5)
            .build());
    return s;
  }

  private static void deliver(PeerScore s, int n) {
    for (int i = 0; i < n; i++) {
      s.deliverFirst(A, T);
    }
  }

  @Test
  void countersDecayOnlyWhenAnIntervalBoundaryPasses() {
    PeerScore s = deliveries();
    s.addPeer(A, null);
    deliver(s, 8);

    s.refresh(START + INTERVAL - 1);
    assertThat(s.score(A)).isEqualTo(8);
    s.refresh(START + INTERVAL);
    assertThat(s.score(A)).isEqualTo(4);
    s.refresh(START + INTERVAL + 5_000);
    assertThat(s.score(A)).as("heartbeats inside the interval do nothing").isEqualTo(4);
    s.refresh(START + 2 * INTERVAL);
    assertThat(s.score(A)).isEqualTo(2);
  }

  @Test
  void missedIntervalsDecayOncePerInterval() {
    PeerScore s = deliveries();
    s.addPeer(A, null);
    deliver(s, 64);
    s.refresh(START + 3 * INTERVAL + 1); // boundaries at 1, 2, 3 intervals
    assertThat(s.score(A)).isEqualTo(8);
    s.refresh(START + 4 * INTERVAL - 1);
    assertThat(s.score(A)).isEqualTo(8);
    s.refresh(START + 4 * INTERVAL);
    assertThat(s.score(A)).isEqualTo(4);
  }

  @Test
  void valuesBelowDecayToZeroSnapToZero() {
    PeerScore s = deliveries();
    s.addPeer(A, null);
    deliver(s, 1);
    s.refresh(START + 3 * INTERVAL); // 0.125, still ≥ 0.1
    assertThat(s.score(A)).isEqualTo(0.125);
    s.refresh(START + 4 * INTERVAL); // 0.0625 < 0.1
    assertThat(s.score(A)).isZero();
    deliver(s, 1);
    assertThat(s.score(A)).as("counter restarts from 0, not 0.0625").isEqualTo(1);
  }

  @Test
  void invalidMessageCounterDecaysBeforeSquaring() {
    PeerScore s = deliveries();
    s.addPeer(A, null);
    s.reject(A, T);
    s.reject(A, T);
    assertThat(s.score(A)).isEqualTo(-4);
    s.refresh(START + INTERVAL);
    assertThat(s.score(A)).isEqualTo(-1);
  }

  @Test
  void behaviourPenaltyAndMeshFailureDecay() {
    PeerScore s =
        new PeerScore(
            PeerScoreParams.builder()
                .decayInterval(Duration.ofMillis(INTERVAL))
                .behaviourPenalty(-1, 0, 0.5)
                .build(),
            clock);
    s.setTopicParams(
        T,
        TopicScoreParams.builder()
            .meshMessageDeliveries(-1, 0.5, 2, 2, Duration.ZERO, Duration.ZERO)
            .meshFailurePenalty(-1, 0.5)
            .build());
    s.addPeer(A, null);
    s.graft(A, T);
    clock.advance(1);
    s.prune(A, T); // deficit 2: P3b counter 4
    s.behaviourPenalty(A, 6);
    assertThat(s.score(A)).isEqualTo(-4 - 36);
    s.refresh(START + INTERVAL);
    assertThat(s.score(A)).isEqualTo(-2 - 9);
  }

  @Test
  void timeInMeshIsNotTouchedByDecay() {
    PeerScore s =
        new PeerScore(
            PeerScoreParams.builder().decayInterval(Duration.ofMillis(INTERVAL)).build(), clock);
    s.setTopicParams(
        T, TopicScoreParams.builder().timeInMesh(1, Duration.ofSeconds(1), 100).build());
    s.addPeer(A, null);
    s.graft(A, T);
    s.refresh(clock.advance(25_000));
    assertThat(s.score(A)).isEqualTo(25);
  }

  // Retention

  @Test
  void negativeScoreSurvivesDisconnectUndecayedAndReconnect() {
    PeerScore s = deliveries();
    s.addPeer(A, null);
    s.reject(A, T);
    s.reject(A, T);
    s.removePeer(A);
    assertThat(s.retainedPeers()).isEqualTo(1);

    s.refresh(START + 5 * INTERVAL);
    assertThat(s.score(A)).as("retained scores do not decay").isEqualTo(-4);
    s.addPeer(A, null);
    assertThat(s.score(A)).isEqualTo(-4);
    assertThat(s.retainedPeers()).isZero();
    s.refresh(START + 6 * INTERVAL);
    assertThat(s.score(A)).as("decays again once back").isEqualTo(-1);
  }

  @Test
  void retainedPeerIsForgottenAfterRetainScore() {
    PeerScore s = deliveries();
    s.addPeer(A, "9.9.9.9");
    s.reject(A, T);
    long goneAt = clock.advance(1_000);
    s.removePeer(A);

    s.refresh(goneAt + 60_000);
    assertThat(s.score(A)).isEqualTo(-1);
    s.refresh(goneAt + 60_001);
    assertThat(s.score(A)).isZero();
    assertThat(s.trackedPeers()).isZero();
    s.addPeer(A, null);
    assertThat(s.score(A)).as("reconnecting after expiry starts clean").isZero();
  }

  @Test
  void retentionZeroesFirstDeliveries() {
    PeerScore s = deliveries();
    s.addPeer(A, null);
    deliver(s, 1);
    s.reject(A, T);
    s.reject(A, T);
    assertThat(s.score(A)).isEqualTo(1 - 4);
    s.removePeer(A);
    assertThat(s.score(A)).isEqualTo(-4);
  }

  @Test
  void positiveScoreIsForgottenAtOnce() {
    PeerScore s = deliveries();
    s.addPeer(A, null);
    deliver(s, 3);
    s.removePeer(A);
    assertThat(s.trackedPeers()).isZero();
    assertThat(s.score(A)).isZero();
  }

  @Test
  void disconnectInMeshWithActiveDeficitAddsMeshFailurePenalty() {
    PeerScore s =
        new PeerScore(PeerScoreParams.builder().retainScore(Duration.ofMinutes(1)).build(), clock);
    s.setTopicParams(
        T,
        TopicScoreParams.builder()
            .meshMessageDeliveries(-1, 0.5, 3, 3, Duration.ofSeconds(1), Duration.ZERO)
            .meshFailurePenalty(-1, 0.5)
            .build());
    s.addPeer(A, null);
    s.graft(A, T);
    s.deliverFirst(A, T);
    clock.advance(1_001);
    assertThat(s.score(A)).as("P3 while in mesh").isEqualTo(-4);
    s.removePeer(A);
    assertThat(s.score(A)).as("P3b after disconnect").isEqualTo(-4);
    s.addPeer(A, null);
    s.graft(A, T);
    assertThat(s.score(A)).as("P3b sticks, P3 waits for activation").isEqualTo(-4);
  }

  @Test
  void graftOfDisconnectedPeerIsIgnored() {
    PeerScore s =
        new PeerScore(PeerScoreParams.builder().retainScore(Duration.ofMinutes(1)).build(), clock);
    s.setTopicParams(
        T,
        TopicScoreParams.builder()
            .timeInMesh(1, Duration.ofSeconds(1), 10)
            .invalidMessageDeliveries(-1, 0.5)
            .build());
    s.addPeer(A, null);
    s.reject(A, T);
    s.removePeer(A);
    s.graft(A, T);
    clock.advance(5_000);
    assertThat(s.score(A)).isEqualTo(-1);
  }

  @Test
  void retainedPeersAreBoundedOldestFirst() {
    PeerScore s =
        new PeerScore(
            PeerScoreParams.builder()
                .retainScore(Duration.ofHours(1))
                .ipColocationFactor(-1, 1, List.of())
                .build(),
            clock,
            p -> 0,
            3);
    s.setTopicParams(T, TopicScoreParams.builder().invalidMessageDeliveries(-1, 0.5).build());
    for (int i = 0; i < 5; i++) {
      s.addPeer(peer(i), "7.7.7.7");
      s.reject(peer(i), T);
    }
    for (int i = 0; i < 5; i++) {
      s.removePeer(peer(i));
    }
    assertThat(s.retainedPeers()).isEqualTo(3);
    assertThat(s.trackedPeers()).isEqualTo(3);
    // The two oldest are forgotten; the three kept still share the IP: surplus 2 → −4, P4 −1.
    assertThat(s.score(peer(0))).isZero();
    assertThat(s.score(peer(1))).isZero();
    assertThat(s.score(peer(4))).isEqualTo(-1 - 4);
  }

  @Test
  void retainedPeersStillCountForIpColocationUntilForgotten() {
    PeerScore s =
        new PeerScore(
            PeerScoreParams.builder()
                .retainScore(Duration.ofSeconds(30))
                .ipColocationFactor(-1, 2, List.of())
                .build(),
            clock);
    s.addPeer(peer(1), "1.2.3.4");
    s.addPeer(peer(2), "1.2.3.4");
    s.addPeer(peer(3), "1.2.3.4");
    s.removePeer(peer(3)); // score −1: retained
    assertThat(s.score(peer(1))).isEqualTo(-1);
    s.refresh(clock.now + 30_001);
    assertThat(s.score(peer(1))).isZero();
  }
}

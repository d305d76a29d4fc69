package dev.causeway.libp2p.pubsub.gossipsub;

import static dev.causeway.libp2p.pubsub.gossipsub.ScoreFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.ScoreFixtures.FakeClock;
import dev.causeway.testing.RandomInputs;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random event sequences under the Waku parameters: scores stay finite and below the positive
 * ceiling, single events move the score in their term's direction, and state stays bounded.
 */
class PeerScoreRandomTest {
  private static final String[] TOPICS = {"/waku/2/rs/1/0", "/waku/2/rs/1/1", "/unscored"};
  private static final String[] IPS = {"10.0.0.1", "10.0.0.2", "::ffff:10.0.0.1", null};
  private static final int PEERS = 12;
  private static final int MAX_RETAINED = 4;

  /** 10.1 per scored topic (§8.3), two scored topics. */
  private static final double CEILING = 2 * 10.1 + 1e-9;

  @Test
  void randomEventSequencesKeepInvariants() {
    RandomInputs.forEachCase(
        300,
        r -> {
          FakeClock clock = new FakeClock(r.nextInt(1_000_000));
          PeerScore s = new PeerScore(WakuScoring.params(), clock, p -> 0, MAX_RETAINED);
          s.setTopicParams(TOPICS[0], WakuScoring.topicParams());
          s.setTopicParams(TOPICS[1], WakuScoring.topicParams());
          Set<PeerId> connected = new HashSet<>();
          for (int step = 0; step < 400; step++) {
            runStep(r, s, clock, connected);
            for (int i = 0; i < PEERS; i++) {
              double score = s.score(peer(i));
              assertThat(Double.isFinite(score)).as("finite").isTrue();
              assertThat(score).isLessThanOrEqualTo(CEILING);
            }
            assertThat(s.retainedPeers()).isLessThanOrEqualTo(MAX_RETAINED);
            assertThat(s.trackedPeers()).isLessThanOrEqualTo(connected.size() + MAX_RETAINED);
          }
          for (PeerId p : Set.copyOf(connected)) {
            s.removePeer(p);
          }
          s.refresh(clock.advance(WakuScoring.params().retainScore().toMillis() + 1));
          assertThat(s.trackedPeers()).as("everything forgotten after retention").isZero();
        });
  }

  private static void runStep(Random r, PeerScore s, FakeClock clock, Set<PeerId> connected) {
    PeerId p = peer(r.nextInt(PEERS));
    String topic = TOPICS[r.nextInt(TOPICS.length)];
    double before = s.score(p);
    switch (r.nextInt(10)) {
      case 0 -> {
        s.addPeer(p, IPS[r.nextInt(IPS.length)]);
        connected.add(p);
      }
      case 1 -> {
        s.removePeer(p);
        connected.remove(p);
      }
      case 2 -> s.graft(p, topic);
      case 3 -> s.prune(p, topic);
      case 4 -> {
        s.deliverFirst(p, topic);
        assertThat(s.score(p)).as("first delivery never lowers").isGreaterThanOrEqualTo(before);
      }
      case 5 -> {
        s.deliverDuplicate(p, topic);
        assertThat(s.score(p)).as("duplicate changes nothing with P3 off").isEqualTo(before);
      }
      case 6 -> {
        s.reject(p, topic);
        assertThat(s.score(p)).as("reject never raises").isLessThanOrEqualTo(before);
      }
      case 7 -> {
        s.behaviourPenalty(p, r.nextInt(3));
        assertThat(s.score(p)).as("penalty never raises").isLessThanOrEqualTo(before);
      }
      case 8 -> s.refresh(clock.advance(r.nextInt(30_000)));
      default -> clock.advance(r.nextInt(5_000));
    }
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import static dev.causeway.libp2p.pubsub.gossipsub.ScoreFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.ScoreFixtures.FakeClock;
import dev.causeway.libp2p.testing.VectorFile;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link WakuScoring} against the table of spec libp2p-gossipsub.md §8.3 (copied to a vector file),
 * and the consequences §8.3 derives from it: graylisting after a run of rejects, the IP colocation
 * penalties, the positive ceiling per topic.
 */
class WakuScoringTest {
  private static final String VECTORS = "/vectors/gossipsub/waku-scoring.txt";
  private static final String TOPIC = "/waku/2/rs/1/0";

  private static final PeerScoreParams G = WakuScoring.params();
  private static final TopicScoreParams P = WakuScoring.topicParams();
  private static final PeerScoreThresholds TH = WakuScoring.thresholds();

  /** Each table name to our value (durations in milliseconds). */
  private static final Map<String, ToDoubleFunction<Void>> VALUES =
      Map.ofEntries(
          Map.entry("global|DecayInterval", v -> G.decayInterval().toMillis()),
          Map.entry("global|DecayToZero", v -> G.decayToZero()),
          Map.entry("global|RetainScore", v -> G.retainScore().toMillis()),
          Map.entry("global|AppSpecificWeight", v -> G.appSpecificWeight()),
          Map.entry("global|IPColocationFactorWeight", v -> G.ipColocationFactorWeight()),
          Map.entry("global|IPColocationFactorThreshold", v -> G.ipColocationFactorThreshold()),
          Map.entry("global|BehaviourPenaltyWeight", v -> G.behaviourPenaltyWeight()),
          Map.entry("global|BehaviourPenaltyDecay", v -> G.behaviourPenaltyDecay()),
          Map.entry("global|BehaviourPenaltyThreshold", v -> G.behaviourPenaltyThreshold()),
          Map.entry("threshold|GossipThreshold", v -> TH.gossipThreshold()),
          Map.entry("threshold|PublishThreshold", v -> TH.publishThreshold()),
          Map.entry("threshold|GraylistThreshold", v -> TH.graylistThreshold()),
          Map.entry("threshold|AcceptPXThreshold", v -> TH.acceptPXThreshold()),
          Map.entry("threshold|OpportunisticGraftThreshold", v -> TH.opportunisticGraftThreshold()),
          Map.entry("topic|TopicWeight", v -> P.topicWeight()),
          Map.entry("topic|TimeInMeshWeight", v -> P.timeInMeshWeight()),
          Map.entry("topic|TimeInMeshQuantum", v -> P.timeInMeshQuantum().toMillis()),
          Map.entry("topic|TimeInMeshCap", v -> P.timeInMeshCap()),
          Map.entry("topic|FirstMessageDeliveriesWeight", v -> P.firstMessageDeliveriesWeight()),
          Map.entry("topic|FirstMessageDeliveriesDecay", v -> P.firstMessageDeliveriesDecay()),
          Map.entry("topic|FirstMessageDeliveriesCap", v -> P.firstMessageDeliveriesCap()),
          Map.entry("topic|MeshMessageDeliveriesWeight", v -> P.meshMessageDeliveriesWeight()),
          Map.entry("topic|MeshMessageDeliveriesDecay", v -> P.meshMessageDeliveriesDecay()),
          Map.entry("topic|MeshMessageDeliveriesCap", v -> P.meshMessageDeliveriesCap()),
          Map.entry(
              "topic|MeshMessageDeliveriesThreshold", v -> P.meshMessageDeliveriesThreshold()),
          Map.entry(
              "topic|MeshMessageDeliveriesWindow", v -> P.meshMessageDeliveriesWindow().toMillis()),
          Map.entry(
              "topic|MeshMessageDeliveriesActivation",
              v -> P.meshMessageDeliveriesActivation().toMillis()),
          Map.entry("topic|MeshFailurePenaltyWeight", v -> P.meshFailurePenaltyWeight()),
          Map.entry("topic|MeshFailurePenaltyDecay", v -> P.meshFailurePenaltyDecay()),
          Map.entry(
              "topic|InvalidMessageDeliveriesWeight", v -> P.invalidMessageDeliveriesWeight()),
          Map.entry("topic|InvalidMessageDeliveriesDecay", v -> P.invalidMessageDeliveriesDecay()));

  static Stream<Arguments> tableRows() {
    return VectorFile.rows(VECTORS, "param").stream().map(f -> Arguments.of(f[0], f[1], f[2]));
  }

  /** "12 s", "10 min", "0 ms" in milliseconds; plain numbers as they are. */
  private static double parseValue(String text) {
    String[] parts = text.split(" ");
    double number = Double.parseDouble(parts[0]);
    if (parts.length == 1) {
      return number;
    }
    return switch (parts[1]) {
      case "ms" -> number;
      case "s" -> number * 1_000;
      case "min" -> number * 60_000;
      default -> throw new IllegalArgumentException("unknown unit in " + text);
    };
  }

  @ParameterizedTest(name = "{0} {1} = {2}")
  @MethodSource("tableRows")
  void valueMatchesSpecTable(String table, String name, String value) {
    ToDoubleFunction<Void> ours = VALUES.get(table + "|" + name);
    assertThat(ours).as("parameter %s/%s is known", table, name).isNotNull();
    assertThat(ours.applyAsDouble(null)).isEqualTo(parseValue(value));
  }

  @Test
  void everyParameterHasARowInTheTable() {
    Set<String> rows =
        VectorFile.rows(VECTORS, "param").stream()
            .map(f -> f[0] + "|" + f[1])
            .collect(Collectors.toSet());
    assertThat(rows).containsExactlyInAnyOrderElementsOf(VALUES.keySet());
  }

  @Test
  void theUnlistedValuesAreTheImplementationDefaults() {
    assertThat(G.topicScoreCap()).as("no cap").isZero();
    assertThat(G.ipColocationFactorWhitelist()).isEmpty();
  }

  private final FakeClock clock = new FakeClock(0);

  private PeerScore waku() {
    PeerScore s = new PeerScore(WakuScoring.params(), clock);
    s.setTopicParams(TOPIC, WakuScoring.topicParams());
    return s;
  }

  /** Smallest n with topicWeight · w4 · n² < threshold: the rejects in a row that cross it. */
  private static int rejectsToCross(double threshold) {
    double perSquare = P.topicWeight() * P.invalidMessageDeliveriesWeight();
    int n = 0;
    while (perSquare * n * n >= threshold) {
      n++;
    }
    return n;
  }

  @Test
  void streamOfInvalidMessagesIsGraylistedAfterTheRejectCountTheParamsImply() {
    int n = rejectsToCross(TH.graylistThreshold());
    assertThat(n).as("§8.3: around 11 rejects").isEqualTo(11);

    PeerScore s = waku();
    PeerId spammer = peer(1);
    s.addPeer(spammer, "203.0.113.7");
    for (int i = 1; i < n; i++) {
      s.reject(spammer, TOPIC);
      assertThat(TH.isGraylisted(s.score(spammer))).as("after %d rejects", i).isFalse();
    }
    s.reject(spammer, TOPIC);
    assertThat(TH.isGraylisted(s.score(spammer))).isTrue();
  }

  @Test
  void rejectsCrossGossipAndPublishThresholdsFirst() {
    int toGossip = rejectsToCross(TH.gossipThreshold());
    int toPublish = rejectsToCross(TH.publishThreshold());
    assertThat(toGossip).isEqualTo(2);
    assertThat(toPublish).isEqualTo(4);

    PeerScore s = waku();
    s.addPeer(peer(1), null);
    for (int i = 1; i <= toPublish; i++) {
      s.reject(peer(1), TOPIC);
      double score = s.score(peer(1));
      assertThat(TH.acceptsGossip(score)).as("gossip after %d", i).isEqualTo(i < toGossip);
      assertThat(TH.acceptsPublish(score)).as("publish after %d", i).isEqualTo(i < toPublish);
    }
  }

  @Test
  void rejectsSpreadOverDecayIntervalsStayBelowGraylist() {
    PeerScore s = waku();
    s.addPeer(peer(1), null);
    for (int i = 0; i < 10; i++) {
      s.reject(peer(1), TOPIC);
    }
    s.refresh(clock.advance(G.decayInterval().toMillis()));
    s.reject(peer(1), TOPIC); // counter 10·0.5 + 1 = 6
    assertThat(s.score(peer(1))).isEqualTo(-100 * 36);
    assertThat(TH.isGraylisted(s.score(peer(1)))).isFalse();
  }

  static Stream<Arguments> colocationRows() {
    return VectorFile.rows(VECTORS, "colocation").stream()
        .map(f -> Arguments.of(Integer.parseInt(f[0]), Double.parseDouble(f[1])));
  }

  @ParameterizedTest(name = "{0} peers on one IP score {1}")
  @MethodSource("colocationRows")
  void ipColocationPenaltyMatchesSpecExamples(int peers, double expected) {
    PeerScore s = waku();
    for (int i = 0; i < peers; i++) {
      s.addPeer(peer(i), "198.51.100.1");
    }
    for (int i = 0; i < peers; i++) {
      assertThat(s.score(peer(i))).isEqualTo(expected);
    }
  }

  @Test
  void positiveTopicScoreTopsOutAsSpecSays() {
    double max = Double.parseDouble(VectorFile.rows(VECTORS, "max-topic-score").get(0)[0]);
    PeerScore s = waku();
    s.addPeer(peer(1), null);
    s.graft(peer(1), TOPIC);
    for (int i = 0; i < 50; i++) {
      s.deliverFirst(peer(1), TOPIC);
    }
    clock.advance(Duration.ofMinutes(5).toMillis());
    assertThat(s.score(peer(1))).isCloseTo(max, within(1e-9));
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import static dev.causeway.libp2p.pubsub.gossipsub.Fixtures.TOPIC;
import static dev.causeway.libp2p.pubsub.gossipsub.Fixtures.peer;
import static dev.causeway.libp2p.pubsub.gossipsub.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Graft;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IDontWant;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IHave;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IWant;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.PeerInfo;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Prune;
import dev.causeway.libp2p.pubsub.gossipsub.Fixtures.FakeClock;
import dev.causeway.libp2p.pubsub.gossipsub.Fixtures.FakeScoreTracker;
import dev.causeway.libp2p.pubsub.gossipsub.Fixtures.RecordingSink;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.DropReason;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.Event;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.IgnoreReason;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.RejectReason;
import dev.causeway.libp2p.pubsub.gossipsub.Rpc.SubOpts;
import dev.causeway.libp2p.varint.LengthPrefixed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One router driven by scripted peers (spec libp2p-gossipsub.md §5–§7, §8.2): every RPC it sends is
 * captured and decoded by a {@link RecordingSink}.
 */
class GossipRouterTest {
  private final FakeClock clock = new FakeClock();
  private final RecordingSink sink = new RecordingSink();
  private final FakeScoreTracker score = new FakeScoreTracker();
  private final List<String> delivered = new ArrayList<>();
  private final List<PeerId> deliveredFrom = new ArrayList<>();
  private final List<String> listenerEvents = new ArrayList<>();
  private Validator validator = Validator.acceptAll();
  private GossipRouter router;

  private GossipRouter router(UnaryOperator<GossipsubConfig.Builder> tweak) {
    GossipsubConfig cfg = tweak.apply(GossipsubConfig.defaults().toBuilder()).build();
    router =
        GossipRouter.builder(cfg, sink)
            .clock(clock)
            .random(new Random(42))
            .scoreTracker(score)
            .validator((t, id, m, from) -> validator.validate(t, id, m, from))
            .delivery(
                (t, id, m, from) -> {
                  delivered.add(new String(m.data(), java.nio.charset.StandardCharsets.UTF_8));
                  deliveredFrom.add(from);
                })
            .listener(
                new RouterListener() {
                  @Override
                  public void graylisted(PeerId peer, double s) {
                    listenerEvents.add("graylisted " + peer);
                  }

                  @Override
                  public void peerExchange(PeerId from, String topic, List<PeerInfo> peers) {
                    listenerEvents.add("px " + from + " " + peers.size());
                  }
                })
            .build();
    return router;
  }

  private GossipRouter router() {
    return router(b -> b);
  }

  /** Connects peers {@code from..to} (inclusive) speaking {@code /meshsub/1.1.0}, subscribed. */
  private List<PeerId> connectSubscribed(int from, int to, boolean outbound) {
    List<PeerId> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      PeerId p = peer(i);
      router.addPeer(p, GossipsubConfig.MESHSUB_V11, outbound);
      router.onRpc(p, Rpc.ofSubscriptions(List.of(SubOpts.subscribe(TOPIC))));
      out.add(p);
    }
    sink.clear();
    return out;
  }

  private void heartbeat(long advanceMillis) {
    clock.advance(advanceMillis);
    router.heartbeat();
  }

  private static PubsubMessage msg(String data) {
    return PubsubMessage.of(TOPIC, utf8(data));
  }

  private static MessageId idOf(String data) {
    return MessageIdFunction.sha256OfData().apply(msg(data));
  }

  private void send(PeerId from, PubsubMessage m) {
    router.onRpc(from, Rpc.ofMessages(List.of(m)));
  }

  private void control(PeerId from, ControlMessage c) {
    router.onRpc(from, Rpc.ofControl(c));
  }

  private List<PeerId> receiversOf(String data) {
    List<PeerId> out = new ArrayList<>();
    for (PeerId p : sink.rpcs.keySet()) {
      if (sink.messages(p).contains(msg(data))) {
        out.add(p);
      }
    }
    return out;
  }

  // ----------------------------------------------------------------------------------- membership

  @Test
  void newPeerGetsOurSubscriptionsAtOnce() {
    router();
    router.addPeer(peer(1), GossipsubConfig.MESHSUB_V11, true);
    assertThat(sink.frames).isEmpty(); // nothing to announce yet
    router.subscribe(TOPIC);
    assertThat(sink.take(peer(1)))
        .containsExactly(Rpc.ofSubscriptions(List.of(SubOpts.subscribe(TOPIC))));
    router.addPeer(peer(2), GossipsubConfig.MESHSUB_V10, false);
    assertThat(sink.subscriptions(peer(2))).containsExactly(SubOpts.subscribe(TOPIC));
    assertThat(router.addPeer(peer(2), GossipsubConfig.MESHSUB_V10, false)).isFalse();
    assertThatThrownBy(() -> router.addPeer(peer(3), "/floodsub/1.0.0", false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void joinGraftsDPeersOfTheTopicAndAnnouncesToEveryone() {
    router();
    List<PeerId> inTopic = connectSubscribed(1, 8, true);
    router.addPeer(peer(20), GossipsubConfig.MESHSUB_V11, true);
    router.addPeer(peer(21), GossipsubConfig.MESHSUB_V11, true);
    sink.clear();
    router.subscribe(TOPIC);
    Set<PeerId> mesh = router.meshPeers(TOPIC);
    assertThat(mesh).hasSize(6);
    assertThat(inTopic).containsAll(mesh);
    for (PeerId p : inTopic) {
      assertThat(sink.grafts(p)).isEqualTo(mesh.contains(p) ? List.of(TOPIC) : List.of());
    }
    for (PeerId p : List.of(peer(1), peer(8), peer(20), peer(21))) {
      assertThat(sink.subscriptions(p)).containsExactly(SubOpts.subscribe(TOPIC));
    }
    assertThat(score.events.stream().filter(e -> e.startsWith("graft"))).hasSize(6);
  }

  @Test
  void heartbeatGraftsUpToDWhenTheMeshIsBelowDLow() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 5, false);
    assertThat(router.meshPeers(TOPIC)).isEmpty();
    heartbeat(1000);
    assertThat(router.meshPeers(TOPIC)).containsExactlyInAnyOrderElementsOf(ps);
    ps.forEach(p -> assertThat(sink.grafts(p)).containsExactly(TOPIC));
  }

  @Test
  void graftsAreTakenUntilDHighThenOnlyFromOutboundPeersAndHeartbeatTrimsToDKeepingDOut() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> inbound = connectSubscribed(1, 10, false);
    List<PeerId> outbound = connectSubscribed(11, 14, true);
    for (PeerId p : inbound) {
      control(p, ControlMessage.ofGraft(new Graft(TOPIC)));
    }
    assertThat(router.meshPeers(TOPIC)).containsExactlyInAnyOrderElementsOf(inbound.subList(0, 8));
    for (PeerId p : inbound.subList(8, 10)) {
      assertThat(sink.prunes(p)).containsExactly(Prune.of(TOPIC, 60));
      assertThat(router.isBackedOff(TOPIC, p)).isTrue();
    }
    for (PeerId p : outbound) {
      control(p, ControlMessage.ofGraft(new Graft(TOPIC)));
    }
    assertThat(router.meshPeers(TOPIC)).hasSize(12);
    sink.clear();

    heartbeat(1000);
    Set<PeerId> mesh = router.meshPeers(TOPIC);
    assertThat(mesh).hasSize(6);
    assertThat(mesh.stream().filter(outbound::contains).count()).isGreaterThanOrEqualTo(3);
    List<PeerId> pruned = new ArrayList<>();
    for (PeerId p : inbound.subList(0, 8)) {
      if (!mesh.contains(p)) {
        pruned.add(p);
      }
    }
    for (PeerId p : outbound) {
      if (!mesh.contains(p)) {
        pruned.add(p);
      }
    }
    assertThat(pruned).hasSize(6);
    for (PeerId p : pruned) {
      assertThat(sink.prunes(p)).containsExactly(Prune.of(TOPIC, 60));
      assertThat(router.isBackedOff(TOPIC, p)).isTrue();
    }
    for (PeerId p : mesh) {
      assertThat(sink.prunes(p)).isEmpty();
    }
  }

  @Test
  void graftForATopicWeHaveNotJoinedIsIgnoredWithoutReply() {
    router();
    connectSubscribed(1, 1, true);
    control(peer(1), ControlMessage.ofGraft(new Graft(TOPIC)));
    assertThat(sink.frames).isEmpty();
    assertThat(router.meshPeers(TOPIC)).isEmpty();
  }

  @Test
  void graftDuringBackoffIsRefusedAndPenalisedTwiceWithinTheFloodThreshold() {
    router();
    router.subscribe(TOPIC);
    PeerId p = connectSubscribed(1, 1, true).get(0);
    heartbeat(1000);
    assertThat(router.meshPeers(TOPIC)).containsExactly(p);
    long t0 = clock.now;
    control(p, ControlMessage.ofPrune(Prune.of(TOPIC, -1))); // no backoff field: our 60 s applies
    assertThat(router.meshPeers(TOPIC)).isEmpty();
    sink.clear();

    clock.now = t0 + 1000;
    control(p, ControlMessage.ofGraft(new Graft(TOPIC)));
    assertThat(router.meshPeers(TOPIC)).isEmpty();
    assertThat(sink.prunes(p)).containsExactly(Prune.of(TOPIC, 60));
    assertThat(score.penalties.get(p)).isEqualTo(2.0);

    clock.now = t0 + 20_000;
    control(p, ControlMessage.ofGraft(new Graft(TOPIC)));
    assertThat(score.penalties.get(p)).isEqualTo(3.0);
    assertThat(router.metrics().get(Event.BEHAVIOUR_PENALTY)).isEqualTo(3);

    // the refusal refreshed the backoff to t0 + 20 s + 60 s; we graft again only after the slack
    clock.now = t0 + 81_999;
    router.heartbeat();
    assertThat(router.meshPeers(TOPIC)).isEmpty();
    clock.now = t0 + 82_000;
    router.heartbeat();
    assertThat(router.meshPeers(TOPIC)).containsExactly(p);
  }

  @Test
  void heartbeatDoesNotGraftAPeerBeforeItsPruneBackoffPlusSlackHasPassed() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 2, true);
    heartbeat(1000);
    PeerId p = ps.get(0);
    long t0 = clock.now;
    control(p, ControlMessage.ofPrune(Prune.of(TOPIC, 10)));
    sink.clear();
    for (int s = 1; s <= 11; s++) {
      clock.now = t0 + s * 1000L;
      router.heartbeat();
      assertThat(sink.grafts(p)).as("second " + s).isEmpty();
    }
    clock.now = t0 + 12_000;
    router.heartbeat();
    assertThat(sink.grafts(p)).containsExactly(TOPIC);
    assertThat(router.meshPeers(TOPIC)).contains(p);
  }

  @Test
  void absurdPruneBackoffIsClampedToOneDay() {
    router();
    router.subscribe(TOPIC);
    PeerId p = connectSubscribed(1, 1, true).get(0);
    heartbeat(1000);
    control(p, ControlMessage.ofPrune(Prune.of(TOPIC, Long.MAX_VALUE)));
    clock.advance(Duration.ofDays(1).toMillis() + 1999);
    assertThat(router.isBackedOff(TOPIC, p)).isTrue();
    clock.advance(1);
    assertThat(router.isBackedOff(TOPIC, p)).isFalse();
  }

  @Test
  void negativeScorePeersArePrunedAndTheirGraftsRefused() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 5, true);
    heartbeat(1000);
    assertThat(router.meshPeers(TOPIC)).hasSize(5);
    sink.clear();
    score.set(ps.get(0), -1);
    heartbeat(1000);
    assertThat(router.meshPeers(TOPIC)).doesNotContain(ps.get(0)).hasSize(4);
    assertThat(sink.prunes(ps.get(0))).containsExactly(Prune.of(TOPIC, 60));
    assertThat(score.events).contains("prune " + ps.get(0) + " " + TOPIC);
    sink.clear();
    score.set(ps.get(0), -0.5);
    clock.advance(Duration.ofMinutes(5).toMillis()); // backoff long over
    control(ps.get(0), ControlMessage.ofGraft(new Graft(TOPIC)));
    assertThat(router.meshPeers(TOPIC)).doesNotContain(ps.get(0));
    assertThat(sink.prunes(ps.get(0))).containsExactly(Prune.of(TOPIC, 60));
  }

  @Test
  void unsubscribePrunesTheMeshWithTheUnsubscribeBackoffAndOmitsItForV10Peers() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 3, true);
    PeerId old = peer(4);
    router.addPeer(old, GossipsubConfig.MESHSUB_V10, true);
    router.onRpc(old, Rpc.ofSubscriptions(List.of(SubOpts.subscribe(TOPIC))));
    heartbeat(1000);
    assertThat(router.meshPeers(TOPIC)).hasSize(4);
    sink.clear();
    router.unsubscribe(TOPIC);
    for (PeerId p : ps) {
      assertThat(sink.prunes(p)).containsExactly(Prune.of(TOPIC, 5));
      assertThat(sink.subscriptions(p)).containsExactly(SubOpts.unsubscribe(TOPIC));
    }
    assertThat(sink.prunes(old)).containsExactly(Prune.of(TOPIC, -1));
    assertThat(router.meshPeers(TOPIC)).isEmpty();
    clock.advance(6999);
    assertThat(router.isBackedOff(TOPIC, ps.get(0))).isTrue();
    clock.advance(1);
    assertThat(router.isBackedOff(TOPIC, ps.get(0))).isFalse();
  }

  @Test
  void peerLeavingTheTopicOrDisconnectingLeavesTheMesh() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 3, true);
    heartbeat(1000);
    router.onRpc(ps.get(0), Rpc.ofSubscriptions(List.of(SubOpts.unsubscribe(TOPIC))));
    assertThat(router.meshPeers(TOPIC)).doesNotContain(ps.get(0));
    assertThat(router.topicPeers(TOPIC)).doesNotContain(ps.get(0));
    router.removePeer(ps.get(1));
    assertThat(router.meshPeers(TOPIC)).containsExactly(ps.get(2));
    assertThat(router.peers()).doesNotContain(ps.get(1));
    assertThat(score.events).contains("remove " + ps.get(1));
    send(ps.get(1), msg("late"));
    assertThat(router.metrics().dropped(DropReason.UNKNOWN_PEER)).isEqualTo(1);
    assertThat(delivered).isEmpty();
  }

  @Test
  void peerThatGraftedWithoutAnnouncingTheTopicLeavesTheMeshWhenItUnsubscribes() {
    router();
    router.subscribe(TOPIC);
    PeerId p = peer(1);
    router.addPeer(p, GossipsubConfig.MESHSUB_V11, true);
    control(p, ControlMessage.ofGraft(new Graft(TOPIC)));
    assertThat(router.meshPeers(TOPIC)).containsExactly(p);
    router.onRpc(p, Rpc.ofSubscriptions(List.of(SubOpts.unsubscribe(TOPIC))));
    assertThat(router.meshPeers(TOPIC)).isEmpty();
  }

  @Test
  void peerTopicsAreBounded() {
    router(b -> b.maxTopicsPerPeer(2));
    PeerId p = peer(1);
    router.addPeer(p, GossipsubConfig.MESHSUB_V11, true);
    router.onRpc(
        p,
        Rpc.ofSubscriptions(
            List.of(SubOpts.subscribe("a"), SubOpts.subscribe("b"), SubOpts.subscribe("c"))));
    assertThat(router.topicPeers("a")).containsExactly(p);
    assertThat(router.topicPeers("c")).isEmpty();
  }

  // ---------------------------------------------------------------------------------- messages

  @Test
  void acceptedMessageIsDeliveredOnceAndForwardedToTheMeshExceptItsSource() {
    router();
    router.subscribe(TOPIC);
    connectSubscribed(1, 9, true);
    heartbeat(1000);
    Set<PeerId> mesh = router.meshPeers(TOPIC);
    PeerId src = mesh.iterator().next();
    sink.clear();
    send(src, msg("hello"));
    assertThat(delivered).containsExactly("hello");
    assertThat(deliveredFrom).containsExactly(src);
    Set<PeerId> expected = new HashSet<>(mesh);
    expected.remove(src);
    assertThat(receiversOf("hello")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(score.firsts.get(src)).isEqualTo(1);
    assertThat(router.metrics().get(Event.FORWARDED)).isEqualTo(5);

    sink.clear();
    PeerId other = expected.iterator().next();
    send(other, msg("hello"));
    assertThat(delivered).hasSize(1);
    assertThat(sink.frames).isEmpty();
    assertThat(router.metrics().get(Event.DUPLICATE)).isEqualTo(1);
    assertThat(score.duplicates).isEmpty(); // nwaku's window is 0
    assertThat(router.isCached(idOf("hello"))).isTrue();
  }

  @Test
  void duplicatesWithinTheConfiguredWindowCountAsNearFirstDeliveries() {
    router(b -> b.duplicateDeliveryWindow(Duration.ofSeconds(2)));
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 3, true);
    send(ps.get(0), msg("m"));
    clock.advance(1999);
    send(ps.get(1), msg("m"));
    clock.advance(1);
    send(ps.get(2), msg("m"));
    assertThat(score.duplicates).containsOnlyKeys(ps.get(1));
  }

  @Test
  void messagesCarryingSignedFieldsAreRejectedAndNeverForwarded() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 3, true);
    heartbeat(1000);
    sink.clear();
    PubsubMessage plain = msg("x");
    List<PubsubMessage> bad =
        List.of(
            plain.withFrom(peer(1).bytes()),
            plain.withSeqno(new byte[8]),
            plain.withSignature(new byte[64]),
            plain.withKey(new byte[0]));
    for (PubsubMessage m : bad) {
      send(ps.get(0), m);
    }
    assertThat(score.rejects.get(ps.get(0))).isEqualTo(4);
    assertThat(router.metrics().rejected(RejectReason.SIGNATURE_POLICY)).isEqualTo(4);
    assertThat(delivered).isEmpty();
    assertThat(sink.frames).isEmpty();
    assertThat(router.hasSeen(idOf("x"))).isFalse();
    send(ps.get(1), plain); // the clean copy is still accepted
    assertThat(delivered).containsExactly("x");
  }

  @Test
  void messageOfATopicWeHaveNotJoinedIsIgnored() {
    router();
    PeerId p = connectSubscribed(1, 1, true).get(0);
    send(p, msg("nobody wants this"));
    assertThat(delivered).isEmpty();
    assertThat(router.metrics().ignored(IgnoreReason.NOT_SUBSCRIBED)).isEqualTo(1);
    assertThat(router.hasSeen(idOf("nobody wants this"))).isFalse();
  }

  @Test
  void validatorVerdictsAreAppliedAndAThrowingValidatorCountsAsIgnore() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 3, true);
    heartbeat(1000);
    sink.clear();
    validator =
        (t, id, m, from) -> {
          String s = new String(m.data(), java.nio.charset.StandardCharsets.UTF_8);
          if (s.startsWith("bad")) {
            return ValidationResult.REJECT;
          }
          if (s.startsWith("meh")) {
            return ValidationResult.IGNORE;
          }
          if (s.startsWith("boom")) {
            throw new IllegalStateException("validator bug");
          }
          return ValidationResult.ACCEPT;
        };
    send(ps.get(0), msg("bad 1"));
    send(ps.get(0), msg("meh 1"));
    send(ps.get(0), msg("boom 1"));
    assertThat(delivered).isEmpty();
    assertThat(sink.frames).isEmpty();
    assertThat(score.rejects.get(ps.get(0))).isEqualTo(1);
    assertThat(score.ignores.get(ps.get(0))).isEqualTo(2);
    assertThat(router.metrics().rejected(RejectReason.VALIDATOR)).isEqualTo(1);
    assertThat(router.metrics().ignored(IgnoreReason.VALIDATOR)).isEqualTo(1);
    assertThat(router.metrics().ignored(IgnoreReason.VALIDATOR_ERROR)).isEqualTo(1);
    // a later copy of a rejected message is penalised too; of an ignored one, not
    send(ps.get(1), msg("bad 1"));
    send(ps.get(1), msg("meh 1"));
    assertThat(score.rejects.get(ps.get(1))).isEqualTo(1);
    assertThat(score.ignores.get(ps.get(1))).isNull();
  }

  @Test
  void pendingValidationCompletesLaterAndSettlesDuplicatesLikeTheFirstCopy() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 4, true);
    heartbeat(1000);
    sink.clear();
    validator = (t, id, m, from) -> ValidationResult.PENDING;
    send(ps.get(0), msg("slow"));
    send(ps.get(1), msg("slow"));
    assertThat(router.pendingValidations()).isEqualTo(1);
    assertThat(delivered).isEmpty();
    assertThat(sink.messages(ps.get(2))).isEmpty();

    assertThat(router.completeValidation(idOf("slow"), ValidationResult.ACCEPT)).isTrue();
    assertThat(delivered).containsExactly("slow");
    assertThat(receiversOf("slow")).containsExactlyInAnyOrder(ps.get(2), ps.get(3));
    assertThat(score.firsts.get(ps.get(0))).isEqualTo(1);
    assertThat(score.duplicates.get(ps.get(1))).isEqualTo(1);
    assertThat(router.completeValidation(idOf("slow"), ValidationResult.ACCEPT)).isFalse();

    send(ps.get(0), msg("evil"));
    send(ps.get(1), msg("evil"));
    router.completeValidation(idOf("evil"), ValidationResult.REJECT);
    send(ps.get(2), msg("evil"));
    assertThat(score.rejects)
        .containsEntry(ps.get(0), 1)
        .containsEntry(ps.get(1), 1)
        .containsEntry(ps.get(2), 1);
    assertThat(delivered).containsExactly("slow");

    send(ps.get(0), msg("forgotten"));
    clock.advance(29_999);
    router.heartbeat();
    assertThat(router.pendingValidations()).isEqualTo(1);
    clock.advance(1);
    router.heartbeat();
    assertThat(router.pendingValidations()).isZero();
    assertThat(router.metrics().ignored(IgnoreReason.VALIDATION_TIMEOUT)).isEqualTo(1);
    assertThat(router.completeValidation(idOf("forgotten"), ValidationResult.ACCEPT)).isFalse();
    assertThatThrownBy(() -> router.completeValidation(idOf("x"), ValidationResult.PENDING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pendingValidationsAreBounded() {
    router(b -> b.maxPendingValidations(1));
    router.subscribe(TOPIC);
    PeerId p = connectSubscribed(1, 1, true).get(0);
    validator = (t, id, m, from) -> ValidationResult.PENDING;
    send(p, msg("a"));
    send(p, msg("b"));
    assertThat(router.pendingValidations()).isEqualTo(1);
    assertThat(router.metrics().ignored(IgnoreReason.VALIDATION_QUEUE_FULL)).isEqualTo(1);
  }

  @Test
  void customMessageIdFunctionDecidesWhatIsADuplicate() {
    router =
        GossipRouter.builder(GossipsubConfig.defaults(), sink)
            .clock(clock)
            .random(new Random(1))
            .idFunction(m -> MessageId.of(new byte[] {m.dataBytes().byteAt(0)}))
            .delivery((t, id, m, from) -> delivered.add(id.toString()))
            .build();
    router.subscribe(TOPIC);
    PeerId p = connectSubscribed(1, 1, true).get(0);
    send(p, msg("a1"));
    send(p, msg("a2"));
    send(p, msg("b1"));
    assertThat(delivered).containsExactly("61", "62");
  }

  // --------------------------------------------------------------------------- IHAVE / IWANT

  @Test
  void iwantIsServedFromTheMessageCacheWithinTheRetransmissionLimitAndHistory() {
    router();
    router.subscribe(TOPIC);
    PeerId src = connectSubscribed(1, 1, true).get(0);
    List<PeerId> askers = connectSubscribed(2, 6, false);
    send(src, msg("cached"));
    sink.clear();
    MessageId id = idOf("cached");
    PeerId a = askers.get(0);
    for (int i = 0; i < 4; i++) {
      control(a, ControlMessage.ofIWant(new IWant(List.of(id, idOf("unknown")))));
    }
    assertThat(sink.messages(a)).hasSize(3).containsOnly(msg("cached"));
    assertThat(router.metrics().get(Event.IWANT_SERVED)).isEqualTo(3);

    for (int i = 0; i < 5; i++) {
      heartbeat(1000);
    }
    sink.clear();
    control(askers.get(1), ControlMessage.ofIWant(new IWant(List.of(id))));
    assertThat(sink.messages(askers.get(1))).containsExactly(msg("cached"));
    heartbeat(1000); // the sixth shift drops it (history length 6)
    sink.clear();
    control(askers.get(2), ControlMessage.ofIWant(new IWant(List.of(id))));
    assertThat(sink.messages(askers.get(2))).isEmpty();
    assertThat(router.isCached(id)).isFalse();
  }

  @Test
  void iwantFromPeersBelowTheGossipThresholdIsIgnored() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 2, true);
    send(ps.get(0), msg("m"));
    sink.clear();
    score.set(ps.get(1), -101);
    control(ps.get(1), ControlMessage.ofIWant(new IWant(List.of(idOf("m")))));
    assertThat(sink.frames).isEmpty();
  }

  @Test
  void ihaveIsAnsweredWithIwantForUnseenIdsAndBrokenPromisesArePenalised() {
    router();
    router.subscribe(TOPIC);
    PeerId p = connectSubscribed(1, 1, true).get(0);
    PeerId q = connectSubscribed(2, 2, true).get(0);
    send(q, msg("a"));
    sink.clear();
    control(
        p,
        new ControlMessage(
            List.of(
                new IHave(TOPIC, List.of(idOf("a"), idOf("b"), idOf("c"))),
                new IHave("/not/joined", List.of(idOf("z")))),
            List.of(),
            List.of(),
            List.of(),
            List.of()));
    assertThat(sink.iwantIds(p)).containsExactlyInAnyOrder(idOf("b"), idOf("c"));
    send(q, msg("b"));
    send(q, msg("c"));
    heartbeat(4000);
    assertThat(score.penalties).isEmpty();

    sink.clear();
    control(p, ControlMessage.ofIHave(new IHave(TOPIC, List.of(idOf("d")))));
    assertThat(sink.iwantIds(p)).containsExactly(idOf("d"));
    heartbeat(2000);
    assertThat(score.penalties).isEmpty();
    heartbeat(2000);
    assertThat(score.penalties.get(p)).isEqualTo(1.0);
  }

  @Test
  void ihaveIsLimitedPerHeartbeatInRpcsAndIds() {
    router();
    router.subscribe(TOPIC);
    PeerId p = connectSubscribed(1, 1, true).get(0);
    for (int i = 0; i < 11; i++) {
      control(p, ControlMessage.ofIHave(new IHave(TOPIC, List.of(idOf("x" + i)))));
    }
    assertThat(sink.iwantIds(p)).hasSize(10);
    heartbeat(1000);
    sink.clear();
    List<MessageId> many = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      many.add(idOf("y" + i));
    }
    control(p, ControlMessage.ofIHave(new IHave(TOPIC, many)));
    assertThat(sink.iwantIds(p)).hasSize(5000);
    control(p, ControlMessage.ofIHave(new IHave(TOPIC, List.of(idOf("one more")))));
    assertThat(sink.iwantIds(p)).hasSize(5000);
    PeerId low = connectSubscribed(2, 2, true).get(0);
    score.set(low, -101);
    control(low, ControlMessage.ofIHave(new IHave(TOPIC, List.of(idOf("z")))));
    assertThat(sink.frames).isEmpty();
  }

  @Test
  void heartbeatGossipsIHaveToDLazyNonMeshPeersForHistoryGossipWindows() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 20, true);
    heartbeat(1000);
    Set<PeerId> mesh = router.meshPeers(TOPIC);
    PeerId low = ps.stream().filter(p -> !mesh.contains(p)).findFirst().orElseThrow();
    score.set(low, -101);
    send(mesh.iterator().next(), msg("gossip me"));
    sink.clear();
    for (int beat = 1; beat <= 4; beat++) {
      heartbeat(1000);
      List<PeerId> told = new ArrayList<>();
      for (PeerId p : ps) {
        for (IHave h : sink.ihaves(p)) {
          assertThat(h.topic()).isEqualTo(TOPIC);
          if (h.messageIds().contains(idOf("gossip me"))) {
            told.add(p);
          }
        }
      }
      if (beat <= 3) {
        // 13 eligible: max(D_lazy = 6, 0.25 * 13) = 6
        assertThat(told).as("heartbeat " + beat).hasSize(6).doesNotContain(low);
        assertThat(told).doesNotContainAnyElementsOf(router.meshPeers(TOPIC));
      } else {
        assertThat(told).isEmpty();
      }
      sink.clear();
    }
  }

  // ------------------------------------------------------------------------------- IDONTWANT

  @Test
  void idontwantSuppressesForwardingAndIwantAnswersForAFewHeartbeats() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 3, true);
    heartbeat(1000);
    assertThat(router.meshPeers(TOPIC)).hasSize(3);
    control(ps.get(1), ControlMessage.ofIDontWant(new IDontWant(List.of(idOf("big")))));
    sink.clear();
    send(ps.get(0), msg("big"));
    assertThat(receiversOf("big")).containsExactly(ps.get(2));
    assertThat(router.metrics().get(Event.IDONTWANT_HONOURED)).isEqualTo(1);
    control(ps.get(1), ControlMessage.ofIWant(new IWant(List.of(idOf("big")))));
    assertThat(sink.messages(ps.get(1))).isEmpty();
    heartbeat(1000);
    heartbeat(1000);
    control(ps.get(1), ControlMessage.ofIWant(new IWant(List.of(idOf("big")))));
    assertThat(sink.messages(ps.get(1))).isEmpty();
    heartbeat(1000);
    control(ps.get(1), ControlMessage.ofIWant(new IWant(List.of(idOf("big")))));
    assertThat(sink.messages(ps.get(1))).containsExactly(msg("big"));
  }

  @Test
  void idontwantIdsAreCappedPerHeartbeat() {
    router(b -> b.maxIDontWantIds(2));
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 2, true);
    heartbeat(1000);
    control(
        ps.get(1),
        ControlMessage.ofIDontWant(new IDontWant(List.of(idOf("a"), idOf("b"), idOf("c")))));
    sink.clear();
    send(ps.get(0), msg("a"));
    send(ps.get(0), msg("c"));
    assertThat(receiversOf("a")).isEmpty();
    assertThat(receiversOf("c")).containsExactly(ps.get(1));
  }

  @Test
  void sendsIdontwantToV12MeshPeersOnFirstReceiptOfLargeMessages() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      PeerId p = peer(i);
      router.addPeer(p, i < 3 ? GossipsubConfig.MESHSUB_V12 : GossipsubConfig.MESHSUB_V11, true);
      router.onRpc(p, Rpc.ofSubscriptions(List.of(SubOpts.subscribe(TOPIC))));
      ps.add(p);
    }
    heartbeat(1000);
    sink.clear();
    String big = "B".repeat(2000);
    send(ps.get(0), msg(big));
    assertThat(sink.idontwantIds(ps.get(1))).containsExactly(idOf(big));
    assertThat(sink.idontwantIds(ps.get(2))).isEmpty();
    assertThat(sink.idontwantIds(ps.get(0))).isEmpty();
    sink.clear();
    send(ps.get(0), msg("small"));
    assertThat(sink.idontwantIds(ps.get(1))).isEmpty();
  }

  // ----------------------------------------------------------------------- scores and listener

  @Test
  void graylistedPeersAreIgnoredAndReportedOncePerEpisode() {
    router();
    router.subscribe(TOPIC);
    PeerId p = connectSubscribed(1, 1, true).get(0);
    score.set(p, -10_001);
    send(p, msg("ignored"));
    router.onRpc(p, Rpc.ofSubscriptions(List.of(SubOpts.unsubscribe(TOPIC))));
    assertThat(router.topicPeers(TOPIC)).contains(p);
    assertThat(delivered).isEmpty();
    assertThat(router.metrics().dropped(DropReason.GRAYLISTED)).isEqualTo(2);
    heartbeat(1000);
    assertThat(listenerEvents).containsExactly("graylisted " + p);
    score.set(p, 0);
    heartbeat(1000);
    score.set(p, -20_000);
    heartbeat(1000);
    assertThat(listenerEvents).containsExactly("graylisted " + p, "graylisted " + p);
    // the byte path is refused before decoding
    assertThatNoDecodeError(p);
  }

  private void assertThatNoDecodeError(PeerId p) {
    try {
      router.onRpc(p, new byte[] {(byte) 0xff});
    } catch (GossipsubException e) {
      throw new AssertionError("graylisted RPC should be dropped before decoding", e);
    }
    assertThat(router.metrics().dropped(DropReason.DECODE_ERROR)).isZero();
  }

  @Test
  void undecodableRpcIsCountedAndThrown() {
    router();
    PeerId p = connectSubscribed(1, 1, true).get(0);
    assertThatThrownBy(() -> router.onRpc(p, new byte[] {(byte) 0xff}))
        .isInstanceOf(GossipsubException.class);
    assertThat(router.metrics().dropped(DropReason.DECODE_ERROR)).isEqualTo(1);
  }

  @Test
  void peerExchangeIsPassedOnOnlyFromPeersAtTheAcceptThreshold() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 2, true);
    heartbeat(1000);
    List<PeerInfo> px = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      px.add(new PeerInfo(peer(100 + i).bytes(), null));
    }
    score.set(ps.get(1), -1);
    control(ps.get(0), ControlMessage.ofPrune(new Prune(TOPIC, px, OptionalLong.of(60))));
    control(ps.get(1), ControlMessage.ofPrune(new Prune(TOPIC, px, OptionalLong.of(60))));
    assertThat(listenerEvents).containsExactly("px " + ps.get(0) + " 16");
  }

  // --------------------------------------------------------------------------------- publishing

  @Test
  void floodPublishReachesEveryTopicPeerAtOrAboveThePublishThreshold() throws Exception {
    router();
    List<PeerId> ps = connectSubscribed(1, 10, true);
    router.addPeer(peer(50), GossipsubConfig.MESHSUB_V11, true); // not in the topic
    score.set(ps.get(9), -1001);
    score.set(ps.get(8), -1000);
    sink.clear();
    MessageId id = router.publish(TOPIC, utf8("mine"));
    assertThat(id).isEqualTo(idOf("mine"));
    assertThat(receiversOf("mine")).containsExactlyInAnyOrderElementsOf(ps.subList(0, 9));
    assertThat(router.metrics().get(Event.PUBLISHED)).isEqualTo(1);
    // A typed exception, so callers (the bridge) need not parse the message text.
    assertThatThrownBy(() -> router.publish(TOPIC, utf8("mine")))
        .isInstanceOfSatisfying(
            DuplicateMessageException.class, e -> assertThat(e.id()).isEqualTo(idOf("mine")));
    // our own message coming back is a duplicate, never delivered to us
    router.subscribe(TOPIC);
    send(ps.get(0), msg("mine"));
    assertThat(delivered).isEmpty();
    assertThat(router.metrics().get(Event.DUPLICATE)).isEqualTo(1);
  }

  @Test
  void publishRefusesMessagesThatCannotFitTheOutboundLimit() {
    router();
    connectSubscribed(1, 1, true);
    assertThatThrownBy(() -> router.publish(TOPIC, new byte[GossipsubConfig.NWAKU_MAX_RPC_SIZE]))
        .isInstanceOf(GossipsubException.class)
        .hasMessageContaining("outbound RPC limit");
    assertThat(sink.frames).isEmpty();
  }

  @Test
  void withoutFloodPublishANonSubscriberUsesAFanoutThatExpires() throws Exception {
    router(b -> b.floodPublish(false));
    List<PeerId> ps = connectSubscribed(1, 10, true);
    router.publish(TOPIC, utf8("one"));
    Set<PeerId> fanout = router.fanoutPeers(TOPIC);
    assertThat(fanout).hasSize(6);
    assertThat(receiversOf("one")).containsExactlyInAnyOrderElementsOf(fanout);
    sink.clear();
    heartbeat(30_000);
    router.publish(TOPIC, utf8("two"));
    assertThat(receiversOf("two")).containsExactlyInAnyOrderElementsOf(fanout);
    heartbeat(59_999);
    assertThat(router.fanoutPeers(TOPIC)).isEqualTo(fanout);
    heartbeat(1);
    assertThat(router.fanoutPeers(TOPIC)).isEmpty();
    assertThat(ps).containsAll(fanout);
  }

  @Test
  void joiningATopicWeFanOutToTurnsTheFanoutIntoTheMesh() throws Exception {
    router(b -> b.floodPublish(false));
    connectSubscribed(1, 10, true);
    router.publish(TOPIC, utf8("one"));
    Set<PeerId> fanout = router.fanoutPeers(TOPIC);
    router.subscribe(TOPIC);
    assertThat(router.meshPeers(TOPIC)).isEqualTo(fanout);
    assertThat(router.fanoutPeers(TOPIC)).isEmpty();
  }

  // --------------------------------------------------------------------------------- outbound

  @Test
  void framesTheSinkRefusesAreCountedAsQueueFull() throws Exception {
    router();
    connectSubscribed(1, 3, true);
    sink.refuse = true;
    router.publish(TOPIC, utf8("lost"));
    assertThat(router.metrics().dropped(DropReason.QUEUE_FULL)).isEqualTo(3);
    assertThat(router.metrics().get(Event.RPC_SENT)).isZero();
  }

  @Test
  void largeIwantAnswersAreSplitIntoRpcsWithinTheOutboundLimit() throws Exception {
    router();
    router.subscribe(TOPIC);
    PeerId src = connectSubscribed(1, 1, true).get(0);
    PeerId asker = connectSubscribed(2, 2, false).get(0);
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String data = i + "x".repeat(40_000);
      send(src, msg(data));
      ids.add(idOf(data));
    }
    sink.clear();
    control(asker, ControlMessage.ofIWant(new IWant(ids)));
    assertThat(sink.messages(asker)).hasSize(10);
    assertThat(sink.frames).hasSizeGreaterThanOrEqualTo(3);
    for (byte[] f : sink.frames) {
      assertThat(LengthPrefixed.decodeExact(f, 1 << 20).length)
          .isLessThanOrEqualTo(GossipsubConfig.NWAKU_MAX_RPC_SIZE);
    }
  }

  @Test
  void forwardingAMessageLargerThanTheOutboundLimitIsCountedAsOversize() {
    router();
    router.subscribe(TOPIC);
    List<PeerId> ps = connectSubscribed(1, 3, true);
    heartbeat(1000);
    sink.clear();
    send(ps.get(0), PubsubMessage.of(TOPIC, new byte[200_000]));
    assertThat(delivered).hasSize(1);
    assertThat(sink.frames).isEmpty();
    assertThat(router.metrics().dropped(DropReason.OVERSIZE)).isEqualTo(2);
  }

  @Test
  void callbacksCannotReenterTheRouter() {
    router =
        GossipRouter.builder(
                GossipsubConfig.defaults(),
                (peer, frame) -> {
                  router.heartbeat();
                  return true;
                })
            .clock(clock)
            .random(new Random(3))
            .build();
    router.subscribe(TOPIC);
    assertThatThrownBy(() -> router.addPeer(peer(1), GossipsubConfig.MESHSUB_V11, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("re-entrant");
    // the router is usable again afterwards
    router.heartbeat();
    assertThat(router.heartbeats()).isEqualTo(1);
  }

  @Test
  void metricsAreExposedToMicrometer() throws Exception {
    router();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    router.metrics().bindTo(registry);
    connectSubscribed(1, 2, true);
    router.publish(TOPIC, utf8("counted"));
    sink.refuse = true;
    router.publish(TOPIC, utf8("dropped"));
    assertThat(
            registry
                .get("causeway_libp2p_gossipsub_events_total")
                .tag("event", "published")
                .functionCounter()
                .count())
        .isEqualTo(2);
    assertThat(
            registry
                .get("causeway_libp2p_gossipsub_rpcs_dropped_total")
                .tag("reason", "queue_full")
                .functionCounter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void heartbeatRefreshesScores() {
    router();
    heartbeat(1000);
    heartbeat(1000);
    assertThat(score.refreshes).isEqualTo(2);
  }
}

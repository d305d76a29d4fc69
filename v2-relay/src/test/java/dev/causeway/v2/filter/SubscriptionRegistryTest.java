package dev.causeway.v2.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.filter.SubscriptionRegistry.Criterion;
import dev.causeway.v2.filter.SubscriptionRegistry.Outcome;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SubscriptionRegistryTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PS = "/waku/2/rs/1/0";
  private static final String PS2 = "/waku/2/rs/1/1";
  private final AtomicLong now = new AtomicLong(1_000);

  private SubscriptionRegistry registry(int maxPeers, int maxCriteria) {
    return new SubscriptionRegistry(maxPeers, maxCriteria, Duration.ofMinutes(5), 4, now::get);
  }

  private static PeerId peer() {
    return PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
  }

  @Test
  void matchingFindsExactlyTheSubscribersOfACriterion() {
    SubscriptionRegistry r = registry(10, 10);
    PeerId a = peer();
    PeerId b = peer();
    assertThat(r.subscribe(a, PS, List.of("/x/1/a/p", "/x/1/b/p"))).isEqualTo(Outcome.OK);
    assertThat(r.subscribe(b, PS, List.of("/x/1/b/p"))).isEqualTo(Outcome.OK);
    assertThat(r.subscribe(b, PS2, List.of("/x/1/a/p"))).isEqualTo(Outcome.OK);
    assertThat(r.subscribersOf(PS, "/x/1/a/p")).containsExactly(a);
    assertThat(r.subscribersOf(PS, "/x/1/b/p")).containsExactlyInAnyOrder(a, b);
    assertThat(r.subscribersOf(PS2, "/x/1/a/p")).containsExactly(b);
    assertThat(r.subscribersOf(PS2, "/x/1/b/p")).isEmpty();
    assertThat(r.subscribersOf("/waku/2/rs/1/7", "/x/1/a/p")).isEmpty();
    assertThat(r.peerCount()).isEqualTo(2);
    assertThat(r.criteriaCount()).isEqualTo(4);
  }

  @Test
  void resubscribingTheSameCriteriaIsARefreshNotNewCriteria() {
    SubscriptionRegistry r = registry(10, 2);
    PeerId a = peer();
    assertThat(r.subscribe(a, PS, List.of("/x/1/a/p", "/x/1/b/p"))).isEqualTo(Outcome.OK);
    assertThat(r.subscribe(a, PS, List.of("/x/1/a/p", "/x/1/b/p"))).isEqualTo(Outcome.OK);
    assertThat(r.criteriaCount()).isEqualTo(2);
    assertThat(r.subscribersOf(PS, "/x/1/a/p")).containsExactly(a);
  }

  @Test
  void criteriaLimitPerPeerIsEnforcedWithoutPartialChanges() {
    SubscriptionRegistry r = registry(10, 3);
    PeerId a = peer();
    assertThat(r.subscribe(a, PS, List.of("/x/1/a/p", "/x/1/b/p"))).isEqualTo(Outcome.OK);
    assertThat(r.subscribe(a, PS, List.of("/x/1/c/p", "/x/1/d/p"))).isEqualTo(Outcome.MAX_CRITERIA);
    assertThat(r.criteriaOf(a)).contains(Set.of(c("/x/1/a/p"), c("/x/1/b/p")));
    assertThat(r.subscribe(a, PS, List.of("/x/1/c/p"))).isEqualTo(Outcome.OK);
    PeerId b = peer();
    assertThat(r.subscribe(b, PS, List.of("/1/1/1/1", "/2/2/2/2", "/3/3/3/3", "/4/4/4/4")))
        .isEqualTo(Outcome.MAX_CRITERIA);
    assertThat(r.peerCount()).isEqualTo(1);
  }

  @Test
  void peerLimitRefusesNewPeersOnly() {
    SubscriptionRegistry r = registry(2, 10);
    PeerId a = peer();
    PeerId b = peer();
    assertThat(r.subscribe(a, PS, List.of("/x/1/a/p"))).isEqualTo(Outcome.OK);
    assertThat(r.subscribe(b, PS, List.of("/x/1/a/p"))).isEqualTo(Outcome.OK);
    assertThat(r.subscribe(peer(), PS, List.of("/x/1/a/p"))).isEqualTo(Outcome.MAX_PEERS);
    assertThat(r.subscribe(a, PS, List.of("/x/1/b/p"))).isEqualTo(Outcome.OK);
    assertThat(r.unsubscribeAll(b)).isEqualTo(Outcome.OK);
    assertThat(r.subscribe(peer(), PS, List.of("/x/1/a/p"))).isEqualTo(Outcome.OK);
  }

  @Test
  void unsubscribeRemovesOnlyHeldCriteriaAndDropsEmptyPeers() {
    SubscriptionRegistry r = registry(10, 10);
    PeerId a = peer();
    PeerId b = peer();
    assertThat(r.unsubscribe(a, PS, List.of("/x/1/a/p"))).isEqualTo(Outcome.NOT_FOUND);
    r.subscribe(a, PS, List.of("/x/1/a/p", "/x/1/b/p"));
    r.subscribe(b, PS, List.of("/x/1/c/p"));
    // A criterion another peer holds is still not ours: nothing changes.
    assertThat(r.unsubscribe(a, PS, List.of("/x/1/a/p", "/x/1/c/p"))).isEqualTo(Outcome.NOT_FOUND);
    assertThat(r.criteriaOf(a)).contains(Set.of(c("/x/1/a/p"), c("/x/1/b/p")));
    assertThat(r.unsubscribe(a, PS, List.of("/x/1/a/p"))).isEqualTo(Outcome.OK);
    assertThat(r.subscribersOf(PS, "/x/1/a/p")).isEmpty();
    assertThat(r.unsubscribe(a, PS, List.of("/x/1/b/p"))).isEqualTo(Outcome.OK);
    assertThat(r.criteriaOf(a)).isEmpty();
    assertThat(r.ping(a)).isEqualTo(Outcome.NOT_FOUND);
    assertThat(r.peerCount()).isEqualTo(1);
    assertThat(r.unsubscribeAll(a)).isEqualTo(Outcome.NOT_FOUND);
    assertThat(r.unsubscribeAll(b)).isEqualTo(Outcome.OK);
    assertThat(r.peerCount()).isZero();
    assertThat(r.criteriaCount()).isZero();
  }

  @Test
  void silentPeersExpireAndPingsOrRequestsKeepThemAlive() {
    SubscriptionRegistry r = registry(10, 10);
    PeerId pinger = peer();
    PeerId silent = peer();
    r.subscribe(pinger, PS, List.of("/x/1/a/p"));
    r.subscribe(silent, PS, List.of("/x/1/a/p"));
    now.addAndGet(Duration.ofMinutes(4).toMillis());
    assertThat(r.ping(pinger)).isEqualTo(Outcome.OK);
    now.addAndGet(Duration.ofMinutes(1).toMillis() + 1);
    // silent: 5 min + 1 ms without a word; ignored for pushes before the sweep removes it.
    assertThat(r.subscribersOf(PS, "/x/1/a/p")).containsExactly(pinger);
    assertThat(r.peerCount()).isEqualTo(2);
    assertThat(r.sweep()).isEqualTo(1);
    assertThat(r.peerCount()).isEqualTo(1);
    assertThat(r.ping(silent)).isEqualTo(Outcome.NOT_FOUND);
    assertThat(r.ping(pinger)).isEqualTo(Outcome.OK);
    now.addAndGet(Duration.ofMinutes(5).toMillis());
    assertThat(r.ping(pinger)).isEqualTo(Outcome.OK);
    now.addAndGet(1);
    // An expired peer that subscribes again starts afresh (its old criteria are gone).
    r.subscribe(silent, PS, List.of("/x/1/b/p"));
    assertThat(r.criteriaOf(silent)).contains(Set.of(c("/x/1/b/p")));
    assertThat(r.subscribersOf(PS, "/x/1/a/p")).containsExactly(pinger);
    now.addAndGet(Duration.ofMinutes(5).toMillis() + 1);
    assertThat(r.sweep()).isEqualTo(2);
    assertThat(r.peerCount()).isZero();
  }

  @Test
  void randomOperationsKeepIndexAndCriteriaConsistent() {
    dev.causeway.testing.RandomInputs.forEachCase(
        50,
        rnd -> {
          SubscriptionRegistry r = registry(5, 6);
          List<PeerId> peers = new ArrayList<>();
          for (int i = 0; i < 7; i++) {
            peers.add(peer());
          }
          String[] topics = {"/a/1/a/a", "/a/1/b/a", "/a/1/c/a", "/a/1/d/a"};
          for (int op = 0; op < 200; op++) {
            PeerId p = peers.get(rnd.nextInt(peers.size()));
            String ps = rnd.nextBoolean() ? PS : PS2;
            List<String> cts = List.of(topics[rnd.nextInt(4)], topics[rnd.nextInt(4)]);
            switch (rnd.nextInt(4)) {
              case 0, 1 -> r.subscribe(p, ps, cts);
              case 2 -> r.unsubscribe(p, ps, cts);
              default -> r.unsubscribeAll(p);
            }
          }
          int total = 0;
          for (PeerId p : peers) {
            Set<Criterion> cs = r.criteriaOf(p).orElse(Set.of());
            total += cs.size();
            assertThat(cs.size()).isLessThanOrEqualTo(6);
            for (String ps : List.of(PS, PS2)) {
              for (String t : topics) {
                assertThat(r.subscribersOf(ps, t).contains(p))
                    .isEqualTo(cs.contains(new Criterion(ps, t)));
              }
            }
          }
          assertThat(r.criteriaCount()).isEqualTo(total);
          assertThat(r.peerCount()).isLessThanOrEqualTo(5);
        });
  }

  private static Criterion c(String contentTopic) {
    return new Criterion(PS, contentTopic);
  }
}

package dev.causeway.v1.waku.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.EnvelopeHash;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.message.PeerFilter;
import dev.causeway.v1.waku.message.StatusOptions;
import dev.causeway.v1.waku.message.WakuPeerState;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EnvelopePoolTest {
  private static final long NOW = 1_700_000_000L;
  private static final PeerFilter ALL = (e, pow) -> true;
  private final AtomicLong clock = new AtomicLong(NOW);

  private static Envelope env(long expiry, int seq) {
    return Envelope.of(expiry, 50, Topic.ofInt(seq), new byte[] {(byte) seq, 1, 2}, seq);
  }

  private EnvelopePool pool(int max) {
    return new EnvelopePool(clock::get, max);
  }

  @Test
  void addsNewAndDetectsDuplicates() {
    EnvelopePool p = pool(10);
    Envelope e = env(NOW + 50, 1);
    assertThat(p.add(e, 0.5)).isEqualTo(AddResult.NEW);
    assertThat(p.add(Envelope.of(e.expiry(), e.ttl(), e.topic(), e.data(), e.nonce()), 0.5))
        .isEqualTo(AddResult.DUPLICATE);
    assertThat(p.size()).isEqualTo(1);
    assertThat(p.contains(e.hash())).isTrue();
    assertThat(p.get(e.hash())).contains(e);
    assertThat(p.pow(e.hash())).contains(0.5);
  }

  @Test
  void refusesExpiredEnvelopes() {
    EnvelopePool p = pool(10);
    assertThat(p.add(env(NOW - 1, 1), 1)).isEqualTo(AddResult.EXPIRED);
    assertThat(p.add(env(NOW, 2), 1)).isEqualTo(AddResult.NEW);
    assertThat(p.dropped(DropReason.REJECTED_EXPIRED)).isEqualTo(1);
    assertThat(p.size()).isEqualTo(1);
  }

  @Test
  void prunesStrictlyExpiredAndReportsTheirHashes() {
    EnvelopePool p = pool(10);
    Envelope a = env(NOW + 1, 1);
    Envelope b = env(NOW + 2, 2);
    Envelope c = env(NOW + 3, 3);
    p.add(c, 1);
    p.add(a, 1);
    p.add(b, 1);
    clock.set(NOW + 2);
    assertThat(p.prune()).containsExactly(a.hash());
    clock.set(NOW + 4);
    assertThat(p.prune()).containsExactly(b.hash(), c.hash());
    assertThat(p.size()).isZero();
    assertThat(p.dropped(DropReason.PRUNED_EXPIRED)).isEqualTo(3);
    assertThat(p.prune()).isEmpty();
  }

  @Test
  void whenFullEvictsExpiredFirst() {
    EnvelopePool p = pool(2);
    Envelope old = env(NOW + 1, 1);
    p.add(old, 100);
    p.add(env(NOW + 50, 2), 0.1);
    clock.set(NOW + 2);
    assertThat(p.add(env(NOW + 60, 3), 0.01)).isEqualTo(AddResult.NEW_EVICTED_EXPIRED);
    assertThat(p.contains(old.hash())).isFalse();
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.dropped(DropReason.PRUNED_EXPIRED)).isEqualTo(1);
  }

  @Test
  void whenFullEvictsTheLowestPow() {
    EnvelopePool p = pool(3);
    Envelope low = env(NOW + 50, 1);
    p.add(env(NOW + 50, 2), 0.5);
    p.add(low, 0.1);
    p.add(env(NOW + 50, 3), 0.3);
    Envelope better = env(NOW + 50, 4);
    assertThat(p.add(better, 0.2)).isEqualTo(AddResult.NEW_EVICTED_LOWEST_POW);
    assertThat(p.contains(low.hash())).isFalse();
    assertThat(p.contains(better.hash())).isTrue();
    assertThat(p.dropped(DropReason.EVICTED_LOWEST_POW)).isEqualTo(1);
  }

  @Test
  void whenFullRefusesAnEnvelopeThatWouldBeTheLowest() {
    EnvelopePool p = pool(2);
    p.add(env(NOW + 50, 1), 0.5);
    p.add(env(NOW + 50, 2), 0.3);
    Envelope weak = env(NOW + 50, 3);
    assertThat(p.add(weak, 0.2)).isEqualTo(AddResult.REJECTED_FULL);
    assertThat(p.contains(weak.hash())).isFalse();
    // Equal PoW but earlier expiry also loses (nim tie-break) ...
    assertThat(p.add(env(NOW + 40, 4), 0.3)).isEqualTo(AddResult.REJECTED_FULL);
    // ... while equal PoW and later expiry wins.
    assertThat(p.add(env(NOW + 60, 5), 0.3)).isEqualTo(AddResult.NEW_EVICTED_LOWEST_POW);
    assertThat(p.dropped(DropReason.REJECTED_FULL)).isEqualTo(2);
    assertThat(p.size()).isEqualTo(2);
  }

  @Test
  void pendingForReturnsUnknownAcceptableEnvelopesOnce() {
    EnvelopePool p = pool(10);
    Envelope a = env(NOW + 50, 1);
    Envelope b = env(NOW + 50, 2);
    p.add(a, 1);
    p.add(b, 1);
    KnownSet k = p.newKnownSet(100);
    k.mark(a.hash()); // received from this peer
    assertThat(p.pendingFor(k, ALL)).containsExactly(b);
    assertThat(k.contains(b.hash())).isTrue();
    assertThat(p.pendingFor(k, ALL)).isEmpty();
    Envelope c = env(NOW + 50, 3);
    p.add(c, 1);
    assertThat(p.pendingFor(k, ALL)).containsExactly(c);
  }

  @Test
  void pendingForRespectsTheFilterAndRescansWhenItChanges() {
    EnvelopePool p = pool(10);
    Envelope cheap = env(NOW + 50, 1);
    Envelope strong = env(NOW + 50, 2);
    p.add(cheap, 0.001);
    p.add(strong, 0.5);
    KnownSet k = p.newKnownSet(100);
    WakuPeerState demanding =
        WakuPeerState.fromStatus(StatusOptions.builder().powRequirement(0.2).build());
    assertThat(p.pendingFor(k, demanding)).containsExactly(strong);
    assertThat(p.pendingFor(k, demanding)).isEmpty();
    WakuPeerState relaxed =
        demanding.withUpdate(StatusOptions.builder().powRequirement(0.0).build());
    assertThat(p.pendingFor(k, relaxed)).containsExactly(cheap);
  }

  @Test
  void pendingForSkipsExpiredEnvelopesNotYetPruned() {
    EnvelopePool p = pool(10);
    p.add(env(NOW + 1, 1), 1);
    Envelope live = env(NOW + 50, 2);
    p.add(live, 1);
    clock.set(NOW + 2);
    assertThat(p.pendingFor(p.newKnownSet(10), ALL)).containsExactly(live);
  }

  @Test
  void pendingForStopsAtTheByteBudgetAndResumes() {
    EnvelopePool p = pool(10);
    Envelope a = env(NOW + 50, 1);
    Envelope b = env(NOW + 50, 2);
    Envelope c = env(NOW + 50, 3);
    p.add(a, 1);
    p.add(b, 1);
    p.add(c, 1);
    KnownSet k = p.newKnownSet(10);
    long budget = a.encodedLength() + b.encodedLength();
    assertThat(p.pendingFor(k, ALL, budget)).containsExactly(a, b);
    assertThat(p.pendingFor(k, ALL, 1)).containsExactly(c);
  }

  @Test
  void pruningForgetsHashesInKnownSets() {
    EnvelopePool p = pool(10);
    Envelope a = env(NOW + 1, 1);
    p.add(a, 1);
    KnownSet k = p.newKnownSet(10);
    KnownSet closed = p.newKnownSet(10);
    assertThat(p.pendingFor(k, ALL)).containsExactly(a);
    closed.mark(a.hash());
    closed.close();
    assertThat(p.knownSetCount()).isEqualTo(1);
    clock.set(NOW + 2);
    List<EnvelopeHash> removed = p.prune();
    assertThat(removed).containsExactly(a.hash());
    assertThat(k.contains(a.hash())).isFalse();
    assertThat(closed.contains(a.hash())).isTrue();
    assertThatThrownBy(() -> p.pendingFor(closed, ALL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void evictionForgetsHashesInKnownSets() {
    EnvelopePool p = pool(1);
    Envelope low = env(NOW + 50, 1);
    p.add(low, 0.1);
    KnownSet k = p.newKnownSet(10);
    k.mark(low.hash());
    p.add(env(NOW + 50, 2), 0.2);
    assertThat(k.contains(low.hash())).isFalse();
  }

  @Test
  void knownSetIsBoundedAndForgetsOldestFirst() {
    KnownSet k = pool(10).newKnownSet(3);
    Envelope[] e = new Envelope[5];
    for (int i = 0; i < 5; i++) {
      e[i] = env(NOW + 50, i);
      assertThat(k.mark(e[i].hash())).isTrue();
    }
    assertThat(k.mark(e[4].hash())).isFalse();
    assertThat(k.size()).isEqualTo(3);
    assertThat(k.contains(e[0].hash())).isFalse();
    assertThat(k.contains(e[1].hash())).isFalse();
    assertThat(k.contains(e[2].hash())).isTrue();
    assertThat(k.overflowEvictions()).isEqualTo(2);
  }

  @Test
  void knownSetOfAnotherPoolIsRejected() {
    KnownSet foreign = pool(10).newKnownSet(3);
    assertThatThrownBy(() -> pool(10).pendingFor(foreign, ALL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snapshotKeepsInsertionOrder() {
    EnvelopePool p = pool(10);
    Envelope a = env(NOW + 9, 1);
    Envelope b = env(NOW + 5, 2);
    p.add(a, 1);
    p.add(b, 1);
    assertThat(p.envelopes()).containsExactly(a, b);
    assertThat(p.capacity()).isEqualTo(10);
  }
}

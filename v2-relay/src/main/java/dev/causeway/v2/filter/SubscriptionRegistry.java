package dev.causeway.v2.filter;

import dev.causeway.libp2p.peer.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The filter service's subscriptions (spec v2-filter-lightpush.md §1.1, §1.2): per client peer a
 * set of criteria (pubsub topic, content topic) and a last-seen time, with nwaku's limits
 * (subscribed peers, criteria per peer) and expiry (a peer not heard from within the timeout is
 * ignored for pushes and removed by {@link #sweep()}).
 *
 * <p>Thread-safety: changes are serialised by the registry's lock; {@link #matching} reads without
 * locking and may run on the gossipsub thread. Time comes from the injected millisecond clock.
 */
public final class SubscriptionRegistry {
  /*
   * Index for fan-out: pubsub topic -> content topic -> array of subscribers. The arrays are
   * copy-on-write (replaced under the lock, never changed in place) and the maps are concurrent,
   * so a relayed message costs two hash look-ups and a walk over exactly the matching subscribers,
   * without locking or allocation. Subscription changes are rare (rate-limited per peer, at most
   * 100 topics per request), so copying an array of subscribers per change is cheap; a criterion
   * with very many subscribers (a popular content topic) copies an array of that size, still far
   * cheaper than the pushes it feeds.
   *
   * Counting criteria: nwaku adds the whole request size to the peer's count before the
   * limit check; we count only criteria the peer does not hold yet, so re-subscribing (refresh) a
   * peer at its limit still succeeds.
   */

  /** The result of a request against the registry. */
  public enum Outcome {
    OK,
    /** The peer has no (live) subscription, or not the criteria named. */
    NOT_FOUND,
    /** A new peer would exceed the maximum number of subscribed peers. */
    MAX_PEERS,
    /** The peer would exceed its maximum number of criteria. */
    MAX_CRITERIA
  }

  /** One filter criterion. */
  public record Criterion(String pubsubTopic, String contentTopic) {}

  private static final Subscriber[] NONE = new Subscriber[0];

  private final int maxPeers;
  private final int maxCriteriaPerPeer;
  private final long timeoutMillis;
  private final int queueCapacity;
  private final LongSupplier millis;
  private final Map<PeerId, Subscriber> peers = new HashMap<>();
  private final Map<String, Map<String, Subscriber[]>> index = new ConcurrentHashMap<>();
  private volatile int peerCount;
  private volatile int criteriaCount;

  /**
   * @param queueCapacity push queue size of each new {@link Subscriber}
   * @param millis the clock, in milliseconds
   */
  public SubscriptionRegistry(
      int maxPeers,
      int maxCriteriaPerPeer,
      Duration timeout,
      int queueCapacity,
      LongSupplier millis) {
    if (maxPeers < 1 || maxCriteriaPerPeer < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxPeers = maxPeers;
    this.maxCriteriaPerPeer = maxCriteriaPerPeer;
    this.timeoutMillis = timeout.toMillis();
    this.queueCapacity = queueCapacity;
    this.millis = millis;
  }

  public int maxPeers() {
    return maxPeers;
  }

  /** Adds criteria for {@code peer} (or refreshes them) and marks it seen. */
  public synchronized Outcome subscribe(
      PeerId peer, String pubsubTopic, Collection<String> contentTopics) {
    long now = millis.getAsLong();
    Subscriber s = live(peer, now);
    Set<Criterion> added = new LinkedHashSet<>();
    for (String ct : contentTopics) {
      Criterion c = new Criterion(pubsubTopic, ct);
      if (s == null || !s.criteria.contains(c)) {
        added.add(c);
      }
    }
    if (s == null) {
      if (peers.size() >= maxPeers) {
        return Outcome.MAX_PEERS;
      }
      if (added.size() > maxCriteriaPerPeer) {
        return Outcome.MAX_CRITERIA;
      }
      s = new Subscriber(peer, now, queueCapacity);
      peers.put(peer, s);
    } else if (s.criteria.size() + added.size() > maxCriteriaPerPeer) {
      return Outcome.MAX_CRITERIA;
    }
    s.lastSeenMillis = now;
    for (Criterion c : added) {
      s.criteria.add(c);
      indexAdd(c, s);
    }
    updateCounts();
    return Outcome.OK;
  }

  /**
   * Removes the named criteria of {@code peer} and marks it seen; NOT_FOUND (and nothing changes)
   * if the peer lacks any of them. A peer left without criteria is removed.
   */
  public synchronized Outcome unsubscribe(
      PeerId peer, String pubsubTopic, Collection<String> contentTopics) {
    long now = millis.getAsLong();
    Subscriber s = live(peer, now);
    if (s == null) {
      return Outcome.NOT_FOUND;
    }
    s.lastSeenMillis = now;
    List<Criterion> gone = new ArrayList<>(contentTopics.size());
    for (String ct : contentTopics) {
      Criterion c = new Criterion(pubsubTopic, ct);
      if (!s.criteria.contains(c)) {
        return Outcome.NOT_FOUND;
      }
      gone.add(c);
    }
    for (Criterion c : gone) {
      if (s.criteria.remove(c)) {
        indexRemove(c, s);
      }
    }
    if (s.criteria.isEmpty()) {
      removePeer(s);
    }
    updateCounts();
    return Outcome.OK;
  }

  /** Removes every criterion of {@code peer}. */
  public synchronized Outcome unsubscribeAll(PeerId peer) {
    Subscriber s = live(peer, millis.getAsLong());
    if (s == null) {
      return Outcome.NOT_FOUND;
    }
    removeAll(s);
    updateCounts();
    return Outcome.OK;
  }

  /** SUBSCRIBER_PING: OK and refreshed if the peer has a live subscription. */
  public synchronized Outcome ping(PeerId peer) {
    long now = millis.getAsLong();
    Subscriber s = live(peer, now);
    if (s == null) {
      return Outcome.NOT_FOUND;
    }
    s.lastSeenMillis = now;
    return Outcome.OK;
  }

  /** Removes {@code peer} whatever its state (e.g. pushes to it keep failing). */
  public synchronized boolean remove(PeerId peer) {
    Subscriber s = peers.get(peer);
    if (s == null) {
      return false;
    }
    removeAll(s);
    updateCounts();
    return true;
  }

  /** Removes every expired peer; returns how many. */
  public synchronized int sweep() {
    long now = millis.getAsLong();
    List<Subscriber> expired = new ArrayList<>();
    for (Subscriber s : peers.values()) {
      if (!isLive(s, now)) {
        expired.add(s);
      }
    }
    for (Subscriber s : expired) {
      removeAll(s);
    }
    updateCounts();
    return expired.size();
  }

  /**
   * The subscribers whose criteria match a message with {@code contentTopic} received on {@code
   * pubsubTopic}, including expired ones not swept yet (check {@link #isLive}). Lock-free; the
   * returned array must not be modified.
   */
  Subscriber[] matching(String pubsubTopic, String contentTopic) {
    Map<String, Subscriber[]> byContent = index.get(pubsubTopic);
    if (byContent == null) {
      return NONE;
    }
    Subscriber[] subs = byContent.get(contentTopic);
    return subs == null ? NONE : subs;
  }

  /** The peers {@link #matching} would push to now (live ones only). */
  public List<PeerId> subscribersOf(String pubsubTopic, String contentTopic) {
    long now = millis.getAsLong();
    List<PeerId> out = new ArrayList<>();
    for (Subscriber s : matching(pubsubTopic, contentTopic)) {
      if (isLive(s, now)) {
        out.add(s.peer);
      }
    }
    return out;
  }

  boolean isLive(Subscriber s, long nowMillis) {
    return !s.removed && nowMillis - s.lastSeenMillis <= timeoutMillis;
  }

  long nowMillis() {
    return millis.getAsLong();
  }

  /** The live criteria of {@code peer}. */
  public synchronized Optional<Set<Criterion>> criteriaOf(PeerId peer) {
    Subscriber s = live(peer, millis.getAsLong());
    return s == null ? Optional.empty() : Optional.of(Set.copyOf(s.criteria));
  }

  /** Subscribed peers, expired ones included until swept. */
  public int peerCount() {
    return peerCount;
  }

  /** Criteria over all peers, expired ones included until swept. */
  public int criteriaCount() {
    return criteriaCount;
  }

  /** The peer's subscriber if it has a live one; an expired one is removed on the way. */
  private Subscriber live(PeerId peer, long now) {
    Subscriber s = peers.get(peer);
    if (s != null && !isLive(s, now)) {
      removeAll(s);
      updateCounts();
      return null;
    }
    return s;
  }

  private void removeAll(Subscriber s) {
    for (Criterion c : s.criteria) {
      indexRemove(c, s);
    }
    s.criteria.clear();
    removePeer(s);
  }

  private void removePeer(Subscriber s) {
    s.removed = true;
    s.queue.clear();
    peers.remove(s.peer);
  }

  private void indexAdd(Criterion c, Subscriber s) {
    Map<String, Subscriber[]> byContent =
        index.computeIfAbsent(c.pubsubTopic(), k -> new ConcurrentHashMap<>());
    Subscriber[] old = byContent.getOrDefault(c.contentTopic(), NONE);
    Subscriber[] now = java.util.Arrays.copyOf(old, old.length + 1);
    now[old.length] = s;
    byContent.put(c.contentTopic(), now);
  }

  private void indexRemove(Criterion c, Subscriber s) {
    Map<String, Subscriber[]> byContent = index.get(c.pubsubTopic());
    if (byContent == null) {
      return;
    }
    Subscriber[] old = byContent.get(c.contentTopic());
    if (old == null) {
      return;
    }
    Subscriber[] now = new Subscriber[old.length - 1];
    int j = 0;
    for (Subscriber o : old) {
      if (o != s) {
        if (j == now.length) {
          return; // s was not there
        }
        now[j++] = o;
      }
    }
    if (now.length == 0) {
      byContent.remove(c.contentTopic());
      if (byContent.isEmpty()) {
        index.remove(c.pubsubTopic());
      }
    } else {
      byContent.put(c.contentTopic(), now);
    }
  }

  private void updateCounts() {
    peerCount = peers.size();
    int n = 0;
    for (Subscriber s : peers.values()) {
      n += s.criteria.size();
    }
    criteriaCount = n;
  }
}

package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The gossipsub v1.1 peer score: per-peer counters fed by the router's events, combined into {@code
 * score = min(cap, Σ_topics w_t·(w1·P1 + w2·P2 + w3·P3 + w3b·P3b + w4·P4)) + w5·P5 + w6·P6 + w7·P7}
 * (spec libp2p-gossipsub.md §8.1; gossipsub-v1.1.md "The Score Function").
 *
 * <p>Input assumptions: events for peers that were never {@linkplain #addPeer added} (or were
 * forgotten) are ignored, and so are events on topics without {@linkplain #setTopicParams topic
 * parameters}; the router calls {@link #deliverDuplicate} only for duplicates inside the topic's
 * {@link TopicScoreParams#meshMessageDeliveriesWindow()}; {@link #refresh} receives the same
 * millisecond time base as the injected clock. All methods are synchronized, so the router may call
 * from several event loops. The application score hook runs under that lock and must be fast.
 *
 * <p>Memory: one entry per connected peer, plus disconnected peers with a non-positive score for
 * {@link PeerScoreParams#retainScore()}, at most {@code maxRetainedPeers} of them (the oldest is
 * forgotten first). Each entry holds state only for topics with parameters.
 */
public final class PeerScore implements ScoreTracker {
  /*
   * Semantics follow go-libp2p-pubsub's score.go, which js-libp2p-gossipsub mirrors:
   *
   * - P1 and P3's activation are computed from the injected clock at score() time (go caches
   *   the mesh time at each decay, so its P1 moves in decay-interval steps; nim uses the
   *   unfloored ratio). P1 = floor(meshTime / quantum), capped.
   * - P2 and P3 counters are capped on increment; P4, P3b and P7 are not capped.
   * - P3 counts first deliveries and window duplicates from mesh peers only. On prune, and on
   *   disconnect while in a mesh, an active P3 deficit d adds d² to the sticky P3b counter.
   * - A disconnecting peer with a positive score is forgotten at once (nothing to protect
   *   against); one with score ≤ 0 is retained with its P2 counters zeroed, is not decayed while
   *   away, still counts towards its IP for P6, and gets its counters back on reconnect. nim
   *   retains every peer and keeps P2; the difference only matters for positive scores.
   * - Decay runs in refresh() once per elapsed decay interval; k missed intervals multiply by
   *   decay^k, which equals k single steps because snapping to zero is monotone.
   * - P6 counts, per IP, the peers currently tracked (connected or retained) on it, the peer
   *   itself included; a whitelisted IP never contributes.
   * - P7 = (counter − threshold)² above the threshold (go/js); nim's counter² is threshold 0.
   */

  /** Default bound on retained (disconnected) peers. */
  public static final int DEFAULT_MAX_RETAINED_PEERS = 10_000;

  private final PeerScoreParams params;
  private final LongSupplier clock;
  private final ToDoubleFunction<PeerId> appSpecificScore;
  private final int maxRetainedPeers;
  private final List<IpNet> whitelist;
  private final long decayIntervalMillis;
  private final long retainMillis;

  private final Map<String, TopicScoreParams> topicParams = new HashMap<>();
  private final Map<PeerId, PeerStats> peers = new HashMap<>();

  /** Disconnected peers, in order of disconnection, which is also the order of expiry. */
  private final LinkedHashMap<PeerId, PeerStats> retained = new LinkedHashMap<>();

  private final Map<String, Set<PeerId>> peersByIp = new HashMap<>();
  private long nextDecayAt;

  /** Scores with {@code params}, time from {@code clockMillis} and no application score. */
  public PeerScore(PeerScoreParams params, LongSupplier clockMillis) {
    this(params, clockMillis, p -> 0, DEFAULT_MAX_RETAINED_PEERS);
  }

  /**
   * Scores with {@code params}, time from {@code clockMillis} and the P5 hook {@code
   * appSpecificScore} (multiplied by {@link PeerScoreParams#appSpecificWeight()}; a non-finite
   * result counts as 0).
   */
  public PeerScore(
      PeerScoreParams params, LongSupplier clockMillis, ToDoubleFunction<PeerId> appSpecificScore) {
    this(params, clockMillis, appSpecificScore, DEFAULT_MAX_RETAINED_PEERS);
  }

  /** As above, retaining at most {@code maxRetainedPeers} disconnected peers. */
  public PeerScore(
      PeerScoreParams params,
      LongSupplier clockMillis,
      ToDoubleFunction<PeerId> appSpecificScore,
      int maxRetainedPeers) {
    this.params = Objects.requireNonNull(params, "params");
    this.clock = Objects.requireNonNull(clockMillis, "clockMillis");
    this.appSpecificScore = Objects.requireNonNull(appSpecificScore, "appSpecificScore");
    if (maxRetainedPeers < 0) {
      throw new IllegalArgumentException("maxRetainedPeers must be >= 0");
    }
    this.maxRetainedPeers = maxRetainedPeers;
    List<IpNet> nets = new ArrayList<>();
    for (String entry : params.ipColocationFactorWhitelist()) {
      nets.add(IpNet.parse(entry));
    }
    this.whitelist = List.copyOf(nets);
    this.decayIntervalMillis = params.decayInterval().toMillis();
    this.retainMillis = params.retainScore().toMillis();
    this.nextDecayAt = saturatedAdd(clock.getAsLong(), decayIntervalMillis);
  }

  public PeerScoreParams params() {
    return params;
  }

  /** Starts (or replaces) scoring on {@code topic}; counters already kept for it stay. */
  public synchronized void setTopicParams(String topic, TopicScoreParams p) {
    topicParams.put(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(p, "params"));
  }

  /** Stops scoring on {@code topic} and drops every peer's counters for it. */
  public synchronized void removeTopicParams(String topic) {
    topicParams.remove(topic);
    for (PeerStats s : peers.values()) {
      s.topics.remove(topic);
    }
  }

  public synchronized Optional<TopicScoreParams> topicParams(String topic) {
    return Optional.ofNullable(topicParams.get(topic));
  }

  /** Peers with state: connected ones plus retained disconnected ones. */
  public synchronized int trackedPeers() {
    return peers.size();
  }

  /** Disconnected peers whose score is being retained. */
  public synchronized int retainedPeers() {
    return retained.size();
  }

  @Override
  public synchronized double score(PeerId peer) {
    PeerStats s = peers.get(peer);
    return s == null ? 0 : compute(peer, s, clock.getAsLong());
  }

  @Override
  public synchronized void addPeer(PeerId peer, String ip) {
    PeerStats s = peers.get(peer);
    if (s == null) {
      s = new PeerStats();
      peers.put(peer, s);
    }
    retained.remove(peer);
    s.connected = true;
    String key = ip == null || ip.isBlank() ? null : IpNet.canonical(ip);
    if (!Objects.equals(key, s.ip)) {
      untrackIp(peer, s);
      s.ip = key;
      s.ipWhitelisted = key != null && isWhitelisted(key);
      if (key != null) {
        peersByIp.computeIfAbsent(key, k -> new HashSet<>()).add(peer);
      }
    }
  }

  @Override
  public synchronized void removePeer(PeerId peer) {
    PeerStats s = peers.get(peer);
    if (s == null || !s.connected) {
      return;
    }
    long now = clock.getAsLong();
    if (compute(peer, s, now) > 0) {
      forget(peer, s);
      return;
    }
    for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
      TopicStats t = e.getValue();
      t.firstDeliveries = 0;
      TopicScoreParams tp = topicParams.get(e.getKey());
      if (tp != null && t.inMesh) {
        applyMeshFailure(t, tp, now);
      }
      t.inMesh = false;
    }
    s.connected = false;
    s.expireAt = saturatedAdd(now, retainMillis);
    retained.put(peer, s);
    if (retained.size() > maxRetainedPeers) {
      Iterator<Map.Entry<PeerId, PeerStats>> oldest = retained.entrySet().iterator();
      Map.Entry<PeerId, PeerStats> e = oldest.next();
      oldest.remove();
      forget(e.getKey(), e.getValue());
    }
  }

  @Override
  public synchronized void graft(PeerId peer, String topic) {
    PeerStats s = peers.get(peer);
    if (s == null || !s.connected || !topicParams.containsKey(topic)) {
      return;
    }
    TopicStats t = s.topic(topic);
    t.inMesh = true;
    t.graftTime = clock.getAsLong();
  }

  @Override
  public synchronized void prune(PeerId peer, String topic) {
    TopicStats t = existingTopic(peer, topic);
    if (t == null || !t.inMesh) {
      return;
    }
    applyMeshFailure(t, topicParams.get(topic), clock.getAsLong());
    t.inMesh = false;
  }

  @Override
  public synchronized void deliverFirst(PeerId from, String topic) {
    TopicStats t = trackedTopic(from, topic);
    if (t == null) {
      return;
    }
    TopicScoreParams tp = topicParams.get(topic);
    t.firstDeliveries = Math.min(t.firstDeliveries + 1, tp.firstMessageDeliveriesCap());
    if (t.inMesh) {
      t.meshDeliveries = Math.min(t.meshDeliveries + 1, tp.meshMessageDeliveriesCap());
    }
  }

  @Override
  public synchronized void deliverDuplicate(PeerId from, String topic) {
    TopicStats t = existingTopic(from, topic);
    if (t == null || !t.inMesh) {
      return;
    }
    t.meshDeliveries =
        Math.min(t.meshDeliveries + 1, topicParams.get(topic).meshMessageDeliveriesCap());
  }

  @Override
  public synchronized void reject(PeerId from, String topic) {
    TopicStats t = trackedTopic(from, topic);
    if (t != null) {
      t.invalidDeliveries += 1;
    }
  }

  /** Messages the validator ignored cost nothing (gossipsub v1.1: only Reject counts for P4). */
  @Override
  public synchronized void ignore(PeerId from, String topic) {}

  /**
   * Adds {@code count} to the peer's P7 counter.
   *
   * @throws IllegalArgumentException if {@code count} is negative or not finite
   */
  @Override
  public synchronized void behaviourPenalty(PeerId peer, double count) {
    Check.atLeast("count", count, 0);
    PeerStats s = peers.get(peer);
    if (s != null) {
      s.behaviourPenalty += count;
    }
  }

  /**
   * Forgets retained peers whose retention has run out, then, if one or more decay intervals have
   * ended since the last decay, decays the counters of connected peers once per interval.
   */
  @Override
  public synchronized void refresh(long nowMillis) {
    Iterator<Map.Entry<PeerId, PeerStats>> it = retained.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<PeerId, PeerStats> e = it.next();
      if (nowMillis <= e.getValue().expireAt) {
        break;
      }
      it.remove();
      forget(e.getKey(), e.getValue());
    }
    if (nowMillis < nextDecayAt) {
      return;
    }
    long steps = 1 + (nowMillis - nextDecayAt) / decayIntervalMillis;
    nextDecayAt = saturatedAdd(nextDecayAt, saturatedMultiply(steps, decayIntervalMillis));
    double k = steps;
    double toZero = params.decayToZero();
    for (PeerStats s : peers.values()) {
      if (!s.connected) {
        continue;
      }
      for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
        TopicScoreParams tp = topicParams.get(e.getKey());
        TopicStats t = e.getValue();
        t.firstDeliveries = decay(t.firstDeliveries, tp.firstMessageDeliveriesDecay(), k, toZero);
        t.meshDeliveries = decay(t.meshDeliveries, tp.meshMessageDeliveriesDecay(), k, toZero);
        t.meshFailurePenalty = decay(t.meshFailurePenalty, tp.meshFailurePenaltyDecay(), k, toZero);
        t.invalidDeliveries =
            decay(t.invalidDeliveries, tp.invalidMessageDeliveriesDecay(), k, toZero);
      }
      s.behaviourPenalty = decay(s.behaviourPenalty, params.behaviourPenaltyDecay(), k, toZero);
    }
  }

  private double compute(PeerId peer, PeerStats s, long now) {
    double topicPart = 0;
    for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
      TopicScoreParams tp = topicParams.get(e.getKey());
      topicPart += tp.topicWeight() * topicScore(e.getValue(), tp, now);
    }
    double cap = params.topicScoreCap();
    if (cap > 0 && topicPart > cap) {
      topicPart = cap;
    }
    double score = topicPart;

    if (params.appSpecificWeight() != 0) {
      double app = appSpecificScore.applyAsDouble(peer);
      if (Double.isFinite(app)) {
        score += params.appSpecificWeight() * app;
      }
    }

    if (params.ipColocationFactorWeight() != 0 && s.ip != null && !s.ipWhitelisted) {
      int onIp = peersByIp.get(s.ip).size();
      int threshold = params.ipColocationFactorThreshold();
      if (onIp > threshold) {
        double surplus = onIp - threshold;
        score += params.ipColocationFactorWeight() * surplus * surplus;
      }
    }

    double excess = s.behaviourPenalty - params.behaviourPenaltyThreshold();
    if (excess > 0) {
      score += params.behaviourPenaltyWeight() * excess * excess;
    }
    return score;
  }

  private static double topicScore(TopicStats t, TopicScoreParams tp, long now) {
    double score = 0;
    if (t.inMesh) {
      long quanta = meshTime(t, now) / tp.timeInMeshQuantum().toMillis();
      score += tp.timeInMeshWeight() * Math.min((double) quanta, tp.timeInMeshCap());
      double deficit = meshDeficit(t, tp, now);
      score += tp.meshMessageDeliveriesWeight() * deficit * deficit;
    }
    score += tp.firstMessageDeliveriesWeight() * t.firstDeliveries;
    score += tp.meshFailurePenaltyWeight() * t.meshFailurePenalty;
    score += tp.invalidMessageDeliveriesWeight() * t.invalidDeliveries * t.invalidDeliveries;
    return score;
  }

  /** P3's deficit: threshold − counter once activated and below the threshold, else 0. */
  private static double meshDeficit(TopicStats t, TopicScoreParams tp, long now) {
    boolean active = meshTime(t, now) > tp.meshMessageDeliveriesActivation().toMillis();
    if (!active || t.meshDeliveries >= tp.meshMessageDeliveriesThreshold()) {
      return 0;
    }
    return tp.meshMessageDeliveriesThreshold() - t.meshDeliveries;
  }

  private static void applyMeshFailure(TopicStats t, TopicScoreParams tp, long now) {
    double deficit = meshDeficit(t, tp, now);
    t.meshFailurePenalty += deficit * deficit;
  }

  private static long meshTime(TopicStats t, long now) {
    return Math.max(0, now - t.graftTime);
  }

  private static double decay(double value, double factor, double steps, double toZero) {
    if (value == 0) {
      return 0;
    }
    double v = value * (steps == 1 ? factor : Math.pow(factor, steps));
    return v < toZero ? 0 : v;
  }

  /** The peer's stats for a scored topic, created if needed, or null if either is unknown. */
  private TopicStats trackedTopic(PeerId peer, String topic) {
    PeerStats s = peers.get(peer);
    if (s == null || !topicParams.containsKey(topic)) {
      return null;
    }
    return s.topic(topic);
  }

  private TopicStats existingTopic(PeerId peer, String topic) {
    PeerStats s = peers.get(peer);
    return s == null ? null : s.topics.get(topic);
  }

  private boolean isWhitelisted(String canonicalIp) {
    byte[] addr = IpNet.parseAddress(canonicalIp);
    if (addr == null) {
      return false;
    }
    for (IpNet net : whitelist) {
      if (net.contains(addr)) {
        return true;
      }
    }
    return false;
  }

  private void forget(PeerId peer, PeerStats s) {
    untrackIp(peer, s);
    peers.remove(peer);
    retained.remove(peer);
  }

  private void untrackIp(PeerId peer, PeerStats s) {
    if (s.ip == null) {
      return;
    }
    Set<PeerId> onIp = peersByIp.get(s.ip);
    if (onIp != null) {
      onIp.remove(peer);
      if (onIp.isEmpty()) {
        peersByIp.remove(s.ip);
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo : Long.MAX_VALUE;
  }

  private static final class PeerStats {
    final Map<String, TopicStats> topics = new HashMap<>(4);
    boolean connected;
    long expireAt;
    String ip;
    boolean ipWhitelisted;
    double behaviourPenalty;

    TopicStats topic(String name) {
      return topics.computeIfAbsent(name, k -> new TopicStats());
    }
  }

  private static final class TopicStats {
    boolean inMesh;
    long graftTime;
    double firstDeliveries;
    double meshDeliveries;
    double meshFailurePenalty;
    double invalidDeliveries;
  }
}

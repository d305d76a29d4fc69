package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Graft;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IDontWant;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IHave;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.IWant;
import dev.causeway.libp2p.pubsub.gossipsub.ControlMessage.Prune;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.DropReason;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.Event;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.IgnoreReason;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics.RejectReason;
import dev.causeway.libp2p.pubsub.gossipsub.Rpc.SubOpts;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossipsub v1.1 router with v1.2 IDONTWANT (spec libp2p-gossipsub.md §4–§7, thresholds §8.2,
 * StrictNoSign §3.2), as a pure state machine: no I/O, no threads, no timers.
 *
 * <p><b>Driving it.</b> Every method must be called from one thread (or under one lock), and
 * callbacks ({@link Validator}, {@link Delivery}, {@link RpcSink}, {@link RouterListener}) must not
 * call back into the router: a re-entrant call throws {@link IllegalStateException}. The host:
 *
 * <ul>
 *   <li>calls {@link #addPeer} when a peer's pubsub protocol is negotiated (with whether the
 *       connection is outbound, for D_out) and {@link #removePeer} when it goes away;
 *   <li>feeds each inbound LP frame body to {@link #onRpc(PeerId, byte[])} (read frames with {@link
 *       RpcCodec#newFrameReader()}; reset the stream if it throws);
 *   <li>calls {@link #heartbeat()} every {@link GossipsubConfig#heartbeatInterval()};
 *   <li>writes the frames handed to {@link RpcSink#send} to the peer's outbound stream.
 * </ul>
 *
 * <p>Outgoing control (GRAFT, PRUNE, IHAVE, IWANT, IDONTWANT), forwarded messages and subscription
 * announcements produced during one call are coalesced per peer and sent at the end of that call,
 * split into RPCs of at most {@link GossipsubConfig#maxOutboundRpcSize()} bytes. Time comes from
 * the injected clock, randomness from the injected {@link Random}; with a fixed seed and clock the
 * router is deterministic.
 */
public final class GossipRouter {
  /*
   * State (spec §4): peers with their protocol version, outbound flag and announced topics;
   * topicPeers (the inverse index); mesh for subscribed topics; fanout + lastPub; backoff expiry
   * per (topic, peer); the seen cache holding a SeenRecord per id (first source, validation state,
   * duplicate senders while validating); the mcache; pending asynchronous validations; IWANT
   * promises. Insertion-ordered collections everywhere so that iteration order, and therefore
   * the outcome for a given Random seed, is reproducible.
   *
   * Receive path (§3.3): graylist -> decode -> subscriptions -> IDONTWANT -> messages (subscribed?
   * seen? StrictNoSign? then validate) -> IHAVE -> IWANT -> GRAFT -> PRUNE. IDONTWANT is
   * taken first so a message in the same RPC is already suppressed. Promises are fulfilled when
   * the first copy of a message arrives (before validation), as in go's gossip tracer, except
   * for copies that break the signing policy.
   *
   * Backoff: we store the expiry without slack; a remote GRAFT before the expiry is a violation,
   * and we ourselves do not GRAFT before expiry + slack (go/nim behave the same way). Entries
   * are purged at heartbeat once expiry + slack has passed; they outlive disconnection so a peer
   * cannot reset its backoff by reconnecting.
   *
   * Scoring: the router only reports events to the ScoreTracker and compares its scores with the
   * thresholds. Duplicates that arrive while the first copy is still validating are remembered
   * and, once the verdict is known, credited (ACCEPT) or penalised (REJECT) like the first copy,
   * as go does.
   */

  private static final Logger LOG = LoggerFactory.getLogger(GossipRouter.class);

  private enum State {
    PENDING,
    ACCEPTED,
    REJECTED,
    IGNORED
  }

  /** What we remember about a seen message id. */
  private static final class SeenRecord {
    final String topic;
    final PeerId source; // null for our own messages
    final long firstSeen;
    State state = State.PENDING;
    LinkedHashSet<PeerId> duplicateSources; // while PENDING

    SeenRecord(String topic, PeerId source, long firstSeen) {
      this.topic = topic;
      this.source = source;
      this.firstSeen = firstSeen;
    }
  }

  private record Pending(PubsubMessage message, SeenRecord record, long deadline) {}

  private static final class PeerState {
    final PeerId id;
    final GossipVersion version;
    final boolean outbound;
    final Set<String> topics = new LinkedHashSet<>();
    final LinkedHashMap<MessageId, Long> dontWant = new LinkedHashMap<>(); // id -> expiry tick
    int ihaveRpcs;
    int idsAsked;
    int idontwantIds;

    PeerState(PeerId id, GossipVersion version, boolean outbound) {
      this.id = id;
      this.version = version;
      this.outbound = outbound;
    }
  }

  /** Items queued for one peer during the current call. */
  private static final class Outgoing {
    final List<SubOpts> subscriptions = new ArrayList<>(1);
    final LinkedHashMap<MessageId, PubsubMessage> messages = new LinkedHashMap<>();
    final LinkedHashMap<String, List<MessageId>> ihave = new LinkedHashMap<>();
    final List<MessageId> iwant = new ArrayList<>(0);
    final LinkedHashSet<String> graft = new LinkedHashSet<>();
    final LinkedHashMap<String, Prune> prune = new LinkedHashMap<>();
    final List<MessageId> idontwant = new ArrayList<>(0);
  }

  private final GossipsubConfig cfg;
  private final RpcCodec codec;
  private final MessageIdFunction idFunction;
  private final Validator validator;
  private final Delivery delivery;
  private final RpcSink sink;
  private final ScoreTracker score;
  private final RouterListener listener;
  private final LongSupplier clock;
  private final Random random;
  private final GossipMetrics metrics = new GossipMetrics();

  private final long pruneBackoffMs;
  private final long unsubscribeBackoffMs;
  private final long backoffSlackMs;
  private final long graftFloodMs;
  private final long maxBackoffMs;
  private final long fanoutTtlMs;
  private final long followupMs;
  private final long duplicateWindowMs;
  private final long validationTimeoutMs;

  private final Map<PeerId, PeerState> peers = new LinkedHashMap<>();
  private final Set<String> subscriptions = new LinkedHashSet<>();
  private final Map<String, Set<PeerId>> topicPeers = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> mesh = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> fanout = new LinkedHashMap<>();
  private final Map<String, Long> lastPub = new HashMap<>();
  private final Map<String, Map<PeerId, Long>> backoff = new LinkedHashMap<>();
  private final SeenCache<SeenRecord> seen;
  private final MessageCache mcache;
  private final LinkedHashMap<MessageId, Pending> pending = new LinkedHashMap<>();
  private final Map<MessageId, Map<PeerId, Long>> promises = new LinkedHashMap<>();
  private final Map<PeerId, Outgoing> outbox = new LinkedHashMap<>();
  private final Set<PeerId> graylisted = new HashSet<>();
  private long ticks;
  private long seenEvictionsReported;
  private boolean busy;

  private GossipRouter(Builder b) {
    this.cfg = b.config;
    this.codec = new RpcCodec(cfg.inboundLimits());
    this.idFunction = b.idFunction;
    this.validator = b.validator;
    this.delivery = b.delivery;
    this.sink = b.sink;
    this.score = b.score;
    this.listener = b.listener;
    this.clock = b.clock;
    this.random = b.random;
    this.pruneBackoffMs = cfg.pruneBackoff().toMillis();
    this.unsubscribeBackoffMs = cfg.unsubscribeBackoff().toMillis();
    this.backoffSlackMs = cfg.backoffSlack().toMillis();
    this.graftFloodMs = cfg.graftFloodThreshold().toMillis();
    this.maxBackoffMs = cfg.maxBackoff().toMillis();
    this.fanoutTtlMs = cfg.fanoutTtl().toMillis();
    this.followupMs = cfg.iwantFollowupTime().toMillis();
    this.duplicateWindowMs = cfg.duplicateDeliveryWindow().toMillis();
    this.validationTimeoutMs = cfg.validationTimeout().toMillis();
    this.seen = new SeenCache<>(cfg.seenTtl().toMillis(), cfg.maxSeenEntries(), clock);
    this.mcache = new MessageCache(cfg.historyLength(), cfg.historyGossip());
  }

  /** A builder; {@code sink} receives the outgoing frames. */
  public static Builder builder(GossipsubConfig config, RpcSink sink) {
    return new Builder(config, sink);
  }

  // ---------------------------------------------------------------------------------------------
  // Peers

  /**
   * A peer whose pubsub stream negotiated {@code protocolId}. Sends it our subscriptions.
   *
   * @param outbound true if we dialled the connection (counts towards D_out)
   * @param ip the peer's IP address for the score tracker, or null
   * @return false if the peer was already known (nothing changes)
   * @throws IllegalArgumentException if {@code protocolId} is not in {@link
   *     GossipsubConfig#protocols()}
   */
  public boolean addPeer(PeerId peer, String protocolId, boolean outbound, String ip) {
    GossipVersion v = cfg.protocols().get(protocolId);
    if (v == null) {
      throw new IllegalArgumentException("unsupported pubsub protocol " + protocolId);
    }
    begin();
    try {
      if (peers.containsKey(peer)) {
        return false;
      }
      peers.put(peer, new PeerState(peer, v, outbound));
      score.addPeer(peer, ip);
      if (!subscriptions.isEmpty()) {
        Outgoing o = out(peer);
        for (String t : subscriptions) {
          o.subscriptions.add(SubOpts.subscribe(t));
        }
      }
      return true;
    } finally {
      end();
    }
  }

  /** {@link #addPeer(PeerId, String, boolean, String)} without an IP address. */
  public boolean addPeer(PeerId peer, String protocolId, boolean outbound) {
    return addPeer(peer, protocolId, outbound, null);
  }

  /**
   * The peer's pubsub streams are gone: it leaves every mesh, fanout and topic. Its backoffs are
   * kept until they expire.
   */
  public void removePeer(PeerId peer) {
    begin();
    try {
      PeerState ps = peers.remove(peer);
      if (ps == null) {
        return;
      }
      for (String t : ps.topics) {
        removeTopicPeer(t, peer);
      }
      for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
        if (e.getValue().remove(peer)) {
          score.prune(peer, e.getKey());
        }
      }
      for (Set<PeerId> f : fanout.values()) {
        f.remove(peer);
      }
      for (Iterator<Map<PeerId, Long>> it = promises.values().iterator(); it.hasNext(); ) {
        Map<PeerId, Long> m = it.next();
        m.remove(peer);
        if (m.isEmpty()) {
          it.remove();
        }
      }
      outbox.remove(peer);
      graylisted.remove(peer);
      score.removePeer(peer);
    } finally {
      end();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Subscriptions (§5.1)

  /** JOIN: announces the subscription and builds the mesh (from fanout first), sending GRAFTs. */
  public void subscribe(String topic) {
    Objects.requireNonNull(topic, "topic");
    begin();
    try {
      if (!subscriptions.add(topic)) {
        return;
      }
      for (PeerId p : peers.keySet()) {
        out(p).subscriptions.add(SubOpts.subscribe(topic));
      }
      long now = clock.getAsLong();
      Set<PeerId> m = new LinkedHashSet<>();
      Set<PeerId> f = fanout.remove(topic);
      lastPub.remove(topic);
      if (f != null) {
        for (PeerId p : f) {
          if (score.score(p) >= 0 && !backedOff(topic, p, now)) {
            m.add(p);
          }
        }
      }
      mesh.put(topic, m);
      if (m.size() < cfg.d()) {
        List<PeerId> c = graftCandidates(topic, m, now, p -> true);
        for (PeerId p : c.subList(0, Math.min(c.size(), cfg.d() - m.size()))) {
          m.add(p);
        }
      }
      for (PeerId p : m) {
        score.graft(p, topic);
        queueGraft(p, topic);
      }
    } finally {
      end();
    }
  }

  /** LEAVE: announces it and PRUNEs the mesh with the unsubscribe backoff. */
  public void unsubscribe(String topic) {
    begin();
    try {
      if (!subscriptions.remove(topic)) {
        return;
      }
      for (PeerId p : peers.keySet()) {
        out(p).subscriptions.add(SubOpts.unsubscribe(topic));
      }
      long now = clock.getAsLong();
      Set<PeerId> m = mesh.remove(topic);
      if (m != null) {
        for (PeerId p : m) {
          score.prune(p, topic);
          queuePrune(p, topic, unsubscribeBackoffMs);
          addBackoff(p, topic, unsubscribeBackoffMs, now);
        }
      }
    } finally {
      end();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Publishing (§5.3)

  /**
   * Publishes a StrictNoSign message (only {@code data} and {@code topic}) to every topic peer at
   * or above the publish threshold (flood publish), or to the mesh / fanout when flood publishing
   * is off. The message is not delivered back to us.
   *
   * @return its id
   * @throws DuplicateMessageException if the id was already seen (same data within the seen TTL,
   *     §3.1)
   * @throws GossipsubException if the message would not fit into an RPC of the outbound size limit
   */
  public MessageId publish(String topic, byte[] data) throws GossipsubException {
    Objects.requireNonNull(topic, "topic");
    PubsubMessage m = PubsubMessage.of(topic, data);
    if (RpcCodec.singleMessageRpcSize(m) > cfg.maxOutboundRpcSize()) {
      throw new GossipsubException(
          "message of "
              + data.length
              + " bytes does not fit the outbound RPC limit "
              + cfg.maxOutboundRpcSize());
    }
    begin();
    try {
      MessageId id = idFunction.apply(m);
      long now = clock.getAsLong();
      SeenRecord rec = new SeenRecord(topic, null, now);
      rec.state = State.ACCEPTED;
      if (!seen.add(id, rec)) {
        throw new DuplicateMessageException(id);
      }
      mcache.put(id, m);
      Collection<PeerId> targets;
      if (cfg.floodPublish()) {
        Set<PeerId> all = new LinkedHashSet<>(topicPeers.getOrDefault(topic, Set.of()));
        all.addAll(mesh.getOrDefault(topic, Set.of()));
        targets = new ArrayList<>();
        for (PeerId p : all) {
          if (score.score(p) >= cfg.publishThreshold()) {
            targets.add(p);
          }
        }
      } else if (mesh.containsKey(topic)) {
        targets = mesh.get(topic);
      } else {
        Set<PeerId> f = fanout.get(topic);
        if (f == null) {
          f = new LinkedHashSet<>();
          List<PeerId> c =
              shuffled(
                  topicPeers.getOrDefault(topic, Set.of()),
                  p -> score.score(p) >= cfg.publishThreshold());
          f.addAll(c.subList(0, Math.min(cfg.d(), c.size())));
          fanout.put(topic, f);
        }
        lastPub.put(topic, now);
        targets = f;
      }
      for (PeerId p : targets) {
        out(p).messages.put(id, m);
      }
      metrics.inc(Event.PUBLISHED);
      return id;
    } finally {
      end();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving

  /**
   * Handles one RPC body received from {@code from} (the payload of one LP frame).
   *
   * @throws GossipsubException if it does not decode or breaks a limit; the host should reset the
   *     stream. Nothing of the RPC has been applied then.
   */
  public void onRpc(PeerId from, byte[] body) throws GossipsubException {
    begin();
    try {
      if (!admit(from)) {
        return;
      }
      Rpc rpc;
      try {
        rpc = codec.decode(body);
      } catch (GossipsubException e) {
        metrics.add(DropReason.DECODE_ERROR, 1);
        throw e;
      }
      handleRpc(peers.get(from), rpc);
    } finally {
      end();
    }
  }

  /** Handles an already decoded RPC from {@code from}. */
  public void onRpc(PeerId from, Rpc rpc) {
    begin();
    try {
      if (admit(from)) {
        handleRpc(peers.get(from), rpc);
      }
    } finally {
      end();
    }
  }

  /**
   * Delivers the verdict of a validation that returned {@link ValidationResult#PENDING}.
   *
   * @return false if the id is not pending (never was, already completed, or timed out)
   */
  public boolean completeValidation(MessageId id, ValidationResult result) {
    if (result == ValidationResult.PENDING) {
      throw new IllegalArgumentException("completeValidation needs a final result");
    }
    begin();
    try {
      Pending p = pending.remove(id);
      if (p == null) {
        return false;
      }
      finish(id, p.message(), p.record(), result, IgnoreReason.VALIDATOR);
      return true;
    } finally {
      end();
    }
  }

  private boolean admit(PeerId from) {
    if (!peers.containsKey(from)) {
      metrics.add(DropReason.UNKNOWN_PEER, 1);
      return false;
    }
    double s = score.score(from);
    if (s < cfg.graylistThreshold()) {
      metrics.add(DropReason.GRAYLISTED, 1);
      if (graylisted.add(from)) {
        listener.graylisted(from, s);
      }
      return false;
    }
    return true;
  }

  private void handleRpc(PeerState ps, Rpc rpc) {
    metrics.inc(Event.RPC_RECEIVED);
    long now = clock.getAsLong();
    for (SubOpts so : rpc.subscriptions()) {
      handleSubscription(ps, so);
    }
    ControlMessage ctl = rpc.control();
    for (IDontWant d : ctl.idontwant()) {
      handleIDontWant(ps, d);
    }
    for (PubsubMessage m : rpc.messages()) {
      handleMessage(ps, m, now);
    }
    if (ctl.isEmpty()) {
      return;
    }
    double s = score.score(ps.id);
    if (!ctl.ihave().isEmpty()) {
      handleIHave(ps, ctl.ihave(), s, now);
    }
    if (!ctl.iwant().isEmpty()) {
      handleIWant(ps, ctl.iwant(), s);
    }
    for (Graft g : ctl.graft()) {
      handleGraft(ps, g, s, now);
    }
    for (Prune p : ctl.prune()) {
      handlePrune(ps, p, s, now);
    }
  }

  private void handleSubscription(PeerState ps, SubOpts so) {
    String t = so.topic();
    if (t.isEmpty()) {
      return;
    }
    if (so.subscribe()) {
      if (!ps.topics.contains(t) && ps.topics.size() < cfg.maxTopicsPerPeer()) {
        ps.topics.add(t);
        topicPeers.computeIfAbsent(t, k -> new LinkedHashSet<>()).add(ps.id);
      }
    } else {
      // also when it never announced the topic: a peer may GRAFT without subscribing first
      if (ps.topics.remove(t)) {
        removeTopicPeer(t, ps.id);
      }
      Set<PeerId> m = mesh.get(t);
      if (m != null && m.remove(ps.id)) {
        score.prune(ps.id, t);
      }
      Set<PeerId> f = fanout.get(t);
      if (f != null) {
        f.remove(ps.id);
      }
    }
  }

  private void handleMessage(PeerState ps, PubsubMessage m, long now) {
    PeerId from = ps.id;
    String topic = m.topic();
    if (!subscriptions.contains(topic)) {
      metrics.inc(IgnoreReason.NOT_SUBSCRIBED);
      return;
    }
    MessageId id = idFunction.apply(m);
    SeenRecord rec = seen.get(id);
    if (rec != null) {
      metrics.inc(Event.DUPLICATE);
      if (rec.source == null) {
        return; // our own message coming back
      }
      switch (rec.state) {
        case PENDING -> {
          if (rec.duplicateSources == null) {
            rec.duplicateSources = new LinkedHashSet<>();
          }
          if (!from.equals(rec.source)) {
            rec.duplicateSources.add(from);
          }
        }
        case ACCEPTED -> {
          if (now < rec.firstSeen + duplicateWindowMs) {
            score.deliverDuplicate(from, rec.topic);
          }
        }
        case REJECTED -> score.reject(from, rec.topic);
        case IGNORED -> {}
      }
      return;
    }
    if (!m.isStrictNoSign()) {
      metrics.inc(RejectReason.SIGNATURE_POLICY);
      score.reject(from, topic);
      return;
    }
    rec = new SeenRecord(topic, from, now);
    seen.add(id, rec);
    promises.remove(id);
    if (m.dataSize() >= cfg.idontwantMinDataSize()) {
      for (PeerId p : mesh.getOrDefault(topic, Set.of())) {
        PeerState q = peers.get(p);
        if (!p.equals(from) && q != null && q.version.sendsIDontWant()) {
          out(p).idontwant.add(id);
          metrics.inc(Event.IDONTWANT_SENT);
        }
      }
    }
    ValidationResult r;
    IgnoreReason ignoreReason = IgnoreReason.VALIDATOR;
    try {
      r = validator.validate(topic, id, m, from);
    } catch (RuntimeException e) {
      LOG.warn("validator failed on message {}", id, e);
      r = ValidationResult.IGNORE;
      ignoreReason = IgnoreReason.VALIDATOR_ERROR;
    }
    if (r == ValidationResult.PENDING) {
      if (pending.size() >= cfg.maxPendingValidations()) {
        r = ValidationResult.IGNORE;
        ignoreReason = IgnoreReason.VALIDATION_QUEUE_FULL;
      } else {
        pending.put(id, new Pending(m, rec, now + validationTimeoutMs));
        return;
      }
    }
    finish(id, m, rec, r, ignoreReason);
  }

  private void finish(
      MessageId id, PubsubMessage m, SeenRecord rec, ValidationResult r, IgnoreReason reason) {
    Set<PeerId> dups = rec.duplicateSources == null ? Set.of() : rec.duplicateSources;
    rec.duplicateSources = null;
    switch (r) {
      case ACCEPT -> {
        rec.state = State.ACCEPTED;
        mcache.put(id, m);
        score.deliverFirst(rec.source, rec.topic);
        for (PeerId p : dups) {
          score.deliverDuplicate(p, rec.topic);
        }
        if (subscriptions.contains(rec.topic)) {
          metrics.inc(Event.DELIVERED);
          try {
            delivery.deliver(rec.topic, id, m, rec.source);
          } catch (RuntimeException e) {
            LOG.warn("delivery of message {} failed", id, e);
          }
        }
        forward(id, m, rec, dups);
      }
      case REJECT -> {
        rec.state = State.REJECTED;
        metrics.inc(RejectReason.VALIDATOR);
        score.reject(rec.source, rec.topic);
        for (PeerId p : dups) {
          score.reject(p, rec.topic);
        }
      }
      default -> {
        rec.state = State.IGNORED;
        metrics.inc(reason);
        score.ignore(rec.source, rec.topic);
      }
    }
  }

  /** §5.2: mesh (or fanout) minus the source, peers known to have it and IDONTWANT senders. */
  private void forward(MessageId id, PubsubMessage m, SeenRecord rec, Set<PeerId> dups) {
    Set<PeerId> targets = mesh.get(rec.topic);
    if (targets == null) {
      targets = fanout.get(rec.topic);
    }
    if (targets == null) {
      return;
    }
    for (PeerId p : targets) {
      if (p.equals(rec.source) || dups.contains(p)) {
        continue;
      }
      PeerState q = peers.get(p);
      if (q == null) {
        continue;
      }
      if (q.dontWant.containsKey(id)) {
        metrics.inc(Event.IDONTWANT_HONOURED);
        continue;
      }
      out(p).messages.put(id, m);
      metrics.inc(Event.FORWARDED);
    }
  }

  /** §6.3. */
  private void handleIHave(PeerState ps, List<IHave> ihaves, double s, long now) {
    if (s < cfg.gossipThreshold()) {
      return;
    }
    ps.ihaveRpcs++;
    if (ps.ihaveRpcs > cfg.maxIHaveMessages() || ps.idsAsked >= cfg.maxIHaveLength()) {
      return;
    }
    LinkedHashSet<MessageId> want = new LinkedHashSet<>();
    for (IHave h : ihaves) {
      if (!mesh.containsKey(h.topic())) {
        continue;
      }
      List<MessageId> ids = h.messageIds();
      int n = Math.min(ids.size(), cfg.maxIHaveLength());
      for (int i = 0; i < n; i++) {
        MessageId id = ids.get(i);
        if (!seen.contains(id)) {
          want.add(id);
        }
      }
    }
    if (want.isEmpty()) {
      return;
    }
    List<MessageId> list = new ArrayList<>(want);
    Collections.shuffle(list, random);
    int ask = Math.min(list.size(), cfg.maxIHaveLength() - ps.idsAsked);
    list = list.subList(0, ask);
    ps.idsAsked += ask;
    out(ps.id).iwant.addAll(list);
    metrics.inc(Event.IWANT_SENT);
    MessageId promised = list.get(random.nextInt(list.size()));
    promises
        .computeIfAbsent(promised, k -> new LinkedHashMap<>())
        .putIfAbsent(ps.id, now + followupMs);
  }

  /** §6.4. */
  private void handleIWant(PeerState ps, List<IWant> iwants, double s) {
    if (s < cfg.gossipThreshold()) {
      return;
    }
    for (IWant w : iwants) {
      for (MessageId id : w.messageIds()) {
        PubsubMessage m = mcache.get(id);
        if (m == null || ps.dontWant.containsKey(id)) {
          continue;
        }
        if (mcache.addTransmission(id, ps.id) > cfg.gossipRetransmission()) {
          continue;
        }
        out(ps.id).messages.put(id, m);
        metrics.inc(Event.IWANT_SERVED);
      }
    }
  }

  /** §6.5: remembered for a few heartbeats, capped per heartbeat. */
  private void handleIDontWant(PeerState ps, IDontWant d) {
    for (MessageId id : d.messageIds()) {
      if (ps.idontwantIds >= cfg.maxIDontWantIds()) {
        return;
      }
      ps.idontwantIds++;
      ps.dontWant.remove(id);
      ps.dontWant.put(id, ticks + cfg.idontwantTtlHeartbeats());
    }
  }

  /** §6.1. */
  private void handleGraft(PeerState ps, Graft g, double s, long now) {
    String topic = g.topic();
    Set<PeerId> m = mesh.get(topic);
    if (m == null || m.contains(ps.id)) {
      return; // not subscribed (v1.1: ignore), or already in the mesh
    }
    Long expiry = backoff.getOrDefault(topic, Map.of()).get(ps.id);
    if (expiry != null && now < expiry) {
      penalise(ps.id, 1);
      if (now < expiry - pruneBackoffMs + graftFloodMs) {
        penalise(ps.id, 1);
      }
      refuseGraft(ps.id, topic, now);
      return;
    }
    if (s < 0 || (m.size() >= cfg.dHigh() && !ps.outbound)) {
      refuseGraft(ps.id, topic, now);
      return;
    }
    m.add(ps.id);
    score.graft(ps.id, topic);
  }

  private void refuseGraft(PeerId p, String topic, long now) {
    queuePrune(p, topic, pruneBackoffMs);
    addBackoff(p, topic, pruneBackoffMs, now);
  }

  /** §6.2. */
  private void handlePrune(PeerState ps, Prune pr, double s, long now) {
    String topic = pr.topic();
    Set<PeerId> m = mesh.get(topic);
    if (m == null) {
      return;
    }
    if (m.remove(ps.id)) {
      score.prune(ps.id, topic);
    }
    long b = pruneBackoffMs;
    if (pr.backoffSeconds().isPresent() && pr.backoffSeconds().getAsLong() > 0) {
      long secs = pr.backoffSeconds().getAsLong();
      b = secs > maxBackoffMs / 1000 ? maxBackoffMs : secs * 1000;
    }
    addBackoff(ps.id, topic, b, now);
    if (!pr.peers().isEmpty() && s >= cfg.acceptPxThreshold()) {
      listener.peerExchange(
          ps.id, topic, pr.peers().subList(0, Math.min(pr.peers().size(), cfg.prunePeers())));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Heartbeat (§7)

  /**
   * One heartbeat: score refresh, housekeeping (backoffs, promises, IDONTWANT, validation timeouts,
   * graylist notifications), mesh maintenance and gossip per subscribed topic, fanout maintenance,
   * sending the coalesced control, then {@code mcache.shift()}.
   */
  public void heartbeat() {
    begin();
    try {
      long now = clock.getAsLong();
      ticks++;
      score.refresh(now);
      housekeeping(now);
      for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
        maintainMesh(e.getKey(), e.getValue(), now);
        emitGossip(e.getKey(), e.getValue());
      }
      maintainFanout(now);
      flush();
      mcache.shift();
    } finally {
      end();
    }
  }

  private void housekeeping(long now) {
    for (Iterator<Map<PeerId, Long>> it = backoff.values().iterator(); it.hasNext(); ) {
      Map<PeerId, Long> m = it.next();
      m.values().removeIf(expiry -> now >= expiry + backoffSlackMs);
      if (m.isEmpty()) {
        it.remove();
      }
    }
    Map<PeerId, Integer> broken = new LinkedHashMap<>();
    for (Iterator<Map<PeerId, Long>> it = promises.values().iterator(); it.hasNext(); ) {
      Map<PeerId, Long> m = it.next();
      for (Iterator<Map.Entry<PeerId, Long>> pi = m.entrySet().iterator(); pi.hasNext(); ) {
        Map.Entry<PeerId, Long> e = pi.next();
        if (e.getValue() < now) {
          broken.merge(e.getKey(), 1, Integer::sum);
          pi.remove();
        }
      }
      if (m.isEmpty()) {
        it.remove();
      }
    }
    broken.forEach(this::penalise);
    for (PeerState ps : peers.values()) {
      ps.ihaveRpcs = 0;
      ps.idsAsked = 0;
      ps.idontwantIds = 0;
      for (Iterator<Long> it = ps.dontWant.values().iterator(); it.hasNext(); ) {
        if (it.next() > ticks) {
          break;
        }
        it.remove();
      }
    }
    for (Iterator<Map.Entry<MessageId, Pending>> it = pending.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<MessageId, Pending> e = it.next();
      if (e.getValue().deadline() > now) {
        break;
      }
      it.remove();
      finish(
          e.getKey(),
          e.getValue().message(),
          e.getValue().record(),
          ValidationResult.IGNORE,
          IgnoreReason.VALIDATION_TIMEOUT);
    }
    seen.expire();
    long ev = seen.evictions();
    metrics.add(Event.SEEN_EVICTED, ev - seenEvictionsReported);
    seenEvictionsReported = ev;
    for (PeerId p : peers.keySet()) {
      double s = score.score(p);
      if (s < cfg.graylistThreshold()) {
        if (graylisted.add(p)) {
          listener.graylisted(p, s);
        }
      } else {
        graylisted.remove(p);
      }
    }
  }

  private void maintainMesh(String topic, Set<PeerId> m, long now) {
    Map<PeerId, Double> scores = new HashMap<>();
    for (PeerId p : m) {
      scores.put(p, score.score(p));
    }
    // 1. drop negative-score peers
    for (Iterator<PeerId> it = m.iterator(); it.hasNext(); ) {
      PeerId p = it.next();
      if (scores.get(p) < 0) {
        it.remove();
        pruneFromMesh(p, topic, now);
      }
    }
    // 2. too few
    if (m.size() < cfg.dLow()) {
      List<PeerId> c = graftCandidates(topic, m, now, p -> true);
      graftAll(topic, m, c.subList(0, Math.min(c.size(), cfg.d() - m.size())));
    }
    // 3. too many: keep D_score best, fill to D at random, then honour D_out
    if (m.size() > cfg.dHigh()) {
      List<PeerId> list = new ArrayList<>(m);
      Collections.shuffle(list, random);
      list.sort(Comparator.comparingDouble((PeerId p) -> scores.get(p)).reversed());
      Collections.shuffle(list.subList(Math.min(cfg.dScore(), list.size()), list.size()), random);
      List<PeerId> keep = new ArrayList<>(list.subList(0, cfg.d()));
      List<PeerId> drop = new ArrayList<>(list.subList(cfg.d(), list.size()));
      int outbound = countOutbound(keep);
      if (outbound < cfg.dOut()) {
        List<PeerId> promote = new ArrayList<>();
        for (Iterator<PeerId> it = drop.iterator();
            it.hasNext() && outbound + promote.size() < cfg.dOut(); ) {
          PeerId p = it.next();
          if (isOutbound(p)) {
            promote.add(p);
            it.remove();
          }
        }
        for (PeerId p : promote) {
          for (int i = keep.size() - 1; i >= 0; i--) {
            if (!isOutbound(keep.get(i))) {
              drop.add(keep.remove(i));
              break;
            }
          }
          keep.add(p);
        }
      }
      for (PeerId p : drop) {
        m.remove(p);
        pruneFromMesh(p, topic, now);
      }
    }
    // 4. outbound quota
    if (m.size() >= cfg.dLow()) {
      int outbound = countOutbound(m);
      if (outbound < cfg.dOut()) {
        List<PeerId> c = graftCandidates(topic, m, now, this::isOutbound);
        graftAll(topic, m, c.subList(0, Math.min(c.size(), cfg.dOut() - outbound)));
      }
    }
    // 5. opportunistic grafting
    if (ticks % cfg.opportunisticGraftTicks() == 0 && m.size() > 1) {
      List<Double> sorted = new ArrayList<>();
      for (PeerId p : m) {
        sorted.add(scores.containsKey(p) ? scores.get(p) : score.score(p));
      }
      Collections.sort(sorted);
      double median = sorted.get(sorted.size() / 2);
      if (median < cfg.opportunisticGraftThreshold()) {
        List<PeerId> c = graftCandidates(topic, m, now, p -> score.score(p) > median);
        graftAll(topic, m, c.subList(0, Math.min(c.size(), cfg.opportunisticGraftPeers())));
      }
    }
  }

  private void maintainFanout(long now) {
    for (Iterator<Map.Entry<String, Set<PeerId>>> it = fanout.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Set<PeerId>> e = it.next();
      String topic = e.getKey();
      Set<PeerId> f = e.getValue();
      if (lastPub.getOrDefault(topic, 0L) + fanoutTtlMs <= now) {
        it.remove();
        lastPub.remove(topic);
        continue;
      }
      Set<PeerId> inTopic = topicPeers.getOrDefault(topic, Set.of());
      f.removeIf(p -> !inTopic.contains(p) || score.score(p) < cfg.publishThreshold());
      if (f.size() < cfg.d()) {
        List<PeerId> c =
            shuffled(inTopic, p -> !f.contains(p) && score.score(p) >= cfg.publishThreshold());
        f.addAll(c.subList(0, Math.min(c.size(), cfg.d() - f.size())));
      }
      emitGossip(topic, f);
    }
  }

  /** §7.1. */
  private void emitGossip(String topic, Set<PeerId> exclude) {
    Set<PeerId> inTopic = topicPeers.getOrDefault(topic, Set.of());
    Predicate<PeerId> eligible =
        p -> !exclude.contains(p) && score.score(p) >= cfg.gossipThreshold();
    if (inTopic.stream().noneMatch(eligible)) {
      return; // nobody to gossip to: skip the walk over the mcache windows (no randomness used)
    }
    List<MessageId> ids = mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    List<PeerId> c = shuffled(inTopic, eligible);
    int target = Math.max(cfg.dLazy(), (int) (cfg.gossipFactor() * c.size()));
    for (PeerId p : c.subList(0, Math.min(target, c.size()))) {
      List<MessageId> send = ids;
      if (ids.size() > cfg.maxIHaveLength()) {
        send = new ArrayList<>(ids);
        Collections.shuffle(send, random);
        send = send.subList(0, cfg.maxIHaveLength());
      }
      out(p).ihave.computeIfAbsent(topic, k -> new ArrayList<>()).addAll(send);
      metrics.inc(Event.IHAVE_SENT);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private List<PeerId> graftCandidates(
      String topic, Set<PeerId> meshPeers, long now, Predicate<PeerId> extra) {
    return shuffled(
        topicPeers.getOrDefault(topic, Set.of()),
        p ->
            !meshPeers.contains(p)
                && !backedOff(topic, p, now)
                && score.score(p) >= 0
                && extra.test(p));
  }

  private void graftAll(String topic, Set<PeerId> m, List<PeerId> chosen) {
    for (PeerId p : List.copyOf(chosen)) {
      m.add(p);
      score.graft(p, topic);
      queueGraft(p, topic);
    }
  }

  /** Our own PRUNE of a mesh member already removed from the mesh set. */
  private void pruneFromMesh(PeerId p, String topic, long now) {
    score.prune(p, topic);
    queuePrune(p, topic, pruneBackoffMs);
    addBackoff(p, topic, pruneBackoffMs, now);
  }

  private List<PeerId> shuffled(Collection<PeerId> from, Predicate<PeerId> keep) {
    List<PeerId> out = new ArrayList<>();
    for (PeerId p : from) {
      if (keep.test(p)) {
        out.add(p);
      }
    }
    Collections.shuffle(out, random);
    return out;
  }

  private boolean backedOff(String topic, PeerId p, long now) {
    Long expiry = backoff.getOrDefault(topic, Map.of()).get(p);
    return expiry != null && now < expiry + backoffSlackMs;
  }

  private void addBackoff(PeerId p, String topic, long durationMs, long now) {
    long expiry = now + durationMs;
    backoff.computeIfAbsent(topic, k -> new LinkedHashMap<>()).merge(p, expiry, Math::max);
  }

  private boolean isOutbound(PeerId p) {
    PeerState ps = peers.get(p);
    return ps != null && ps.outbound;
  }

  private int countOutbound(Collection<PeerId> c) {
    int n = 0;
    for (PeerId p : c) {
      if (isOutbound(p)) {
        n++;
      }
    }
    return n;
  }

  private void penalise(PeerId p, int count) {
    score.behaviourPenalty(p, count);
    metrics.add(Event.BEHAVIOUR_PENALTY, count);
  }

  private void removeTopicPeer(String topic, PeerId p) {
    Set<PeerId> s = topicPeers.get(topic);
    if (s != null) {
      s.remove(p);
      if (s.isEmpty()) {
        topicPeers.remove(topic);
      }
    }
  }

  private Outgoing out(PeerId p) {
    return outbox.computeIfAbsent(p, k -> new Outgoing());
  }

  private void queueGraft(PeerId p, String topic) {
    out(p).graft.add(topic);
    metrics.inc(Event.GRAFT_SENT);
  }

  private void queuePrune(PeerId p, String topic, long backoffMs) {
    PeerState ps = peers.get(p);
    long secs = ps != null && ps.version.pruneBackoff() ? backoffMs / 1000 : -1;
    out(p).prune.put(topic, Prune.of(topic, secs));
    metrics.inc(Event.PRUNE_SENT);
  }

  private void begin() {
    if (busy) {
      throw new IllegalStateException("re-entrant call into GossipRouter from a callback");
    }
    busy = true;
  }

  private void end() {
    try {
      flush();
    } finally {
      busy = false;
    }
  }

  /** Sends what the current call queued: one split batch per peer. */
  private void flush() {
    if (outbox.isEmpty()) {
      return;
    }
    List<Map.Entry<PeerId, Outgoing>> batch = new ArrayList<>(outbox.entrySet());
    outbox.clear();
    for (Map.Entry<PeerId, Outgoing> e : batch) {
      PeerId p = e.getKey();
      if (!peers.containsKey(p)) {
        continue;
      }
      Rpc rpc = toRpc(p, e.getValue());
      if (rpc.isEmpty()) {
        continue;
      }
      RpcCodec.Split split = RpcCodec.encodeSplit(rpc, cfg.maxOutboundRpcSize());
      metrics.add(DropReason.OVERSIZE, split.droppedItems());
      for (byte[] frame : split.frames()) {
        if (sink.send(p, frame)) {
          metrics.inc(Event.RPC_SENT);
        } else {
          metrics.add(DropReason.QUEUE_FULL, 1);
        }
      }
    }
  }

  /**
   * Builds the RPC, dropping stale control (§7.2: GRAFT only if still meshed, PRUNE only if not).
   */
  private Rpc toRpc(PeerId p, Outgoing o) {
    List<Graft> grafts = new ArrayList<>(o.graft.size());
    for (String t : o.graft) {
      if (mesh.getOrDefault(t, Set.of()).contains(p)) {
        grafts.add(new Graft(t));
      }
    }
    List<Prune> prunes = new ArrayList<>(o.prune.size());
    for (Prune pr : o.prune.values()) {
      if (!mesh.getOrDefault(pr.topic(), Set.of()).contains(p)) {
        prunes.add(pr);
      }
    }
    List<IHave> ihave = new ArrayList<>(o.ihave.size());
    o.ihave.forEach((t, ids) -> ihave.add(new IHave(t, ids)));
    List<IWant> iwant = o.iwant.isEmpty() ? List.of() : List.of(new IWant(o.iwant));
    List<IDontWant> idw = o.idontwant.isEmpty() ? List.of() : List.of(new IDontWant(o.idontwant));
    return new Rpc(
        o.subscriptions,
        new ArrayList<>(o.messages.values()),
        new ControlMessage(ihave, iwant, grafts, prunes, idw));
  }

  // ---------------------------------------------------------------------------------------------
  // Read-only views (for the host, metrics and tests)

  public GossipsubConfig config() {
    return cfg;
  }

  public RpcCodec codec() {
    return codec;
  }

  public GossipMetrics metrics() {
    return metrics;
  }

  /** Topics we are subscribed to. */
  public Set<String> subscriptions() {
    return Set.copyOf(subscriptions);
  }

  /** Connected pubsub peers. */
  public Set<PeerId> peers() {
    return Set.copyOf(peers.keySet());
  }

  /** Our mesh for {@code topic} (empty if not subscribed). */
  public Set<PeerId> meshPeers(String topic) {
    return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
  }

  /** Our fanout set for {@code topic}. */
  public Set<PeerId> fanoutPeers(String topic) {
    return Set.copyOf(fanout.getOrDefault(topic, Set.of()));
  }

  /** Connected peers that announced {@code topic}. */
  public Set<PeerId> topicPeers(String topic) {
    return Set.copyOf(topicPeers.getOrDefault(topic, Set.of()));
  }

  /** True while we would not GRAFT {@code peer} on {@code topic} (backoff plus slack). */
  public boolean isBackedOff(String topic, PeerId peer) {
    return backedOff(topic, peer, clock.getAsLong());
  }

  /** Messages waiting for an asynchronous validation verdict. */
  public int pendingValidations() {
    return pending.size();
  }

  /** Heartbeats run so far. */
  public long heartbeats() {
    return ticks;
  }

  /** True if {@code id} is in the message cache (can be served to IWANT). */
  public boolean isCached(MessageId id) {
    return mcache.contains(id);
  }

  /** True if {@code id} is in the seen cache. */
  public boolean hasSeen(MessageId id) {
    return seen.contains(id);
  }

  /** Configures and creates a {@link GossipRouter}. */
  public static final class Builder {
    private final GossipsubConfig config;
    private final RpcSink sink;
    private MessageIdFunction idFunction = MessageIdFunction.sha256OfData();
    private Validator validator = Validator.acceptAll();
    private Delivery delivery = (topic, id, message, from) -> {};
    private ScoreTracker score = ScoreTracker.none();
    private RouterListener listener = RouterListener.none();
    private LongSupplier clock = () -> System.nanoTime() / 1_000_000;
    private Random random;

    private Builder(GossipsubConfig config, RpcSink sink) {
      this.config = Objects.requireNonNull(config, "config");
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Default: {@link MessageIdFunction#sha256OfData()}. */
    public Builder idFunction(MessageIdFunction f) {
      this.idFunction = Objects.requireNonNull(f);
      return this;
    }

    /** Default: accept everything. */
    public Builder validator(Validator v) {
      this.validator = Objects.requireNonNull(v);
      return this;
    }

    /** Default: discard. */
    public Builder delivery(Delivery d) {
      this.delivery = Objects.requireNonNull(d);
      return this;
    }

    /** Default: {@link ScoreTracker#none()}. */
    public Builder scoreTracker(ScoreTracker s) {
      this.score = Objects.requireNonNull(s);
      return this;
    }

    /** Default: {@link RouterListener#none()}. */
    public Builder listener(RouterListener l) {
      this.listener = Objects.requireNonNull(l);
      return this;
    }

    /** Milliseconds, never decreasing. Default: {@code System.nanoTime() / 1e6}. */
    public Builder clock(LongSupplier c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** Peer selection randomness. Default: a {@link SecureRandom}. */
    public Builder random(Random r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    public GossipRouter build() {
      if (random == null) {
        random = new SecureRandom();
      }
      return new GossipRouter(this);
    }
  }
}

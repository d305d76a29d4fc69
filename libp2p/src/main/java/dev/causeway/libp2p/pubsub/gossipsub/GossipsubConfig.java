package dev.causeway.libp2p.pubsub.gossipsub;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Parameters of a {@link GossipRouter} (spec libp2p-gossipsub.md §7, §8.2, §8.3, §9). {@link
 * #defaults()} is the nwaku column of §9 (also the 29/WAKU2-CONFIG profile apart from mcache 6 and
 * D_score 6) with nwaku's score thresholds (§8.3); where nwaku inherits a value from nim-libp2p the
 * nim value is used, otherwise go's.
 *
 * @param d D, the desired mesh degree (nwaku 6)
 * @param dLow D_low: below it the heartbeat grafts up to D (nwaku 4)
 * @param dHigh D_high: above it the heartbeat prunes down to D (nwaku 8; spec 12)
 * @param dLazy D_lazy: least number of peers gossiped to per topic (nwaku 6)
 * @param dScore D_score: peers kept by score when pruning an oversized mesh (nwaku 6)
 * @param dOut D_out: least number of outbound-connection peers in a mesh (nwaku 3)
 * @param heartbeatInterval how often the host should call {@link GossipRouter#heartbeat()} (1 s);
 *     the router counts heartbeats, it does not schedule them
 * @param historyLength mcache windows kept, i.e. how long IWANT can be served (nwaku 6)
 * @param historyGossip newest mcache windows advertised in IHAVE (3)
 * @param seenTtl how long a message id stays in the seen cache (2 min)
 * @param maxSeenEntries size bound of the seen cache
 * @param fanoutTtl fanout state of a topic we stopped publishing to is dropped after this (60 s)
 * @param pruneBackoff backoff after a PRUNE without (or with zero) backoff, and the backoff we send
 *     (1 min)
 * @param unsubscribeBackoff backoff sent and applied when we leave a topic (nwaku 5 s)
 * @param backoffSlack extra wait after a backoff before we GRAFT again (nim and 29/WAKU2-CONFIG: 2
 *     s)
 * @param graftFloodThreshold a GRAFT this soon after our PRUNE earns a second behaviour penalty
 *     (go, js: 10 s)
 * @param maxBackoff a peer's PRUNE backoff is clamped to this (nim: one day)
 * @param floodPublish publish own messages to every topic peer above the publish threshold (true
 *     everywhere)
 * @param gossipFactor fraction of eligible peers gossiped to when above D_lazy (0.25)
 * @param opportunisticGraftTicks opportunistic grafting every this many heartbeats (nim, hence
 *     nwaku: every heartbeat; go, js: 60)
 * @param opportunisticGraftPeers peers grafted by one opportunistic graft (2)
 * @param gossipRetransmission IWANT answers per (message, peer) (go, js: 3)
 * @param maxIHaveLength ids requested from one peer per heartbeat, and ids per IHAVE we send (5000)
 * @param maxIHaveMessages IHAVE-carrying RPCs accepted from one peer per heartbeat (10)
 * @param iwantFollowupTime a requested message must arrive within this or the IHAVE sender is
 *     penalised (3 s)
 * @param maxIDontWantIds IDONTWANT ids remembered from one peer per heartbeat (go 1000 RPCs, js
 *     512, nim 1000 ids)
 * @param idontwantTtlHeartbeats heartbeats an IDONTWANT id is honoured (go 3)
 * @param idontwantMinDataSize we send IDONTWANT to v1.2 mesh peers for messages with at least this
 *     much data (go 1024)
 * @param prunePeers peer-exchange entries of one PRUNE passed to the listener (16)
 * @param gossipThreshold below it: no gossip to the peer, its IHAVE/IWANT ignored (nwaku -100)
 * @param publishThreshold below it: not a flood-publish or fanout target (nwaku -1000)
 * @param graylistThreshold below it: all the peer's RPCs ignored, host told to disconnect (nwaku
 *     -10000)
 * @param acceptPxThreshold peer exchange only from peers at least this good (nwaku 0)
 * @param opportunisticGraftThreshold median mesh score below it triggers opportunistic grafting
 *     (nwaku 0)
 * @param duplicateDeliveryWindow a valid duplicate this soon after the first copy counts as a
 *     near-first delivery; duplicates that arrive while the first copy is still being validated
 *     always count (nwaku: P3 disabled, window 0)
 * @param maxPendingValidations messages waiting for an asynchronous validator; more are ignored
 * @param validationTimeout a pending validation not completed within this is treated as IGNORE
 * @param maxTopicsPerPeer topics remembered per peer; further subscriptions are ignored
 * @param inboundLimits bounds of received RPCs (1 MiB frames by default, spec section 1)
 * @param maxOutboundRpcSize largest RPC body we send; batches are split to fit (nwaku reads at most
 *     150 KiB = 153 600)
 * @param peerOutboundQueueFrames frames an {@link OutboundQueue} holds per peer (our choice, 1024;
 *     the spec digest lists no value)
 * @param peerOutboundQueueBytes bytes an {@link OutboundQueue} holds per peer (our choice, 8 MiB)
 * @param protocols negotiated protocol id to the semantics applied to peers that speak it
 */
public record GossipsubConfig(
    int d,
    int dLow,
    int dHigh,
    int dLazy,
    int dScore,
    int dOut,
    Duration heartbeatInterval,
    int historyLength,
    int historyGossip,
    Duration seenTtl,
    int maxSeenEntries,
    Duration fanoutTtl,
    Duration pruneBackoff,
    Duration unsubscribeBackoff,
    Duration backoffSlack,
    Duration graftFloodThreshold,
    Duration maxBackoff,
    boolean floodPublish,
    double gossipFactor,
    int opportunisticGraftTicks,
    int opportunisticGraftPeers,
    int gossipRetransmission,
    int maxIHaveLength,
    int maxIHaveMessages,
    Duration iwantFollowupTime,
    int maxIDontWantIds,
    int idontwantTtlHeartbeats,
    int idontwantMinDataSize,
    int prunePeers,
    double gossipThreshold,
    double publishThreshold,
    double graylistThreshold,
    double acceptPxThreshold,
    double opportunisticGraftThreshold,
    Duration duplicateDeliveryWindow,
    int maxPendingValidations,
    Duration validationTimeout,
    int maxTopicsPerPeer,
    RpcLimits inboundLimits,
    int maxOutboundRpcSize,
    int peerOutboundQueueFrames,
    long peerOutboundQueueBytes,
    Map<String, GossipVersion> protocols) {

  /** {@code /meshsub/1.0.0} (spec §1). */
  public static final String MESHSUB_V10 = "/meshsub/1.0.0";

  /** {@code /meshsub/1.1.0} (spec §1). */
  public static final String MESHSUB_V11 = "/meshsub/1.1.0";

  /** {@code /meshsub/1.2.0} (spec §1). */
  public static final String MESHSUB_V12 = "/meshsub/1.2.0";

  /** nwaku's largest RPC: its 150 KiB max message size bounds every pubsub read (spec §1). */
  public static final int NWAKU_MAX_RPC_SIZE = 150 * 1024;

  public GossipsubConfig {
    Objects.requireNonNull(inboundLimits, "inboundLimits");
    protocols = Map.copyOf(protocols);
    for (Duration v :
        new Duration[] {
          heartbeatInterval,
          seenTtl,
          fanoutTtl,
          pruneBackoff,
          unsubscribeBackoff,
          backoffSlack,
          graftFloodThreshold,
          maxBackoff,
          iwantFollowupTime,
          duplicateDeliveryWindow,
          validationTimeout
        }) {
      if (v == null || v.isNegative()) {
        throw new IllegalArgumentException("durations must be set and not negative");
      }
    }
    if (heartbeatInterval.isZero() || seenTtl.isZero() || fanoutTtl.isZero()) {
      throw new IllegalArgumentException("heartbeat, seen TTL and fanout TTL must be positive");
    }
    if (dLow < 0 || dLow > d || d > dHigh) {
      throw new IllegalArgumentException("need 0 <= D_low <= D <= D_high");
    }
    if (dLazy < 0 || dScore < 0 || dScore > dHigh) {
      throw new IllegalArgumentException("need D_lazy >= 0 and 0 <= D_score <= D_high");
    }
    if (dOut < 0 || (dOut > 0 && (dOut >= dLow || dOut > d / 2))) {
      throw new IllegalArgumentException("need D_out < D_low and D_out <= D/2 (spec §9)");
    }
    if (historyGossip < 1 || historyGossip > historyLength) {
      throw new IllegalArgumentException("need 1 <= history_gossip <= history_length");
    }
    if (!(gossipFactor >= 0 && gossipFactor <= 1)) {
      throw new IllegalArgumentException("gossipFactor must be in [0, 1]");
    }
    if (gossipThreshold > 0
        || publishThreshold > gossipThreshold
        || graylistThreshold >= publishThreshold
        || acceptPxThreshold < 0
        || opportunisticGraftThreshold < 0) {
      throw new IllegalArgumentException(
          "need graylist < publish <= gossip <= 0, acceptPX >= 0, opportunisticGraft >= 0 (§8.2)");
    }
    for (int v :
        new int[] {
          maxSeenEntries, opportunisticGraftTicks, gossipRetransmission, maxIHaveLength,
          maxIHaveMessages, maxIDontWantIds, idontwantTtlHeartbeats, maxPendingValidations,
          maxTopicsPerPeer, maxOutboundRpcSize, peerOutboundQueueFrames
        }) {
      if (v <= 0) {
        throw new IllegalArgumentException("counts and sizes must be positive");
      }
    }
    if (opportunisticGraftPeers < 0 || prunePeers < 0 || idontwantMinDataSize < 0) {
      throw new IllegalArgumentException("opportunisticGraftPeers, prunePeers must be >= 0");
    }
    if (peerOutboundQueueBytes <= 0) {
      throw new IllegalArgumentException("peerOutboundQueueBytes must be positive");
    }
  }

  /**
   * The nwaku profile (spec §9, §8.3): D 6 / D_low 4 / D_high 8 / D_lazy 6 / D_score 6 / D_out 3;
   * heartbeat 1 s; mcache 6 windows, gossip 3; seen 2 min (at most 100 000 ids); fanout 60 s; PRUNE
   * backoff 1 min, unsubscribe backoff 5 s, slack 2 s, GRAFT flood 10 s, backoff cap 1 day; flood
   * publish on; gossip factor 0.25; opportunistic graft every heartbeat (nim), 2 peers; IWANT
   * retransmission 3; IHAVE 5000 ids / 10 RPCs per heartbeat; IWANT follow-up 3 s; IDONTWANT 1000
   * ids per heartbeat kept 3 heartbeats, sent for data of 1024+ bytes to v1.2 peers; PX 16;
   * thresholds gossip -100, publish -1000, graylist -10000, accept PX 0, opportunistic graft 0;
   * duplicate window 0; 1024 pending validations for at most 30 s; 5000 topics per peer; 1 MiB
   * inbound and 150 KiB outbound RPCs; per-peer queue 1024 frames / 8 MiB; protocols {@code
   * /meshsub/1.2.0}, {@code /meshsub/1.1.0}, {@code /meshsub/1.0.0}.
   */
  public static GossipsubConfig defaults() {
    Map<String, GossipVersion> protocols = new LinkedHashMap<>();
    protocols.put(MESHSUB_V12, GossipVersion.V1_2);
    protocols.put(MESHSUB_V11, GossipVersion.V1_1);
    protocols.put(MESHSUB_V10, GossipVersion.V1_0);
    return new GossipsubConfig(
        6,
        4,
        8,
        6,
        6,
        3,
        Duration.ofSeconds(1),
        6,
        3,
        Duration.ofMinutes(2),
        100_000,
        Duration.ofSeconds(60),
        Duration.ofMinutes(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofDays(1),
        true,
        0.25,
        1,
        2,
        3,
        5000,
        10,
        Duration.ofSeconds(3),
        1000,
        3,
        1024,
        16,
        -100,
        -1000,
        -10_000,
        0,
        0,
        Duration.ZERO,
        1024,
        Duration.ofSeconds(30),
        5000,
        RpcLimits.defaults(),
        NWAKU_MAX_RPC_SIZE,
        1024,
        8L * 1024 * 1024,
        protocols);
  }

  /** A copy that also maps {@code protocolId} (e.g. an application relay codec) to {@code v}. */
  public GossipsubConfig withProtocol(String protocolId, GossipVersion v) {
    Map<String, GossipVersion> p = new LinkedHashMap<>(protocols);
    p.put(protocolId, v);
    return toBuilder().protocols(p).build();
  }

  /** A copy with flood publishing switched on or off. */
  public GossipsubConfig withFloodPublish(boolean on) {
    return toBuilder().floodPublish(on).build();
  }

  /** A copy with other mesh degrees. */
  public GossipsubConfig withDegrees(int d, int dLow, int dHigh, int dLazy, int dScore, int dOut) {
    return toBuilder().d(d).dLow(dLow).dHigh(dHigh).dLazy(dLazy).dScore(dScore).dOut(dOut).build();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.d = d;
    b.dLow = dLow;
    b.dHigh = dHigh;
    b.dLazy = dLazy;
    b.dScore = dScore;
    b.dOut = dOut;
    b.heartbeatInterval = heartbeatInterval;
    b.historyLength = historyLength;
    b.historyGossip = historyGossip;
    b.seenTtl = seenTtl;
    b.maxSeenEntries = maxSeenEntries;
    b.fanoutTtl = fanoutTtl;
    b.pruneBackoff = pruneBackoff;
    b.unsubscribeBackoff = unsubscribeBackoff;
    b.backoffSlack = backoffSlack;
    b.graftFloodThreshold = graftFloodThreshold;
    b.maxBackoff = maxBackoff;
    b.floodPublish = floodPublish;
    b.gossipFactor = gossipFactor;
    b.opportunisticGraftTicks = opportunisticGraftTicks;
    b.opportunisticGraftPeers = opportunisticGraftPeers;
    b.gossipRetransmission = gossipRetransmission;
    b.maxIHaveLength = maxIHaveLength;
    b.maxIHaveMessages = maxIHaveMessages;
    b.iwantFollowupTime = iwantFollowupTime;
    b.maxIDontWantIds = maxIDontWantIds;
    b.idontwantTtlHeartbeats = idontwantTtlHeartbeats;
    b.idontwantMinDataSize = idontwantMinDataSize;
    b.prunePeers = prunePeers;
    b.gossipThreshold = gossipThreshold;
    b.publishThreshold = publishThreshold;
    b.graylistThreshold = graylistThreshold;
    b.acceptPxThreshold = acceptPxThreshold;
    b.opportunisticGraftThreshold = opportunisticGraftThreshold;
    b.duplicateDeliveryWindow = duplicateDeliveryWindow;
    b.maxPendingValidations = maxPendingValidations;
    b.validationTimeout = validationTimeout;
    b.maxTopicsPerPeer = maxTopicsPerPeer;
    b.inboundLimits = inboundLimits;
    b.maxOutboundRpcSize = maxOutboundRpcSize;
    b.peerOutboundQueueFrames = peerOutboundQueueFrames;
    b.peerOutboundQueueBytes = peerOutboundQueueBytes;
    b.protocols = protocols;
    return b;
  }

  /** Mutable holder for building a changed copy. */
  public static final class Builder {
    private int d;
    private int dLow;
    private int dHigh;
    private int dLazy;
    private int dScore;
    private int dOut;
    private Duration heartbeatInterval;
    private int historyLength;
    private int historyGossip;
    private Duration seenTtl;
    private int maxSeenEntries;
    private Duration fanoutTtl;
    private Duration pruneBackoff;
    private Duration unsubscribeBackoff;
    private Duration backoffSlack;
    private Duration graftFloodThreshold;
    private Duration maxBackoff;
    private boolean floodPublish;
    private double gossipFactor;
    private int opportunisticGraftTicks;
    private int opportunisticGraftPeers;
    private int gossipRetransmission;
    private int maxIHaveLength;
    private int maxIHaveMessages;
    private Duration iwantFollowupTime;
    private int maxIDontWantIds;
    private int idontwantTtlHeartbeats;
    private int idontwantMinDataSize;
    private int prunePeers;
    private double gossipThreshold;
    private double publishThreshold;
    private double graylistThreshold;
    private double acceptPxThreshold;
    private double opportunisticGraftThreshold;
    private Duration duplicateDeliveryWindow;
    private int maxPendingValidations;
    private Duration validationTimeout;
    private int maxTopicsPerPeer;
    private RpcLimits inboundLimits;
    private int maxOutboundRpcSize;
    private int peerOutboundQueueFrames;
    private long peerOutboundQueueBytes;
    private Map<String, GossipVersion> protocols;

    private Builder() {}

    public Builder d(int v) {
      this.d = v;
      return this;
    }

    public Builder dLow(int v) {
      this.dLow = v;
      return this;
    }

    public Builder dHigh(int v) {
      this.dHigh = v;
      return this;
    }

    public Builder dLazy(int v) {
      this.dLazy = v;
      return this;
    }

    public Builder dScore(int v) {
      this.dScore = v;
      return this;
    }

    public Builder dOut(int v) {
      this.dOut = v;
      return this;
    }

    public Builder heartbeatInterval(Duration v) {
      this.heartbeatInterval = v;
      return this;
    }

    public Builder historyLength(int v) {
      this.historyLength = v;
      return this;
    }

    public Builder historyGossip(int v) {
      this.historyGossip = v;
      return this;
    }

    public Builder seenTtl(Duration v) {
      this.seenTtl = v;
      return this;
    }

    public Builder maxSeenEntries(int v) {
      this.maxSeenEntries = v;
      return this;
    }

    public Builder fanoutTtl(Duration v) {
      this.fanoutTtl = v;
      return this;
    }

    public Builder pruneBackoff(Duration v) {
      this.pruneBackoff = v;
      return this;
    }

    public Builder unsubscribeBackoff(Duration v) {
      this.unsubscribeBackoff = v;
      return this;
    }

    public Builder backoffSlack(Duration v) {
      this.backoffSlack = v;
      return this;
    }

    public Builder graftFloodThreshold(Duration v) {
      this.graftFloodThreshold = v;
      return this;
    }

    public Builder maxBackoff(Duration v) {
      this.maxBackoff = v;
      return this;
    }

    public Builder floodPublish(boolean v) {
      this.floodPublish = v;
      return this;
    }

    public Builder gossipFactor(double v) {
      this.gossipFactor = v;
      return this;
    }

    public Builder opportunisticGraftTicks(int v) {
      this.opportunisticGraftTicks = v;
      return this;
    }

    public Builder opportunisticGraftPeers(int v) {
      this.opportunisticGraftPeers = v;
      return this;
    }

    public Builder gossipRetransmission(int v) {
      this.gossipRetransmission = v;
      return this;
    }

    public Builder maxIHaveLength(int v) {
      this.maxIHaveLength = v;
      return this;
    }

    public Builder maxIHaveMessages(int v) {
      this.maxIHaveMessages = v;
      return this;
    }

    public Builder iwantFollowupTime(Duration v) {
      this.iwantFollowupTime = v;
      return this;
    }

    public Builder maxIDontWantIds(int v) {
      this.maxIDontWantIds = v;
      return this;
    }

    public Builder idontwantTtlHeartbeats(int v) {
      this.idontwantTtlHeartbeats = v;
      return this;
    }

    public Builder idontwantMinDataSize(int v) {
      this.idontwantMinDataSize = v;
      return this;
    }

    public Builder prunePeers(int v) {
      this.prunePeers = v;
      return this;
    }

    public Builder gossipThreshold(double v) {
      this.gossipThreshold = v;
      return this;
    }

    public Builder publishThreshold(double v) {
      this.publishThreshold = v;
      return this;
    }

    public Builder graylistThreshold(double v) {
      this.graylistThreshold = v;
      return this;
    }

    public Builder acceptPxThreshold(double v) {
      this.acceptPxThreshold = v;
      return this;
    }

    public Builder opportunisticGraftThreshold(double v) {
      this.opportunisticGraftThreshold = v;
      return this;
    }

    public Builder duplicateDeliveryWindow(Duration v) {
      this.duplicateDeliveryWindow = v;
      return this;
    }

    public Builder maxPendingValidations(int v) {
      this.maxPendingValidations = v;
      return this;
    }

    public Builder validationTimeout(Duration v) {
      this.validationTimeout = v;
      return this;
    }

    public Builder maxTopicsPerPeer(int v) {
      this.maxTopicsPerPeer = v;
      return this;
    }

    public Builder inboundLimits(RpcLimits v) {
      this.inboundLimits = v;
      return this;
    }

    public Builder maxOutboundRpcSize(int v) {
      this.maxOutboundRpcSize = v;
      return this;
    }

    public Builder peerOutboundQueueFrames(int v) {
      this.peerOutboundQueueFrames = v;
      return this;
    }

    public Builder peerOutboundQueueBytes(long v) {
      this.peerOutboundQueueBytes = v;
      return this;
    }

    public Builder protocols(Map<String, GossipVersion> v) {
      this.protocols = v;
      return this;
    }

    public GossipsubConfig build() {
      return new GossipsubConfig(
          d,
          dLow,
          dHigh,
          dLazy,
          dScore,
          dOut,
          heartbeatInterval,
          historyLength,
          historyGossip,
          seenTtl,
          maxSeenEntries,
          fanoutTtl,
          pruneBackoff,
          unsubscribeBackoff,
          backoffSlack,
          graftFloodThreshold,
          maxBackoff,
          floodPublish,
          gossipFactor,
          opportunisticGraftTicks,
          opportunisticGraftPeers,
          gossipRetransmission,
          maxIHaveLength,
          maxIHaveMessages,
          iwantFollowupTime,
          maxIDontWantIds,
          idontwantTtlHeartbeats,
          idontwantMinDataSize,
          prunePeers,
          gossipThreshold,
          publishThreshold,
          graylistThreshold,
          acceptPxThreshold,
          opportunisticGraftThreshold,
          duplicateDeliveryWindow,
          maxPendingValidations,
          validationTimeout,
          maxTopicsPerPeer,
          inboundLimits,
          maxOutboundRpcSize,
          peerOutboundQueueFrames,
          peerOutboundQueueBytes,
          protocols);
    }
  }
}

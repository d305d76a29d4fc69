package dev.causeway.bridge.it;

import dev.causeway.bridge.Bridge;
import dev.causeway.bridge.BridgeConfig;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.GossipMetrics;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.testing.Await;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.waku.WakuV1Config;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.pool.DropReason;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessageValidator;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Test support: a Waku v1 network and a Waku v2 network on 127.0.0.1 (ephemeral ports) joined by
 * any number of bridges. Each network is a full mesh of its nodes: v1 user nodes plus each bridge's
 * own {@link WakuV1Node}; v2 user nodes plus each bridge's own {@link WakuV2Node} (later nodes dial
 * earlier ones, so every pair has exactly one connection). Each bridge is a {@link Bridge} over its
 * two nodes, with a registry of its own.
 *
 * <p>{@link Builder#start()} starts all nodes, waits until both networks are connected (every v1
 * node has an active {@code waku/1} session with every other; every v2 node knows every other as
 * subscribed to each relayed topic and has a mesh on it), and only then starts the bridges, so a
 * test can publish at once. Extra v2 peers (a js-waku process) are dialled by the bridges' v2 nodes
 * through {@link Builder#bridgeV2StaticNodes}.
 *
 * <p>Also offers {@link DeliveryCounter}s (deliveries per payload, so duplicates show) and {@link
 * #await}, a poll on a scheduler thread with a deadline (no sleeping test thread), and {@link
 * #networkDrops()}: everything the networks themselves dropped (gossipsub queues, relay hand-off,
 * v1 pools), which a loss test asserts to be zero next to the bridges' own drop counters.
 *
 * <p>Spec: ARCHITECTURE.md §3 (a message's way), §6 (two bridges on the same networks),
 * bridge-mapping.md §1.
 */
public final class BridgeTestNetwork implements AutoCloseable {
  /*
   * Design: the harness owns every node and closes them in reverse order of creation (bridges
   * first, then their nodes, then the users), so a failing test never leaks sockets or threads.
   * Connectivity is checked by polling state the nodes expose (active waku sessions, gossipsub
   * topic peers and mesh) rather than by sending probe messages, which would pollute the counts
   * the tests make. The v2 message validator is widened to a ten-minute clock gap: under a 10,000
   * message burst on two busy cores a message may sit in queues for seconds, and the test is
   * about the bridge, not about the relay's ±20 s rule. v1 flooding runs every 50 ms so that the
   * burst settles quickly.
   */

  /**
   * The relay validation of every v2 node here (and what bridges should be told): The Waku
   * Network's rules with a ten-minute clock gap.
   */
  public static final WakuMessageValidator.Config V2_VALIDATION =
      WakuMessageValidator.Config.theWakuNetwork().withMaxClockGap(Duration.ofMinutes(10));

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String HOST = "127.0.0.1";

  private final Builder spec;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<WakuV1Node> v1Users = new ArrayList<>();
  private final List<WakuV2Node> v2Users = new ArrayList<>();
  private final List<BridgeNode> bridges = new ArrayList<>();
  private final List<WakuV1Node> allV1 = new ArrayList<>();
  private final List<WakuV2Node> allV2 = new ArrayList<>();

  /**
   * One bridge appliance: its own v1 node, v2 node and the {@link Bridge} between them.
   *
   * @param registry the bridge's registry (its nodes have their own)
   */
  public record BridgeNode(WakuV1Node v1, WakuV2Node v2, Bridge bridge, MeterRegistry registry) {}

  private BridgeTestNetwork(Builder spec) {
    this.spec = spec;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What to start; all settings have test-friendly defaults. */
  public static final class Builder {
    private int v1Users = 1;
    private int v2Users = 1;
    private int bridges = 1;
    private Clock clock = Clock.systemUTC();
    private List<PubsubTopic> v2Topics = List.of(PubsubTopic.DEFAULT);
    private int clusterId = 0;
    private double v1MinPow = 0.002;
    private Duration floodInterval = Duration.ofMillis(50);
    private UnaryOperator<WakuV1Config> v1Tweak = UnaryOperator.identity();
    private UnaryOperator<GossipsubConfig> gossipTweak = UnaryOperator.identity();
    private Supplier<BridgeConfig> bridgeConfig = BridgeConfig::defaults;
    private List<Multiaddr> bridgeV2StaticNodes = List.of();
    private Duration connectTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** Number of plain v1 nodes (publishers, observers). */
    public Builder v1Users(int n) {
      this.v1Users = n;
      return this;
    }

    /** Number of plain v2 nodes (publishers, observers). */
    public Builder v2Users(int n) {
      this.v2Users = n;
      return this;
    }

    /** Number of bridges, all active at once. */
    public Builder bridges(int n) {
      this.bridges = n;
      return this;
    }

    /** The clock of every node and bridge. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** Pubsub topics every v2 node relays (the bridge config says which are bridged). */
    public Builder v2Topics(List<PubsubTopic> topics) {
      this.v2Topics = List.copyOf(topics);
      return this;
    }

    /** The v2 metadata cluster (1 when talking to js-waku about a cluster-1 shard). */
    public Builder clusterId(int id) {
      this.clusterId = id;
      return this;
    }

    /** The PoW every v1 node requires (and advertises). */
    public Builder v1MinPow(double pow) {
      this.v1MinPow = pow;
      return this;
    }

    public Builder floodInterval(Duration d) {
      this.floodInterval = d;
      return this;
    }

    /** Further changes to every v1 node's config (pool size, miner queue, ...). */
    public Builder v1Tweak(UnaryOperator<WakuV1Config> t) {
      this.v1Tweak = t;
      return this;
    }

    /** Further changes to every v2 node's gossipsub config (heartbeat is 200 ms already). */
    public Builder gossipTweak(UnaryOperator<GossipsubConfig> t) {
      this.gossipTweak = t;
      return this;
    }

    /** The config of each bridge (called once per bridge). */
    public Builder bridgeConfig(Supplier<BridgeConfig> c) {
      this.bridgeConfig = c;
      return this;
    }

    /** Peers outside the harness (a js-waku node) that every bridge's v2 node keeps dialled. */
    public Builder bridgeV2StaticNodes(List<Multiaddr> nodes) {
      this.bridgeV2StaticNodes = List.copyOf(nodes);
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    /** Starts everything, waits for both networks to connect, then starts the bridges. */
    public BridgeTestNetwork start() throws Exception {
      BridgeTestNetwork n = new BridgeTestNetwork(this);
      try {
        n.startAll();
      } catch (Exception | Error e) {
        n.close();
        throw e;
      }
      return n;
    }
  }

  private void startAll() throws Exception {
    for (int i = 0; i < spec.v1Users; i++) {
      v1Users.add(v1Node());
    }
    for (int i = 0; i < spec.v2Users; i++) {
      v2Users.add(v2Node(List.of()));
    }
    List<WakuV1Node> bridgeV1 = new ArrayList<>();
    List<WakuV2Node> bridgeV2 = new ArrayList<>();
    for (int i = 0; i < spec.bridges; i++) {
      bridgeV1.add(v1Node());
      bridgeV2.add(v2Node(spec.bridgeV2StaticNodes));
    }
    awaitConnected(spec.connectTimeout);
    for (int i = 0; i < spec.bridges; i++) {
      MeterRegistry registry = new SimpleMeterRegistry();
      Bridge b =
          new Bridge(
              bridgeV1.get(i), bridgeV2.get(i), spec.bridgeConfig.get(), registry, spec.clock);
      closeables.add(b);
      b.start();
      bridges.add(new BridgeNode(bridgeV1.get(i), bridgeV2.get(i), b, registry));
    }
  }

  private WakuV1Node v1Node() throws Exception {
    List<Enode> peers = new ArrayList<>();
    for (WakuV1Node n : allV1) {
      peers.add(n.enode());
    }
    Devp2pConfig dev =
        Devp2pConfig.defaults(Secp256k1.KeyPair.random(RANDOM), HOST, 0).toBuilder()
            .maxPeers(256)
            .maxPeersPerIp(256)
            .staticPeers(peers)
            .reconnectInitial(Duration.ofMillis(100))
            .reconnectMax(Duration.ofSeconds(1))
            .ioThreads(1)
            .build();
    WakuV1Config cfg =
        spec.v1Tweak.apply(
            WakuV1Config.defaults(dev).toBuilder()
                .minPow(spec.v1MinPow)
                .floodInterval(spec.floodInterval)
                .minerThreads(1)
                .minerQueue(50_000)
                .build());
    WakuV1Node n = new WakuV1Node(cfg, new SimpleMeterRegistry(), spec.clock, RANDOM);
    closeables.add(n);
    n.start();
    allV1.add(n);
    return n;
  }

  private WakuV2Node v2Node(List<Multiaddr> extraStatic) throws Exception {
    List<Multiaddr> peers = new ArrayList<>(extraStatic);
    for (WakuV2Node n : allV2) {
      peers.add(tcpAddress(n));
    }
    WakuV2Config cfg =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM),
                List.of(Multiaddr.parse("/ip4/" + HOST + "/tcp/0")),
                spec.v2Topics)
            .withClusterId(spec.clusterId)
            .withStaticNodes(peers)
            .withValidation(
                WakuMessageValidator.Config.theWakuNetwork()
                    .withMaxClockGap(Duration.ofMinutes(10)))
            .withGossipsub(
                spec.gossipTweak.apply(
                    GossipsubConfig.defaults().toBuilder()
                        .heartbeatInterval(Duration.ofMillis(200))
                        .build()));
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), spec.clock, RANDOM);
    closeables.add(n);
    n.start();
    allV2.add(n);
    return n;
  }

  /** The node's TCP listen address with its peer id. */
  public static Multiaddr tcpAddress(WakuV2Node n) {
    return n.listenAddresses().stream()
        .filter(a -> !a.isWebSocket())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no TCP listen address"));
  }

  /**
   * Waits until every v1 node has a {@code waku/1} session with every other, and every v2 node has
   * every other as a subscribed peer of each relayed topic and a non-empty mesh on it.
   */
  public void awaitConnected(Duration timeout) throws Exception {
    int v1 = allV1.size();
    for (WakuV1Node n : allV1) {
      n.whenActivePeers(v1 - 1).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    int v2 = allV2.size();
    if (v2 > 1) {
      for (WakuV2Node n : allV2) {
        for (PubsubTopic t : spec.v2Topics) {
          Await.until(
              timeout,
              "v2 node " + n.peerId() + " meshed with " + (v2 - 1) + " peers on " + t,
              () -> topicPeers(n, t) >= v2 - 1 && meshPeers(n, t) > 0);
        }
      }
    }
  }

  /** Peers {@code n} knows as subscribed to {@code t}. */
  public static int topicPeers(WakuV2Node n, PubsubTopic t) {
    var g = n.relay().gossipsub();
    return g.call(() -> g.router().topicPeers(t.toString()).size()).join();
  }

  /** {@code n}'s mesh size on {@code t}. */
  public static int meshPeers(WakuV2Node n, PubsubTopic t) {
    var g = n.relay().gossipsub();
    return g.call(() -> g.router().meshPeers(t.toString()).size()).join();
  }

  public List<WakuV1Node> v1Users() {
    return List.copyOf(v1Users);
  }

  public List<WakuV2Node> v2Users() {
    return List.copyOf(v2Users);
  }

  public List<BridgeNode> bridges() {
    return List.copyOf(bridges);
  }

  public WakuV1Node v1User(int i) {
    return v1Users.get(i);
  }

  public WakuV2Node v2User(int i) {
    return v2Users.get(i);
  }

  public BridgeNode bridge(int i) {
    return bridges.get(i);
  }

  /**
   * What the networks themselves dropped, by "node kind/reason", only non-zero entries: gossipsub
   * outbound queue full and validation queue full, relay hand-off drops, and v1 pool drops. A test
   * that proves the bridges lose nothing asserts this map empty, so that a loss is attributed to
   * the right layer.
   */
  public Map<String, Long> networkDrops() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (WakuV2Node n : allV2) {
      var g = n.relay().gossipsub();
      GossipMetrics m = g.call(() -> g.router().metrics()).join();
      for (GossipMetrics.DropReason r : GossipMetrics.DropReason.values()) {
        out.merge("v2 gossipsub " + r, m.dropped(r), Long::sum);
      }
      out.merge(
          "v2 gossipsub validation queue full",
          m.ignored(GossipMetrics.IgnoreReason.VALIDATION_QUEUE_FULL),
          Long::sum);
      out.merge(
          "v2 gossipsub validation timeout",
          m.ignored(GossipMetrics.IgnoreReason.VALIDATION_TIMEOUT),
          Long::sum);
      for (WakuMessageValidator.Rejection r : WakuMessageValidator.Rejection.values()) {
        out.merge("v2 relay invalid " + r, (long) n.relay().metrics().invalidCount(r), Long::sum);
      }
    }
    for (WakuV1Node n : allV1) {
      for (DropReason r : DropReason.values()) {
        if (r != DropReason.PRUNED_EXPIRED) {
          out.merge("v1 pool " + r, n.pool().dropped(r), Long::sum);
        }
      }
    }
    out.values().removeIf(v -> v == 0);
    return out;
  }

  /**
   * Waits until {@code counters} (read every {@code interval}) have not changed for {@code
   * stableReads} consecutive reads; fails if they are still moving after {@code timeout}. This is
   * the bounded quiet check after a burst: a loop between bridges keeps counters moving forever.
   *
   * @return the settled values
   */
  public static <T> T awaitStable(
      String what, Supplier<T> counters, int stableReads, Duration interval, Duration timeout)
      throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger unchanged = new AtomicInteger();
    Object[] last = {null};
    try {
      s.scheduleWithFixedDelay(
          () -> {
            try {
              T now = counters.get();
              if (now.equals(last[0])) {
                if (unchanged.incrementAndGet() >= stableReads) {
                  done.complete(now);
                }
              } else {
                unchanged.set(0);
                last[0] = now;
              }
            } catch (RuntimeException e) {
              done.completeExceptionally(e);
            }
          },
          0,
          interval.toMillis(),
          TimeUnit.MILLISECONDS);
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "still changing after " + timeout + ": " + what + ", last " + last[0], e);
    } finally {
      s.shutdownNow();
    }
  }

  /**
   * Counts deliveries per payload at one observer: every call of the node's listener counts, so a
   * payload that arrives twice (in two different envelopes or messages) shows as 2.
   */
  public static final class DeliveryCounter {
    private final Map<ByteBuffer, AtomicInteger> perPayload = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();
    private final Map<String, AtomicLong> perTopic = new ConcurrentHashMap<>();

    void count(byte[] payload, String topic) {
      perPayload
          .computeIfAbsent(ByteBuffer.wrap(payload.clone()), k -> new AtomicInteger())
          .incrementAndGet();
      perTopic.computeIfAbsent(topic, k -> new AtomicLong()).incrementAndGet();
      deliveries.incrementAndGet();
    }

    /** All deliveries so far. */
    public long deliveries() {
      return deliveries.get();
    }

    /** Distinct payloads so far. */
    public int distinct() {
      return perPayload.size();
    }

    /** How often {@code payload} was delivered. */
    public int count(byte[] payload) {
      AtomicInteger c = perPayload.get(ByteBuffer.wrap(payload));
      return c == null ? 0 : c.get();
    }

    /** Deliveries per v1 topic (hex) or v2 content topic. */
    public Map<String, Long> perTopic() {
      Map<String, Long> out = new java.util.TreeMap<>();
      perTopic.forEach((k, v) -> out.put(k, v.get()));
      return out;
    }

    /** Payloads delivered more than once, with their counts (for failure messages). */
    public Map<String, Integer> duplicates(int max) {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Map.Entry<ByteBuffer, AtomicInteger> e : perPayload.entrySet()) {
        if (e.getValue().get() > 1 && out.size() < max) {
          byte[] b = new byte[e.getKey().remaining()];
          e.getKey().duplicate().get(b);
          out.put(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1), e.getValue().get());
        }
      }
      return out;
    }
  }

  /** Counts every envelope that enters {@code node}'s pool as new (by its data). */
  public static DeliveryCounter observeV1(WakuV1Node node) {
    DeliveryCounter c = new DeliveryCounter();
    node.addListener((e, pow, from) -> c.count(e.data(), e.topic().toHex()));
    return c;
  }

  /** Counts every message {@code node} delivers on {@code topic} (by its payload). */
  public static DeliveryCounter observeV2(WakuV2Node node, PubsubTopic topic) throws Exception {
    DeliveryCounter c = new DeliveryCounter();
    node.subscribe(topic, (t, m, h) -> c.count(m.payload(), m.contentTopic()))
        .get(30, TimeUnit.SECONDS);
    return c;
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    closeables.clear();
  }
}

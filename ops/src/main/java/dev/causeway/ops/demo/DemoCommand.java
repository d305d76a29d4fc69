package dev.causeway.ops.demo;

import dev.causeway.bridge.Bridge;
import dev.causeway.bridge.BridgeConfig;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.payload.PayloadCodec;
import dev.causeway.common.payload.PayloadException;
import dev.causeway.common.payload.SymmetricKeys;
import dev.causeway.common.payload.Topics;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.ops.cli.BridgeStatus;
import dev.causeway.ops.cli.JsonLines;
import dev.causeway.ops.lifecycle.Termination;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.waku.WakuV1Config;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The local bridge demo (README command one, ARCHITECTURE.md §8): on 127.0.0.1 a Waku v1 user node,
 * a Waku v2 user node and a bridge with its own v1 and v2 node, wired user-v1 — bridge — user-v2.
 * Once connected, each user node posts a message every {@code --interval}: symmetric-key encrypted
 * 26/WAKU-PAYLOAD payloads (key from the password {@value #PASSWORD}) on the v1 topic of {@value
 * #TOPIC_NAME}, which is the content topic {@code /waku/1/0x<topic>/rfc26} on v2 (spec
 * bridge-mapping.md §2). The other user node decrypts what arrives.
 *
 * <p>Output, one JSON object per line: {@code node} per node, {@code ready}, {@code crossed} for
 * each message that arrived on the other side, {@code counts} every {@code --status-interval}
 * (sent/received per side and the bridge counters), and a final {@code summary}. It runs until
 * Ctrl-C/SIGTERM, {@code --duration}, or, with {@code --messages N}, until N messages crossed each
 * way (exit 0) or {@code --timeout} passed first (exit 1).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a v1 node, a v2 node and a bridge on 127.0.0.1 and show messages crossing both ways.",
      "Stops on Ctrl-C, after --duration, or when --messages have crossed each way."
    })
public final class DemoCommand implements Callable<Integer> {
  /*
   * Threads: node listeners run on Netty event loops (v1) and the gossipsub thread (v2) and only
   * hand the payload to the "demo-worker" thread through a bounded queue (full: dropped and
   * counted); decryption, bookkeeping and printing happen there. Posting and the counts line run
   * on the "demo-ticker" thread. The command's own thread only waits for the Termination.
   *
   * Which message is which: the plaintext is "v1->v2 #k" or "v2->v1 #k"; a user node counts only
   * the other direction's texts, each k once (a relay may deliver our own publication back).
   */
  static final String PASSWORD = "causeway-demo";
  static final String TOPIC_NAME = "causeway-demo";
  static final String V1_TO_V2 = "v1->v2";
  static final String V2_TO_V1 = "v2->v1";
  private static final int WORK_QUEUE = 4096;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final double USER_POW = 0.002;
  private static final long USER_TTL = 60;

  @Spec CommandSpec spec;

  @Option(
      names = "--messages",
      paramLabel = "<n>",
      description = "Stop once this many messages crossed each way (default: no limit).")
  Integer messages;

  @Option(
      names = "--duration",
      paramLabel = "<duration>",
      description = "Stop after this long (ISO-8601, e.g. PT60S; default: until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--interval",
      paramLabel = "<duration>",
      defaultValue = "PT1S",
      description = "Each side posts one message per interval (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--status-interval",
      paramLabel = "<duration>",
      defaultValue = "PT1S",
      description = "How often the counts line is printed (default: ${DEFAULT-VALUE}).")
  Duration statusInterval;

  @Option(
      names = "--timeout",
      paramLabel = "<duration>",
      defaultValue = "PT120S",
      description =
          "Give up (exit 1) if the nodes are not connected, or with --messages not every message"
              + " crossed, within this time (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** One direction's bookkeeping. */
  private static final class Side {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final Set<Integer> received = ConcurrentHashMap.newKeySet();
    final AtomicLong duplicates = new AtomicLong();
    final Map<Integer, Long> sentAtNanos = new ConcurrentHashMap<>();
  }

  @Override
  public Integer call() throws Exception {
    if (messages != null && messages < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--messages must be at least 1");
    }
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    JsonLines out = new JsonLines(spec.commandLine().getOut());
    Topic topic = Topic.of(Topics.toTopic(TOPIC_NAME));
    String contentTopic = "/waku/1/0x" + topic.toHex() + "/rfc26";
    PubsubTopic pubsub = PubsubTopic.DEFAULT;
    byte[] key = SymmetricKeys.fromPassword(PASSWORD);
    Side fromV1 = new Side(); // posted by the v1 user, received by the v2 user
    Side fromV2 = new Side();
    AtomicLong workDropped = new AtomicLong();
    long startNanos = System.nanoTime();

    List<AutoCloseable> started = new ArrayList<>();
    ThreadPoolExecutor worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(WORK_QUEUE),
            daemon("demo-worker"),
            (r, executor) -> workDropped.incrementAndGet());
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(daemon("demo-ticker"));
    Termination termination = Termination.install("demo");
    Bridge bridge = null;
    boolean timedOut = false;
    try {
      long deadline = startNanos + timeout.toNanos();
      WakuV1Node bridgeV1 = v1Node("bridge-v1", List.of(), random, clock);
      started.add(bridgeV1);
      bridgeV1.start();
      WakuV2Node bridgeV2 = v2Node(List.of(), pubsub, random, clock);
      started.add(bridgeV2);
      bridgeV2.start();
      bridge =
          new Bridge(
              bridgeV1,
              bridgeV2,
              BridgeConfig.builder().pubsubTopics(List.of(pubsub)).build(),
              new SimpleMeterRegistry(),
              clock);
      bridge.start();
      Bridge theBridge = bridge;

      WakuV1Node userV1 = v1Node("user-v1", List.of(bridgeV1.enode()), random, clock);
      userV1.addListener(
          (e, pow, from) -> {
            if (from != null && e.topic().equals(topic)) {
              byte[] data = e.data();
              worker.execute(() -> arrived(out, data, key, V2_TO_V1, fromV2, fromV1, termination));
            }
          });
      started.add(userV1);
      userV1.start();
      WakuV2Node userV2 = v2Node(List.of(bridgeV2.listenAddresses().get(0)), pubsub, random, clock);
      started.add(userV2);
      userV2.start();
      userV2
          .subscribe(
              pubsub,
              (t, m, h) -> {
                if (contentTopic.equals(m.contentTopic())) {
                  byte[] data = m.payload();
                  worker.execute(
                      () -> arrived(out, data, key, V1_TO_V2, fromV1, fromV2, termination));
                }
              })
          .get(remaining(deadline), TimeUnit.NANOSECONDS);

      out.print(node("user-v1", "Waku v1 user node", userV1.enode().url()));
      out.print(node("bridge-v1", "the bridge's Waku v1 node", bridgeV1.enode().url()));
      out.print(
          node(
              "bridge-v2",
              "the bridge's Waku v2 node",
              bridgeV2.listenAddresses().get(0).toString()));
      out.print(node("user-v2", "Waku v2 user node", userV2.listenAddresses().get(0).toString()));

      userV1.whenActivePeers(1).get(remaining(deadline), TimeUnit.NANOSECONDS);
      bridgeV1.whenActivePeers(1).get(remaining(deadline), TimeUnit.NANOSECONDS);
      if (!subscribed(userV2, bridgeV2.peerId(), pubsub, deadline, termination)
          || !subscribed(bridgeV2, userV2.peerId(), pubsub, deadline, termination)) {
        if (termination.requested()) {
          return 0;
        }
        out.print(event("failed", "the v2 nodes did not connect within " + timeout));
        return 1;
      }
      Map<String, Object> ready =
          event(
              "ready",
              "user-v1 - bridge-v1 | bridge | bridge-v2 - user-v2 connected; posting on v1 topic 0x"
                  + topic.toHex()
                  + " = v2 content topic "
                  + contentTopic
                  + " on "
                  + pubsub);
      ready.put("setupMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
      out.print(ready);

      AtomicInteger round = new AtomicInteger();
      ticker.scheduleAtFixedRate(
          () -> {
            int k = round.incrementAndGet();
            if (messages != null && k > messages) {
              return;
            }
            postV1(userV1, topic, key, k, random, fromV1);
            publishV2(userV2, pubsub, contentTopic, key, k, random, clock, fromV2);
          },
          0,
          interval.toNanos(),
          TimeUnit.NANOSECONDS);
      ticker.scheduleAtFixedRate(
          () -> {
            Map<String, Object> m = counts("counts", fromV1, fromV2, theBridge, workDropped);
            m.put("elapsedS", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
            out.print(m);
          },
          statusInterval.toNanos(),
          statusInterval.toNanos(),
          TimeUnit.NANOSECONDS);

      boolean woken = termination.await(limit(startNanos));
      boolean complete = messages != null && crossed(fromV1, fromV2);
      if (!woken) {
        // Our own limit, not a signal: with --messages, an incomplete run timed out (unless
        // --duration came first, which is a normal end).
        timedOut =
            messages != null && !complete && (duration == null || timeout.compareTo(duration) < 0);
        termination.request(
            timedOut ? "--timeout " + timeout + " elapsed" : "--duration " + duration + " elapsed");
      }
    } catch (ExecutionException | TimeoutException e) {
      termination.request("setup failed");
      out.print(event("failed", "the nodes did not connect within " + timeout + ": " + e));
      return 1;
    } finally {
      ticker.shutdownNow();
      if (bridge != null) {
        bridge.close();
      }
      Map<String, Object> summary = counts("summary", fromV1, fromV2, bridge, workDropped);
      summary.put("reason", termination.reason());
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
      worker.shutdownNow();
      termination.close();
      if (termination.reason() != null && !"setup failed".equals(termination.reason())) {
        out.print(summary);
      }
    }
    if (timedOut) {
      out.print(event("failed", "not every message crossed within " + timeout));
      return 1;
    }
    return 0;
  }

  /** When the main thread stops waiting by itself: --duration, or --timeout with --messages. */
  private Duration limit(long startNanos) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    Duration limit = null;
    if (duration != null) {
      limit = duration;
    }
    if (messages != null && (limit == null || timeout.compareTo(limit) < 0)) {
      limit = timeout.minus(elapsed);
      if (limit.isNegative() || limit.isZero()) {
        limit = Duration.ofMillis(1);
      }
    }
    return limit;
  }

  private boolean crossed(Side fromV1, Side fromV2) {
    return messages != null
        && fromV1.received.size() >= messages
        && fromV2.received.size() >= messages;
  }

  /** On the worker: decrypt, count, print, and stop once every message crossed. */
  private void arrived(
      JsonLines out,
      byte[] data,
      byte[] key,
      String direction,
      Side side,
      Side other,
      Termination t) {
    String text;
    try {
      text = new String(PayloadCodec.decryptSymmetric(data, key).payload(), StandardCharsets.UTF_8);
    } catch (PayloadException notOurs) {
      return;
    }
    String prefix = direction + " #";
    if (!text.startsWith(prefix)) {
      return; // our own message relayed back to us
    }
    int k;
    try {
      k = Integer.parseInt(text.substring(prefix.length(), text.indexOf(' ', prefix.length())));
    } catch (RuntimeException malformed) {
      return;
    }
    if (!side.received.add(k)) {
      side.duplicates.incrementAndGet();
      return;
    }
    Map<String, Object> m = JsonLines.object("crossed");
    m.put("direction", direction);
    m.put("seq", k);
    m.put("text", text);
    Long sentAt = side.sentAtNanos.get(k);
    if (sentAt != null) {
      m.put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt));
    }
    out.print(m);
    if (messages != null && side.received.size() >= messages && other.received.size() >= messages) {
      t.request("all " + messages + " messages crossed both ways");
    }
  }

  private static void postV1(
      WakuV1Node n, Topic topic, byte[] key, int k, SecureRandom random, Side side) {
    String text = V1_TO_V2 + " #" + k + " hello from Waku v1";
    byte[] data = seal(text, key, random, side);
    if (data == null) {
      return;
    }
    side.sentAtNanos.put(k, System.nanoTime());
    n.post(topic, data, USER_TTL, USER_POW)
        .whenComplete(
            (e, err) -> {
              if (err == null) {
                side.sent.incrementAndGet();
              } else {
                side.sendFailures.incrementAndGet();
              }
            });
  }

  private static void publishV2(
      WakuV2Node n,
      PubsubTopic pubsub,
      String contentTopic,
      byte[] key,
      int k,
      SecureRandom random,
      Clock clock,
      Side side) {
    String text = V2_TO_V1 + " #" + k + " hello from Waku v2";
    byte[] payload = seal(text, key, random, side);
    if (payload == null) {
      return;
    }
    Instant now = clock.instant();
    WakuMessage m =
        WakuMessage.builder()
            .payload(payload)
            .contentTopic(contentTopic)
            .version(1)
            .timestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano())
            .build();
    side.sentAtNanos.put(k, System.nanoTime());
    n.publish(pubsub, m)
        .whenComplete(
            (h, err) -> {
              if (err == null) {
                side.sent.incrementAndGet();
              } else {
                side.sendFailures.incrementAndGet();
              }
            });
  }

  /** The 26/WAKU-PAYLOAD symmetric encoding of {@code text}, or null (counted) if refused. */
  private static byte[] seal(String text, byte[] key, SecureRandom random, Side side) {
    try {
      return PayloadCodec.encryptSymmetric(
          text.getBytes(StandardCharsets.UTF_8), key, null, random);
    } catch (PayloadException e) {
      side.sendFailures.incrementAndGet();
      return null;
    }
  }

  private static Map<String, Object> counts(
      String type, Side fromV1, Side fromV2, Bridge bridge, AtomicLong workDropped) {
    Map<String, Object> m = JsonLines.object(type);
    m.put("v1", side(fromV1, fromV2));
    m.put("v2", side(fromV2, fromV1));
    if (bridge != null) {
      m.put("bridge", BridgeStatus.counts(bridge.stats()));
    }
    if (workDropped.get() > 0) {
      m.put("workDropped", workDropped.get());
    }
    return m;
  }

  /** A user node's counts: what it sent, and what it received from the other side. */
  private static Map<String, Object> side(Side own, Side other) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", own.sent.get());
    m.put("received", other.received.size());
    if (own.sendFailures.get() > 0) {
      m.put("sendFailures", own.sendFailures.get());
    }
    if (other.duplicates.get() > 0) {
      m.put("duplicatesReceived", other.duplicates.get());
    }
    return m;
  }

  /** Polls until {@code peer} is subscribed to {@code topic} on {@code n}'s router. */
  private static boolean subscribed(
      WakuV2Node n, PeerId peer, PubsubTopic topic, long deadline, Termination t)
      throws InterruptedException, ExecutionException {
    GossipsubService g = n.relay().gossipsub();
    String name = topic.toString();
    while (!t.requested()) {
      try {
        if (g.call(() -> g.router().topicPeers(name))
            .get(remaining(deadline), TimeUnit.NANOSECONDS)
            .contains(peer)) {
          return true;
        }
      } catch (TimeoutException e) {
        return false;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return false;
  }

  private static WakuV1Node v1Node(
      String name, List<Enode> peers, SecureRandom random, Clock clock) {
    Devp2pConfig dev =
        Devp2pConfig.defaults(Secp256k1.KeyPair.random(random), "127.0.0.1", 0)
            .withStaticPeers(peers)
            .withClientId("causeway-demo/" + name)
            .withIoThreads(1);
    return new WakuV1Node(
        WakuV1Config.defaults(dev).withMinPow(USER_POW), new SimpleMeterRegistry(), clock, random);
  }

  private static WakuV2Node v2Node(
      List<Multiaddr> peers, PubsubTopic topic, SecureRandom random, Clock clock) throws Exception {
    WakuV2Config cfg =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(random),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                List.of(topic))
            .withStaticNodes(peers);
    return new WakuV2Node(cfg, new SimpleMeterRegistry(), clock, random);
  }

  private static Map<String, Object> node(String name, String text, String address) {
    Map<String, Object> m = event("node", text + " listening");
    m.put("node", name);
    m.put("address", address);
    return m;
  }

  private static Map<String, Object> event(String type, String text) {
    Map<String, Object> m = JsonLines.object(type);
    m.put("text", text);
    return m;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }
}

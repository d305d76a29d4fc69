package dev.causeway.v2.lightpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.VarintException;
import dev.causeway.testing.Await;
import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.metadata.MetadataConfig;
import dev.causeway.v2.metadata.MetadataProtocol;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Light push over real loopback sockets (spec v2-filter-lightpush.md §3, §4, §6): a service node
 * (our {@link WakuV2Node} with {@link LightPushService} mounted before it starts) relays what a
 * {@link LightPushClient} pushes to a second relay node; every answer of both versions, including
 * raw undecodable and oversized requests, rate limiting, a request that never comes, and a v2-only
 * service node.
 */
class LightPushServiceIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Clock CLOCK = Clock.systemUTC();
  private static final PubsubTopic TOPIC = PubsubTopic.staticShard(0, 0);
  private static final String CONTENT = "/causeway/1/lightpush-it/proto";
  private static final Autosharding AUTO = new Autosharding(0, 8);
  private static final PubsubTopic AUTO_TOPIC = AUTO.pubsubTopic(parse(CONTENT));

  /** In the service's allowed set, but relayed by nobody: pushes get 505. */
  private static final PubsubTopic LONELY = PubsubTopic.staticShard(0, 900);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private static ContentTopic parse(String t) {
    try {
      return ContentTopic.parse(t);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ fixture

  private WakuV2Node node(List<PubsubTopic> topics, List<Multiaddr> statics) throws Exception {
    WakuV2Config cfg =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                topics)
            .withStaticNodes(statics)
            .withGossipsub(
                GossipsubConfig.defaults().toBuilder()
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build());
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), CLOCK, RANDOM);
    closeables.add(n);
    return n;
  }

  /** The service node, the relay peer that records what it receives, and a client. */
  private final class Net {
    final WakuV2Node service;
    final LightPushService lightPush;
    final Map<MessageHash, AtomicInteger> received = new ConcurrentHashMap<>();
    final LightPushClient client;
    final Libp2pHost clientHost;

    Net(LightPushConfig cfg) throws Exception {
      List<PubsubTopic> topics = List.of(TOPIC, AUTO_TOPIC);
      service = node(topics, List.of());
      lightPush = LightPushService.mount(service.host(), service.relay(), cfg, registry, CLOCK);
      closeables.add(lightPush);
      service.start();
      WakuV2Node peer = node(topics, List.of(service.listenAddresses().get(0)));
      peer.start();
      for (PubsubTopic t : topics) {
        peer.subscribe(
                t,
                (topic, m, h) ->
                    received.computeIfAbsent(h, k -> new AtomicInteger()).incrementAndGet())
            .get(10, TimeUnit.SECONDS);
        GossipsubService g = service.relay().gossipsub();
        Await.until(
            WAIT,
            "the service sees the relay peer on the topic",
            () -> g.call(() -> g.router().topicPeers(t.toString())).join().contains(peer.peerId()));
      }
      clientHost = clientHost();
      clientHost.dial(service.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      client = new LightPushClient(clientHost, WAIT, registry);
    }

    LightPushResult push(PubsubTopic topic, WakuMessage m) throws Exception {
      return client.push(service.peerId(), topic, m).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    LightPushResult push(PubsubTopic topic, WakuMessage m, LightPushVersion v) throws Exception {
      return client.push(service.peerId(), topic, m, v).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private Libp2pHost clientHost() throws Exception {
    Libp2pHost h =
        new Libp2pHost(
            HostConfig.defaults(Keys.generateEd25519(RANDOM), List.of()), registry, RANDOM);
    closeables.add(h);
    // Service nodes drop peers that do not answer the metadata protocol with their cluster.
    h.registerHandler(
        MetadataProtocol.ID, new MetadataProtocol(MetadataConfig.of(0, List::<Integer>of)));
    h.start();
    return h;
  }

  /** A plain host serving light push with {@code handler} instead of relay. */
  private Libp2pHost fakeService(PushHandler handler, LightPushConfig cfg) throws Exception {
    Libp2pHost h =
        new Libp2pHost(
            HostConfig.defaults(
                Keys.generateEd25519(RANDOM), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))),
            new SimpleMeterRegistry(),
            RANDOM);
    closeables.add(h);
    closeables.add(LightPushService.mount(h, handler, cfg, registry, CLOCK));
    h.start();
    return h;
  }

  private static WakuMessage message(String text) {
    Instant now = CLOCK.instant();
    return WakuMessage.of(
        text.getBytes(StandardCharsets.UTF_8),
        CONTENT,
        now.getEpochSecond() * 1_000_000_000L + now.getNano());
  }

  private LightPushMetrics metrics() {
    return new LightPushMetrics(registry);
  }

  // ------------------------------------------------------------------ tests

  @Test
  void v3AndV2PushesReachTheRelayPeerOnceWithIdenticalHashes() throws Exception {
    Net net = new Net(LightPushConfig.defaults());
    List<MessageHash> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      WakuMessage m = message("v3 #" + i);
      LightPushResult r = net.push(TOPIC, m);
      assertThat(r.version()).isEqualTo(LightPushVersion.V3);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.relayPeerCount()).hasValue(1);
      assertThat(r.description()).isEmpty();
      expected.add(MessageHash.of(TOPIC, m));
    }
    for (int i = 0; i < 10; i++) {
      WakuMessage m = message("v2 #" + i);
      LightPushResult r = net.push(TOPIC, m, LightPushVersion.V2);
      assertThat(r.version()).isEqualTo(LightPushVersion.V2);
      assertThat(r.isSuccess()).isTrue();
      assertThat(r.description()).contains("OK");
      expected.add(MessageHash.of(TOPIC, m));
    }
    Await.until(
        WAIT, "every pushed message relayed", () -> net.received.keySet().containsAll(expected));
    assertThat(net.received.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(net.received.values()).allMatch(c -> c.get() == 1);
    assertThat(metrics().requests(LightPushVersion.V3, LightPushStatus.SUCCESS)).isEqualTo(10);
    assertThat(metrics().requests(LightPushVersion.V2, LightPushStatus.SUCCESS)).isEqualTo(10);
    assertThat(metrics().clientRequests(LightPushVersion.V3, LightPushMetrics.ClientResult.SUCCESS))
        .isEqualTo(10);
  }

  @Test
  void pushWithoutTopicIsAutoshardedAndStaticShardingRefusesIt() throws Exception {
    Net net = new Net(LightPushConfig.builder().autosharding(AUTO).build());
    WakuMessage m = message("autosharded");
    LightPushResult r = net.push(null, m);
    assertThat(r.statusCode()).isEqualTo(200);
    MessageHash h = MessageHash.of(AUTO_TOPIC, m);
    Await.until(WAIT, "the pushed message relayed", () -> net.received.containsKey(h));

    Net staticNet = new Net(LightPushConfig.defaults());
    LightPushResult refused = staticNet.push(null, message("no topic"));
    assertThat(refused.statusCode()).isEqualTo(420);
    assertThat(refused.description())
        .contains("Pubsub topic must be specified when static sharding is enabled");
  }

  @Test
  void relayFailuresAndInvalidRequestsGetTheirStatusCodes() throws Exception {
    Net net =
        new Net(LightPushConfig.builder().pubsubTopics(Set.of(TOPIC, AUTO_TOPIC, LONELY)).build());
    // 420: message rules (size).
    WakuMessage big = message("x").toBuilder().payload(new byte[151 * 1024]).build();
    LightPushResult tooBig = net.push(TOPIC, big);
    assertThat(tooBig.statusCode()).isEqualTo(420);
    assertThat(tooBig.description()).contains("Message size exceeded maximum of 153600 bytes");
    // 420: the same message twice (gossipsub has seen it).
    WakuMessage once = message("once");
    assertThat(net.push(TOPIC, once).statusCode()).isEqualTo(200);
    LightPushResult dup = net.push(TOPIC, once);
    assertThat(dup.statusCode()).isEqualTo(420);
    assertThat(dup.description()).contains("Dropping already-seen message");
    // 421: not one of the configured topics.
    LightPushResult other = net.push(PubsubTopic.staticShard(0, 7), message("other"));
    assertThat(other.statusCode()).isEqualTo(421);
    // 505: allowed, but no peer relays it.
    LightPushResult lonely = net.push(LONELY, message("lonely"));
    assertThat(lonely.statusCode()).isEqualTo(505);
    assertThat(lonely.description()).contains("No peers for topic, skipping publish");
    // v2 failure: is_success false with the text.
    LightPushResult v2 = net.push(LONELY, message("lonely v2"), LightPushVersion.V2);
    assertThat(v2.isSuccess()).isFalse();
    assertThat(v2.description()).contains("No peers for topic, skipping publish");
    // 400 and 413 on raw streams: garbage, then a length prefix above the limit.
    LightPushResponse garbage =
        LightPushCodec.decodeResponse(
            raw(
                net.clientHost,
                net.service.peerId(),
                LightPushVersion.V3,
                new byte[] {3, 1, 2, 3}));
    assertThat(garbage.requestId()).isEqualTo("N/A");
    assertThat(garbage.statusCode()).isEqualTo(400);
    LightPushResponse huge =
        LightPushCodec.decodeResponse(
            raw(
                net.clientHost,
                net.service.peerId(),
                LightPushVersion.V3,
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}));
    assertThat(huge.statusCode()).isEqualTo(413);
    LegacyPushResponse garbageV2 =
        LegacyLightPushCodec.decodeResponse(
            raw(net.clientHost, net.service.peerId(), LightPushVersion.V2, new byte[] {2, 8, 8}));
    assertThat(garbageV2.success()).isFalse();
    assertThat(garbageV2.info().orElseThrow()).startsWith("decode_rpc_failure: ");
    MessageHash onceHash = MessageHash.of(TOPIC, once);
    Await.until(WAIT, "the message relayed once", () -> net.received.containsKey(onceHash));
    assertThat(net.received.keySet()).containsExactly(onceHash);
    assertThat(metrics().requests(LightPushVersion.V3, LightPushStatus.NO_PEERS_TO_RELAY))
        .isEqualTo(1);
  }

  @Test
  void rateLimitedPeerGets429WhileOthersAreServed() throws Exception {
    Net net =
        new Net(
            LightPushConfig.builder()
                .rateLimit(new LightPushConfig.RateLimit(2, Duration.ofHours(1)))
                .build());
    assertThat(net.push(TOPIC, message("1")).statusCode()).isEqualTo(200);
    assertThat(net.push(TOPIC, message("2"), LightPushVersion.V2).isSuccess()).isTrue();
    LightPushResult limited = net.push(TOPIC, message("3"));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.requestId()).isEqualTo("N/A");
    LightPushResult limitedV2 = net.push(TOPIC, message("4"), LightPushVersion.V2);
    assertThat(limitedV2.statusCode()).isEqualTo(429);
    assertThat(limitedV2.description()).contains("TOO_MANY_REQUESTS");
    Libp2pHost other = clientHost();
    other.dial(net.service.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
    LightPushResult fine =
        new LightPushClient(other, WAIT, registry)
            .push(net.service.peerId(), TOPIC, message("5"))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(fine.statusCode()).isEqualTo(200);
    assertThat(
            metrics().clientRequests(LightPushVersion.V3, LightPushMetrics.ClientResult.REJECTED))
        .isEqualTo(1);
  }

  @Test
  void busyAndFailingBackendsGet503And500() throws Exception {
    CompletableFuture<PushOutcome> never = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    PushHandler handler =
        (t, m) ->
            calls.incrementAndGet() == 1
                ? never
                : CompletableFuture.failedFuture(new IllegalStateException("backend down"));
    Libp2pHost service =
        fakeService(
            handler,
            LightPushConfig.builder()
                .maxRequestSize(1 << 20)
                .maxTrackedPeers(100)
                .maxInFlight(1)
                .requestTimeout(WAIT)
                .build());
    Libp2pHost c = clientHost();
    c.dial(service.listenAddresses().get(0).withPeerId(service.peerId())).get(10, TimeUnit.SECONDS);
    LightPushClient client = new LightPushClient(c, WAIT, registry);
    CompletableFuture<LightPushResult> pending = client.push(service.peerId(), TOPIC, message("a"));
    // The first request occupies the only in-flight slot until its backend answers.
    Await.until(WAIT, "the first request reached the backend", () -> calls.get() == 1);
    LightPushResult busy =
        client.push(service.peerId(), TOPIC, message("b")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(busy.statusCode()).isEqualTo(503);
    never.complete(PushOutcome.relayed(4));
    assertThat(pending.get(WAIT.toSeconds(), TimeUnit.SECONDS).relayPeerCount()).hasValue(4);
    LightPushResult failed =
        client.push(service.peerId(), TOPIC, message("c")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.description().orElseThrow()).contains("backend down");
  }

  @Test
  void clientFallsBackToV2OnAV2OnlyServiceNode() throws Exception {
    Libp2pHost service =
        fakeService(
            (t, m) -> CompletableFuture.completedFuture(PushOutcome.relayed(1)),
            LightPushConfig.builder().serveV2(true).serveV3(false).build());
    Libp2pHost c = clientHost();
    c.dial(service.listenAddresses().get(0).withPeerId(service.peerId())).get(10, TimeUnit.SECONDS);
    LightPushClient client = new LightPushClient(c, WAIT, registry);
    LightPushResult r =
        client
            .push(service.peerId(), TOPIC, message("old"))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(r.version()).isEqualTo(LightPushVersion.V2);
    assertThat(r.isSuccess()).isTrue();
    // Without a topic only v3 would do: the stream cannot even be negotiated.
    CompletableFuture<LightPushResult> noTopic =
        client.push(service.peerId(), null, message("no topic"));
    assertThatThrownBy(() -> noTopic.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(LightPushClientException.class);
    assertThat(reason(noTopic)).isEqualTo(LightPushClientException.Reason.STREAM_OPEN_FAILED);
  }

  private static LightPushClientException.Reason reason(CompletableFuture<?> f) {
    try {
      f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return ((LightPushClientException) e.getCause()).reason();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void streamWithoutARequestIsResetAfterTheTimeout() throws Exception {
    Libp2pHost service =
        fakeService(
            (t, m) -> CompletableFuture.completedFuture(PushOutcome.relayed(1)),
            LightPushConfig.builder()
                .maxRequestSize(1 << 20)
                .maxTrackedPeers(100)
                .maxInFlight(10)
                .requestTimeout(Duration.ofMillis(300))
                .build());
    Libp2pHost c = clientHost();
    c.dial(service.listenAddresses().get(0).withPeerId(service.peerId())).get(10, TimeUnit.SECONDS);
    Stream s =
        c.newStream(service.peerId(), List.of(LightPushVersion.V3.protocolId()))
            .get(10, TimeUnit.SECONDS);
    CompletableFuture<Void> reset = new CompletableFuture<>();
    s.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            reset.completeExceptionally(new AssertionError("unexpected answer"));
          }

          @Override
          public void onReset() {
            reset.complete(null);
          }

          @Override
          public void onRemoteClose() {
            reset.complete(null);
          }
        });
    s.write(new byte[] {10}); // a length prefix, then nothing
    reset.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Await.until(
        WAIT,
        "a stream timeout counted",
        () -> metrics().dropped(LightPushMetrics.StreamDrop.TIMEOUT) == 1);
  }

  // ------------------------------------------------------------------ helpers

  /** Sends raw bytes on a light push stream and returns the body of the framed answer. */
  private static byte[] raw(Libp2pHost host, PeerId peer, LightPushVersion v, byte[] bytes)
      throws Exception {
    Stream s = host.newStream(peer, List.of(v.protocolId())).get(10, TimeUnit.SECONDS);
    CompletableFuture<byte[]> answer = new CompletableFuture<>();
    LengthPrefixedReader reader = new LengthPrefixedReader(LightPushCodec.MAX_RESPONSE_SIZE);
    s.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            try {
              reader.read(data, 0, data.length);
              if (reader.hasMessage()) {
                answer.complete(reader.takeMessage());
              }
            } catch (VarintException e) {
              answer.completeExceptionally(e);
            }
          }

          @Override
          public void onRemoteClose() {
            answer.completeExceptionally(new AssertionError("closed without an answer"));
          }

          @Override
          public void onReset() {
            answer.completeExceptionally(new AssertionError("reset without an answer"));
          }
        });
    s.write(bytes);
    s.closeWrite();
    return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  static byte[] frame(byte[] body) {
    return LengthPrefixed.frame(body);
  }
}

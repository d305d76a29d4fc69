package dev.causeway.v2.lightpush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.testing.MutableClock;
import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.core.WakuMessageValidator;
import dev.causeway.v2.lightpush.pb.LightPushProto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The serving side without I/O (spec v2-filter-lightpush.md §3, §4.2, §5, §6): every answer of both
 * versions, in nwaku's order, with an injected clock and a fake relay backend.
 */
class LightPushProtocolTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PeerId ALICE =
      PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
  private static final PeerId BOB = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
  private static final String TOPIC = "/waku/2/rs/1/4";
  private static final String CONTENT = "/app/1/chat/proto";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeHandler handler = new FakeHandler();

  /** Records pushes; answers with the next queued future, else "relayed to 3". */
  private static final class FakeHandler implements PushHandler {
    final List<PubsubTopic> topics = new ArrayList<>();
    final List<WakuMessage> messages = new ArrayList<>();
    final List<CompletableFuture<PushOutcome>> answers = new ArrayList<>();

    @Override
    public CompletableFuture<PushOutcome> push(PubsubTopic topic, WakuMessage message) {
      topics.add(topic);
      messages.add(message);
      return answers.isEmpty()
          ? CompletableFuture.completedFuture(PushOutcome.relayed(3))
          : answers.remove(0);
    }
  }

  private LightPushProtocol protocol(LightPushConfig cfg) {
    return new LightPushProtocol(cfg, handler, new LightPushMetrics(registry), clock, clock::nanos);
  }

  private LightPushProtocol protocol() {
    return protocol(LightPushConfig.defaults());
  }

  private WakuMessage message(String text) {
    return WakuMessage.of(text.getBytes(StandardCharsets.UTF_8), CONTENT, clock.nanos());
  }

  private static LightPushResponse v3(
      LightPushProtocol p, PeerId peer, String id, String topic, WakuMessage m) throws Exception {
    byte[] body = LightPushCodec.encodeRequest(LightPushRequest.of(id, topic, m));
    return LightPushCodec.decodeResponse(
        p.handle(LightPushVersion.V3, peer, body).get(5, TimeUnit.SECONDS));
  }

  private static LegacyPushResponse v2(
      LightPushProtocol p, PeerId peer, String id, String topic, WakuMessage m) throws Exception {
    byte[] body = LegacyLightPushCodec.encodeRequest(LightPushRequest.of(id, topic, m));
    return rawV2(p, peer, body);
  }

  private static LegacyPushResponse rawV2(LightPushProtocol p, PeerId peer, byte[] body)
      throws Exception {
    return LegacyLightPushCodec.decodeResponse(
        p.handle(LightPushVersion.V2, peer, body).get(5, TimeUnit.SECONDS));
  }

  private static LightPushResponse rawV3(LightPushProtocol p, PeerId peer, byte[] body)
      throws Exception {
    return LightPushCodec.decodeResponse(
        p.handle(LightPushVersion.V3, peer, body).get(5, TimeUnit.SECONDS));
  }

  private double count(LightPushVersion v, LightPushStatus s) {
    return new LightPushMetrics(registry).requests(v, s);
  }

  @Test
  void v3SuccessRelaysOnTheGivenTopicAndReportsThePeerCount() throws Exception {
    LightPushProtocol p = protocol();
    WakuMessage m = message("hi");
    LightPushResponse r = v3(p, ALICE, "req-1", TOPIC, m);
    assertThat(r)
        .isEqualTo(new LightPushResponse("req-1", 200, Optional.empty(), OptionalInt.of(3)));
    assertThat(handler.topics).containsExactly(PubsubTopic.parse(TOPIC));
    assertThat(handler.messages).containsExactly(m);
    assertThat(count(LightPushVersion.V3, LightPushStatus.SUCCESS)).isEqualTo(1);
    assertThat(p.config()).isEqualTo(LightPushConfig.defaults());
  }

  @Test
  void v2SuccessAnswersIsSuccessAndOk() throws Exception {
    LegacyPushResponse r = v2(protocol(), ALICE, "req-2", TOPIC, message("hi"));
    assertThat(r).isEqualTo(new LegacyPushResponse("req-2", true, Optional.of("OK")));
    assertThat(count(LightPushVersion.V2, LightPushStatus.SUCCESS)).isEqualTo(1);
  }

  @Test
  void undecodableV3RequestGets400WithNoRequestId() throws Exception {
    LightPushResponse r = rawV3(protocol(), ALICE, new byte[] {0x0a, 0x09});
    assertThat(r.requestId()).isEqualTo("N/A");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.statusDesc().orElseThrow()).startsWith("decode_rpc_failure: ");
    assertThat(handler.messages).isEmpty();
    assertThat(
            new LightPushMetrics(registry)
                .badRequests(LightPushVersion.V3, LightPushCodecException.Reason.MALFORMED))
        .isEqualTo(1);
  }

  @Test
  void requestAboveTheSizeLimitGets413OnV3AndADecodeFailureOnV2() throws Exception {
    LightPushProtocol p =
        protocol(
            LightPushConfig.builder()
                .maxRequestSize(64)
                .maxTrackedPeers(10)
                .maxInFlight(10)
                .requestTimeout(Duration.ofSeconds(1))
                .build());
    byte[] big =
        LightPushCodec.encodeRequest(LightPushRequest.of("x", TOPIC, message("x".repeat(100))));
    LightPushResponse r = rawV3(p, ALICE, big);
    assertThat(r.statusCode()).isEqualTo(413);
    byte[] framed =
        p.unframeable(LightPushVersion.V2, LightPushCodecException.Reason.TOO_LARGE, "too big");
    LegacyPushResponse r2 = LegacyLightPushCodec.decodeResponse(framed);
    assertThat(r2.success()).isFalse();
    assertThat(r2.requestId()).isEmpty();
    assertThat(r2.info().orElseThrow()).isEqualTo("decode_rpc_failure: too big");
  }

  @Test
  void undecodableV2RequestGetsEmptyIdAndDecodeFailure() throws Exception {
    LegacyPushResponse r = rawV2(protocol(), ALICE, new byte[] {(byte) 0xff});
    assertThat(r.requestId()).isEmpty();
    assertThat(r.success()).isFalse();
    assertThat(r.info().orElseThrow()).startsWith("decode_rpc_failure: ");
    assertThat(count(LightPushVersion.V2, LightPushStatus.BAD_REQUEST)).isEqualTo(1);
  }

  @Test
  void v2RpcWithoutRequestGetsEmptyRequestBodyFailureWithItsId() throws Exception {
    byte[] body = LightPushProto.PushRpc.newBuilder().setRequestId("e").build().toByteArray();
    assertThat(rawV2(protocol(), ALICE, body))
        .isEqualTo(new LegacyPushResponse("e", false, Optional.of("empty_request_body_failure")));
  }

  @Test
  void blankPubsubTopicGets400() throws Exception {
    LightPushResponse r = v3(protocol(), ALICE, "b", "  ", message("x"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.statusDesc()).contains("topic must not be empty");
    assertThat(r.requestId()).isEqualTo("b");
  }

  @Test
  void pubsubTopicThatIsNotAWakuTopicGets400() throws Exception {
    LightPushResponse r = v3(protocol(), ALICE, "c", "/waku/2/rs/1/x", message("x"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.statusDesc().orElseThrow()).startsWith("Invalid pubsub topic");
    LegacyPushResponse r2 = v2(protocol(), ALICE, "c", "nope", message("x"));
    assertThat(r2.success()).isFalse();
    assertThat(r2.info().orElseThrow()).startsWith("Invalid pubsub topic");
  }

  @Test
  void missingTopicUnderStaticShardingGets420() throws Exception {
    LightPushResponse r = v3(protocol(), ALICE, "d", null, message("x"));
    assertThat(r.statusCode()).isEqualTo(420);
    assertThat(r.statusDesc())
        .contains("Pubsub topic must be specified when static sharding is enabled");
  }

  @Test
  void missingTopicIsDerivedByAutosharding() throws Exception {
    Autosharding a = new Autosharding(1, 8);
    LightPushProtocol p = protocol(LightPushConfig.builder().autosharding(a).build());
    LightPushResponse r = v3(p, ALICE, "e", null, message("x"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(handler.topics).containsExactly(a.pubsubTopic(ContentTopic.parse(CONTENT)));
  }

  @Test
  void missingTopicWithAnUnparsableContentTopicGets420() throws Exception {
    LightPushProtocol p =
        protocol(LightPushConfig.builder().autosharding(new Autosharding(1, 8)).build());
    WakuMessage m = message("x").toBuilder().contentTopic("not-a-content-topic").build();
    LightPushResponse r = v3(p, ALICE, "f", null, m);
    assertThat(r.statusCode()).isEqualTo(420);
    assertThat(r.statusDesc().orElseThrow()).startsWith("Invalid content-topic");
  }

  @Test
  void topicOutsideTheConfiguredOnesGets421() throws Exception {
    LightPushProtocol p =
        protocol(LightPushConfig.builder().pubsubTopics(Set.of(PubsubTopic.parse(TOPIC))).build());
    assertThat(v3(p, ALICE, "g", TOPIC, message("x")).statusCode()).isEqualTo(200);
    LightPushResponse r = v3(p, ALICE, "g2", "/waku/2/rs/1/5", message("x"));
    assertThat(r.statusCode()).isEqualTo(421);
    assertThat(handler.messages).hasSize(1);
  }

  @Test
  void messageRulesGive420WithTheRuleText() throws Exception {
    LightPushProtocol p =
        protocol(
            LightPushConfig.builder()
                .validation(WakuMessageValidator.Config.theWakuNetwork())
                .build());
    WakuMessage tooBig = WakuMessage.of(new byte[160 * 1024], CONTENT, clock.nanos());
    LightPushResponse r = v3(p, ALICE, "h", TOPIC, tooBig);
    assertThat(r.statusCode()).isEqualTo(420);
    assertThat(r.statusDesc()).contains("Message size exceeded maximum of 153600 bytes");
    WakuMessage old = message("x").toBuilder().timestamp(clock.nanos() - 60_000_000_000L).build();
    assertThat(v3(p, ALICE, "i", TOPIC, old).statusDesc().orElseThrow())
        .startsWith("Message timestamp is more than 20000 ms");
    WakuMessage empty = message("x").toBuilder().payload(new byte[0]).build();
    assertThat(v3(p, ALICE, "j", TOPIC, empty).statusDesc()).contains("Message payload is empty");
    WakuMessage noTs = message("x").toBuilder().clearTimestamp().build();
    LegacyPushResponse v2 = v2(p, ALICE, "k", TOPIC, noTs);
    assertThat(v2)
        .isEqualTo(new LegacyPushResponse("k", false, Optional.of("Message has no timestamp")));
    assertThat(handler.messages).isEmpty();
    assertThat(count(LightPushVersion.V3, LightPushStatus.INVALID_MESSAGE)).isEqualTo(3);
  }

  @Test
  void rateLimitIsPerPeerAnswers429WithNoRequestIdAndRefills() throws Exception {
    LightPushProtocol p =
        protocol(
            LightPushConfig.builder()
                .rateLimit(new LightPushConfig.RateLimit(2, Duration.ofMinutes(1)))
                .build());
    assertThat(v3(p, ALICE, "1", TOPIC, message("1")).statusCode()).isEqualTo(200);
    assertThat(v2(p, ALICE, "2", TOPIC, message("2")).success()).isTrue();
    LightPushResponse limited = v3(p, ALICE, "3", TOPIC, message("3"));
    assertThat(limited)
        .isEqualTo(
            new LightPushResponse(
                "N/A",
                429,
                Optional.of("Request rejected due to too many requests"),
                OptionalInt.empty()));
    assertThat(v2(p, ALICE, "4", TOPIC, message("4")))
        .isEqualTo(new LegacyPushResponse("N/A", false, Optional.of("TOO_MANY_REQUESTS")));
    // Another peer has its own bucket.
    assertThat(v3(p, BOB, "5", TOPIC, message("5")).statusCode()).isEqualTo(200);
    // Half a minute refills one token (2 per minute, continuously).
    clock.advance(Duration.ofSeconds(30));
    assertThat(v3(p, ALICE, "6", TOPIC, message("6")).statusCode()).isEqualTo(200);
    assertThat(v3(p, ALICE, "7", TOPIC, message("7")).statusCode()).isEqualTo(429);
    assertThat(handler.messages).hasSize(4);
    assertThat(count(LightPushVersion.V3, LightPushStatus.TOO_MANY_REQUESTS)).isEqualTo(2);
    assertThat(count(LightPushVersion.V2, LightPushStatus.TOO_MANY_REQUESTS)).isEqualTo(1);
  }

  @Test
  void rateLimiterForgetsTheLeastRecentlyUsedPeerBeyondItsCapacity() {
    PeerRateLimiter<Integer> l = new PeerRateLimiter<>(1, Duration.ofMinutes(1), 2, clock);
    assertThat(l.tryAcquire(1)).isTrue();
    assertThat(l.tryAcquire(2)).isTrue();
    assertThat(l.tryAcquire(1)).isFalse();
    assertThat(l.tryAcquire(3)).isTrue(); // evicts 2 (1 was used more recently)
    assertThat(l.evictions()).isEqualTo(1);
    assertThat(l.trackedKeys()).isEqualTo(2);
    assertThat(l.tryAcquire(2)).isTrue(); // forgotten: full again; evicts 1
    assertThat(l.tryAcquire(1)).isTrue();
  }

  @Test
  void handlerFailuresPassThroughWithTheirStatus() throws Exception {
    LightPushProtocol p = protocol();
    handler.answers.add(
        CompletableFuture.completedFuture(
            PushOutcome.failed(
                LightPushStatus.NO_PEERS_TO_RELAY, "No peers for topic, skipping publish")));
    handler.answers.add(
        CompletableFuture.completedFuture(
            PushOutcome.failed(LightPushStatus.INVALID_MESSAGE, "Dropping already-seen message")));
    handler.answers.add(CompletableFuture.failedFuture(new IllegalStateException("boom")));
    LightPushResponse noPeers = v3(p, ALICE, "n", TOPIC, message("n"));
    assertThat(noPeers.statusCode()).isEqualTo(505);
    assertThat(noPeers.statusDesc()).contains("No peers for topic, skipping publish");
    assertThat(noPeers.relayPeerCount()).isEmpty();
    LegacyPushResponse dup = v2(p, ALICE, "d", TOPIC, message("d"));
    assertThat(dup)
        .isEqualTo(
            new LegacyPushResponse("d", false, Optional.of("Dropping already-seen message")));
    LightPushResponse boom = v3(p, ALICE, "b", TOPIC, message("b"));
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.statusDesc().orElseThrow()).contains("boom");
  }

  @Test
  void requestsBeyondTheInFlightLimitGet503UntilOneCompletes() throws Exception {
    LightPushProtocol p =
        protocol(
            LightPushConfig.builder()
                .maxRequestSize(1 << 20)
                .maxTrackedPeers(10)
                .maxInFlight(1)
                .requestTimeout(Duration.ofSeconds(1))
                .build());
    CompletableFuture<PushOutcome> pending = new CompletableFuture<>();
    handler.answers.add(pending);
    byte[] body = LightPushCodec.encodeRequest(LightPushRequest.of("a", TOPIC, message("a")));
    CompletableFuture<byte[]> first = p.handle(LightPushVersion.V3, ALICE, body);
    assertThat(first).isNotDone();
    LightPushResponse busy = v3(p, BOB, "b", TOPIC, message("b"));
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.requestId()).isEqualTo("b");
    assertThat(registry.get("causeway_lightpush_in_flight").gauge().value()).isEqualTo(1.0);
    pending.complete(PushOutcome.relayed(2));
    assertThat(LightPushCodec.decodeResponse(first.get(5, TimeUnit.SECONDS)).relayPeerCount())
        .hasValue(2);
    assertThat(v3(p, BOB, "c", TOPIC, message("c")).statusCode()).isEqualTo(200);
  }

  @Test
  void handlerThatThrowsIsAnswered500() throws Exception {
    LightPushProtocol p =
        new LightPushProtocol(
            LightPushConfig.defaults(),
            (t, m) -> {
              throw new IllegalStateException("sync boom");
            },
            new LightPushMetrics(registry),
            clock,
            clock::nanos);
    assertThat(v3(p, ALICE, "s", TOPIC, message("s")).statusCode()).isEqualTo(500);
    assertThat(registry.get("causeway_lightpush_in_flight").gauge().value()).isEqualTo(0.0);
  }

  @Test
  void latencyIsRecordedPerVersion() throws Exception {
    LightPushProtocol p = protocol();
    v3(p, ALICE, "1", TOPIC, message("1"));
    v2(p, ALICE, "2", TOPIC, message("2"));
    v2(p, ALICE, "3", TOPIC, message("3"));
    LightPushMetrics m = new LightPushMetrics(registry);
    assertThat(m.latency(LightPushVersion.V3).count()).isEqualTo(1);
    assertThat(m.latency(LightPushVersion.V2).count()).isEqualTo(2);
  }
}

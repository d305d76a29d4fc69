package dev.causeway.v2.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.filter.FilterMetrics.RequestType;
import dev.causeway.v2.filter.pb.FilterProto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every request type and status code of the subscribe protocol, decided without I/O. */
class FilterProtocolTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PS = "/waku/2/rs/1/0";
  private final AtomicLong now = new AtomicLong(5_000);
  private SubscriptionRegistry registry;
  private FilterMetrics metrics;

  private FilterProtocol protocol(int maxPeers, int maxCriteria, int ratePerMinute) {
    registry = new SubscriptionRegistry(maxPeers, maxCriteria, Duration.ofMinutes(5), 8, now::get);
    metrics = new FilterMetrics(new SimpleMeterRegistry(), registry);
    RateLimiter limiter = new RateLimiter(ratePerMinute, 60_000, 1000, now::get);
    return new FilterProtocol(registry, limiter, metrics, 100, Duration.ofSeconds(10));
  }

  private static PeerId peer() {
    return PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
  }

  private static FilterResponse ask(FilterProtocol p, PeerId peer, FilterRequest r) {
    return p.respond(peer, FilterCodec.encodeRequest(r));
  }

  @Test
  void subscribePingUnsubscribeAndUnsubscribeAll() {
    FilterProtocol p = protocol(10, 10, 100);
    PeerId a = peer();
    assertThat(ask(p, a, FilterRequest.ping("1")))
        .isEqualTo(FilterResponse.error("1", 404, "NOT_FOUND: peer has no subscriptions"));
    assertThat(ask(p, a, FilterRequest.subscribe("2", PS, List.of("/a/1/b/c", "/a/1/d/c"))))
        .isEqualTo(new FilterResponse("2", 200, Optional.of("OK")));
    assertThat(ask(p, a, FilterRequest.ping("3")).statusCode()).isEqualTo(200);
    assertThat(ask(p, a, FilterRequest.unsubscribe("4", PS, List.of("/a/1/b/c"))).statusCode())
        .isEqualTo(200);
    assertThat(registry.subscribersOf(PS, "/a/1/b/c")).isEmpty();
    assertThat(registry.subscribersOf(PS, "/a/1/d/c")).containsExactly(a);
    assertThat(ask(p, a, FilterRequest.unsubscribe("5", PS, List.of("/a/1/b/c"))))
        .isEqualTo(FilterResponse.error("5", 404, "NOT_FOUND: peer has no subscriptions"));
    assertThat(ask(p, a, FilterRequest.unsubscribeAll("6")).statusCode()).isEqualTo(200);
    assertThat(ask(p, a, FilterRequest.unsubscribeAll("7")).statusCode()).isEqualTo(404);
    assertThat(ask(p, a, FilterRequest.ping("8")).statusCode()).isEqualTo(404);
    assertThat(metrics.requests(RequestType.SUBSCRIBER_PING, 404)).isEqualTo(2);
    assertThat(metrics.requests(RequestType.SUBSCRIBER_PING, 200)).isEqualTo(1);
    assertThat(metrics.requests(RequestType.SUBSCRIBE, 200)).isEqualTo(1);
    assertThat(metrics.requests(RequestType.UNSUBSCRIBE, 200)).isEqualTo(1);
    assertThat(metrics.requests(RequestType.UNSUBSCRIBE, 404)).isEqualTo(1);
    assertThat(metrics.requests(RequestType.UNSUBSCRIBE_ALL, 200)).isEqualTo(1);
    assertThat(metrics.requests(RequestType.UNSUBSCRIBE_ALL, 404)).isEqualTo(1);
  }

  @Test
  void unsubscribeAllIgnoresAPubsubTopicAsJsWakuSendsOne() {
    FilterProtocol p = protocol(10, 10, 100);
    PeerId a = peer();
    ask(p, a, FilterRequest.subscribe("1", PS, List.of("/a/1/b/c")));
    FilterRequest jsStyle =
        new FilterRequest(
            "2", FilterRequest.Type.UNSUBSCRIBE_ALL, Optional.of("/waku/2/rs/9/9"), List.of());
    assertThat(ask(p, a, jsStyle).statusCode()).isEqualTo(200);
    assertThat(registry.peerCount()).isZero();
  }

  @Test
  void criteriaAreRequiredForSubscribeAndUnsubscribe() {
    FilterProtocol p = protocol(10, 10, 100);
    PeerId a = peer();
    String bad = "BAD_REQUEST: pubsubTopic and contentTopics must be specified";
    for (FilterRequest.Type t :
        List.of(FilterRequest.Type.SUBSCRIBE, FilterRequest.Type.UNSUBSCRIBE)) {
      assertThat(ask(p, a, new FilterRequest("x", t, Optional.empty(), List.of("/a/1/b/c"))))
          .isEqualTo(FilterResponse.error("x", 400, bad));
      assertThat(ask(p, a, new FilterRequest("y", t, Optional.of(PS), List.of())))
          .isEqualTo(FilterResponse.error("y", 400, bad));
    }
    assertThat(metrics.requests(RequestType.SUBSCRIBE, 400)).isEqualTo(2);
  }

  @Test
  void moreThan100ContentTopicsIsABadRequest() {
    FilterProtocol p = protocol(10, 1000, 100);
    PeerId a = peer();
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      topics.add("/a/1/t" + i + "/c");
    }
    assertThat(ask(p, a, FilterRequest.subscribe("x", PS, topics)))
        .isEqualTo(
            FilterResponse.error("x", 400, "BAD_REQUEST: exceeds maximum content topics: 100"));
    assertThat(ask(p, a, FilterRequest.subscribe("y", PS, topics.subList(0, 100))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void limitsAnswer503() {
    FilterProtocol p = protocol(1, 2, 100);
    PeerId a = peer();
    assertThat(ask(p, a, FilterRequest.subscribe("1", PS, List.of("/a/1/b/c"))).statusCode())
        .isEqualTo(200);
    assertThat(ask(p, peer(), FilterRequest.subscribe("2", PS, List.of("/a/1/b/c"))))
        .isEqualTo(
            FilterResponse.error(
                "2",
                503,
                "SERVICE_UNAVAILABLE: node has reached maximum number of subscriptions: 1"));
    assertThat(ask(p, a, FilterRequest.subscribe("3", PS, List.of("/a/1/x/c", "/a/1/y/c"))))
        .isEqualTo(
            FilterResponse.error(
                "3",
                503,
                "SERVICE_UNAVAILABLE: peer has reached maximum number of filter criteria"));
    assertThat(metrics.requests(RequestType.SUBSCRIBE, 503)).isEqualTo(2);
  }

  @Test
  void rateLimitedRequestsGet429WithoutRequestIdAndRecover() {
    FilterProtocol p = protocol(10, 10, 3);
    PeerId a = peer();
    PeerId b = peer();
    for (int i = 0; i < 3; i++) {
      assertThat(ask(p, a, FilterRequest.ping("p" + i)).statusCode()).isEqualTo(404);
    }
    FilterResponse limited = ask(p, a, FilterRequest.subscribe("s", PS, List.of("/a/1/b/c")));
    assertThat(limited)
        .isEqualTo(
            FilterResponse.error("N/A", 429, "filter request rejected due rate limit exceeded"));
    assertThat(registry.peerCount()).isZero();
    // Other peers have their own budget.
    assertThat(ask(p, b, FilterRequest.ping("b")).statusCode()).isEqualTo(404);
    // One token comes back every 20 s (3 per minute).
    now.addAndGet(20_000);
    assertThat(ask(p, a, FilterRequest.subscribe("s2", PS, List.of("/a/1/b/c"))).statusCode())
        .isEqualTo(200);
    assertThat(ask(p, a, FilterRequest.ping("p")).statusCode()).isEqualTo(429);
    assertThat(metrics.requests(RequestType.SUBSCRIBE, 429)).isEqualTo(1);
    assertThat(metrics.requests(RequestType.SUBSCRIBER_PING, 429)).isEqualTo(1);
  }

  @Test
  void undecodableRequestsGet400() {
    FilterProtocol p = protocol(10, 10, 100);
    PeerId a = peer();
    FilterResponse r = p.respond(a, new byte[] {(byte) 0xff, (byte) 0xff});
    assertThat(r.requestId()).isEqualTo("N/A");
    assertThat(r.statusCode()).isEqualTo(400);
    byte[] unknownType =
        FilterProto.FilterSubscribeRequest.newBuilder()
            .setRequestId("id9")
            .setFilterSubscribeTypeValue(9)
            .build()
            .toByteArray();
    FilterResponse u = p.respond(a, unknownType);
    assertThat(u.requestId()).isEqualTo("id9");
    assertThat(u.statusCode()).isEqualTo(400);
    assertThat(metrics.requests(RequestType.UNDECODABLE, 400)).isEqualTo(2);
  }

  @Test
  void expiredSubscriberIsNotFound() {
    FilterProtocol p = protocol(10, 10, 1000);
    PeerId a = peer();
    ask(p, a, FilterRequest.subscribe("1", PS, List.of("/a/1/b/c")));
    now.addAndGet(Duration.ofMinutes(5).toMillis());
    assertThat(ask(p, a, FilterRequest.ping("2")).statusCode()).isEqualTo(200);
    now.addAndGet(Duration.ofMinutes(5).toMillis() + 1);
    assertThat(ask(p, a, FilterRequest.ping("3")).statusCode()).isEqualTo(404);
    assertThat(registry.peerCount()).isZero();
  }
}

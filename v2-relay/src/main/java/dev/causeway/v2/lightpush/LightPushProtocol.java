package dev.causeway.v2.lightpush;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.core.Autosharding;
import dev.causeway.v2.core.ContentTopicException;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.PubsubTopicException;
import dev.causeway.v2.core.WakuMessageValidator;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The serving side of light push v2 and v3 without I/O (spec v2-filter-lightpush.md §3, §4.2, §5,
 * §6): takes one whole request body from a peer and completes with the response body, after rate
 * limiting, decoding, pubsub topic resolution, message validation and the {@link PushHandler}.
 *
 * <p>Order of checks and answers (nwaku's): per-peer rate limit (429, request id {@code "N/A"}; v2:
 * {@code TOO_MANY_REQUESTS}) → decode (400 {@code decode_rpc_failure: …}, request id {@code "N/A"},
 * 413 for a request longer than {@code maxRequestSize}; v2: empty request id, or {@code
 * empty_request_body_failure} without a request) → pubsub topic (blank: 400; not a Waku topic: 400;
 * absent on v3: autosharding from the content topic, or 420 without autosharding / with an
 * unparsable content topic; not among the configured topics: 421) → message rules (420 with the
 * rule's text, e.g. {@code Message size exceeded maximum of 153600 bytes}) → in-flight limit (503)
 * → handler (200 with {@code relay_peer_count}, 420, 500, 505). v2 answers carry {@code is_success}
 * and {@code info = "OK"} on success, the error text otherwise.
 *
 * <p>Thread-safe. {@link #handle} does not block: it runs the cheap checks on the caller's thread
 * and completes from the handler's future.
 */
public final class LightPushProtocol {
  /*
   * Why the rate limit comes before decoding: it is what nwaku does (a limited peer gets "N/A"
   * because its request is never read), and it keeps a flooding peer from costing us a protobuf
   * parse per request. Every answer, including rate-limit and decode failures, is counted in
   * causeway_lightpush_requests_total with the v3 status it corresponds to, so the two versions
   * share one set of series.
   */
  static final String DECODE_FAILURE = "decode_rpc_failure: ";
  static final String EMPTY_REQUEST_BODY = "empty_request_body_failure";
  static final String RATE_LIMITED_V3 = "Request rejected due to too many requests";
  static final String RATE_LIMITED_V2 = "TOO_MANY_REQUESTS";
  static final String OK = "OK";
  static final String STATIC_SHARDING =
      "Pubsub topic must be specified when static sharding is enabled";
  static final String EMPTY_TOPIC = "topic must not be empty";
  static final String BUSY = "Light push service busy, try later";

  private final LightPushConfig config;
  private final PushHandler handler;
  private final LightPushMetrics metrics;
  private final WakuMessageValidator validator;
  private final PeerRateLimiter<PeerId> limiter;
  private final LongSupplier nanoTime;
  private final AtomicInteger inFlight;

  /**
   * @param nanoTime monotonic time for the latency histogram
   */
  public LightPushProtocol(
      LightPushConfig config,
      PushHandler handler,
      LightPushMetrics metrics,
      Clock clock,
      LongSupplier nanoTime) {
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.validator = new WakuMessageValidator(config.validation(), clock);
    this.nanoTime = nanoTime;
    this.inFlight = metrics.inFlightCounter();
    LightPushConfig.RateLimit rl = config.rateLimit();
    this.limiter =
        rl == null
            ? null
            : new PeerRateLimiter<>(rl.volume(), rl.period(), config.maxTrackedPeers(), clock);
    if (limiter != null) {
      metrics.bindRateLimiter(limiter);
    }
  }

  public LightPushConfig config() {
    return config;
  }

  /**
   * Handles one request body of {@code version} from {@code peer}; completes with the response body
   * (never exceptionally).
   */
  public CompletableFuture<byte[]> handle(LightPushVersion version, PeerId peer, byte[] body) {
    long start = nanoTime.getAsLong();
    if (limiter != null && !limiter.tryAcquire(peer)) {
      return done(version, start, rateLimited(version));
    }
    LightPushRequest request;
    try {
      request =
          version == LightPushVersion.V3
              ? LightPushCodec.decodeRequest(body, config.maxRequestSize())
              : LegacyLightPushCodec.decodeRequest(body, config.maxRequestSize());
    } catch (LightPushCodecException e) {
      return done(version, start, undecodable(version, e));
    }
    Checked checked = check(version, request);
    if (checked.refusal() != null) {
      return done(version, start, checked.refusal());
    }
    PubsubTopic topic = checked.topic();
    if (inFlight.incrementAndGet() > config.maxInFlight()) {
      inFlight.decrementAndGet();
      return done(
          version,
          start,
          failure(version, request.requestId(), LightPushStatus.SERVICE_NOT_AVAILABLE, BUSY));
    }
    CompletableFuture<PushOutcome> f;
    try {
      f = handler.push(topic, request.message());
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.handle(
        (o, e) -> {
          inFlight.decrementAndGet();
          PushOutcome out =
              e != null
                  ? PushOutcome.failed(
                      LightPushStatus.INTERNAL_SERVER_ERROR, "push failed: " + e.getMessage())
                  : o;
          return finish(version, start, outcome(version, request.requestId(), out));
        });
  }

  /**
   * The response to a request that cannot even be framed: a length prefix above {@code
   * maxRequestSize} ({@link LightPushCodecException.Reason#TOO_LARGE}) or a malformed one ({@link
   * LightPushCodecException.Reason#MALFORMED}).
   */
  public byte[] unframeable(
      LightPushVersion version, LightPushCodecException.Reason reason, String text) {
    long start = nanoTime.getAsLong();
    return finish(version, start, undecodable(version, new LightPushCodecException(reason, text)));
  }

  // ------------------------------------------------------------------ answers

  /** A response body and the status it is counted as. */
  private record Answer(LightPushStatus status, byte[] body) {}

  /** Either the topic to publish on or the answer refusing the request. */
  private record Checked(PubsubTopic topic, Answer refusal) {}

  private Checked check(LightPushVersion v, LightPushRequest r) {
    Resolution res = resolveTopic(r);
    if (res.failure != null) {
      return new Checked(null, failure(v, r.requestId(), res.failure, res.description));
    }
    Optional<WakuMessageValidator.Rejection> rej = validator.validate(r.message(), r.messageSize());
    if (rej.isPresent()) {
      return new Checked(
          null, failure(v, r.requestId(), LightPushStatus.INVALID_MESSAGE, describe(rej.get())));
    }
    return new Checked(res.topic, null);
  }

  private record Resolution(PubsubTopic topic, LightPushStatus failure, String description) {}

  private Resolution resolveTopic(LightPushRequest r) {
    PubsubTopic topic;
    if (r.pubsubTopic().isPresent()) {
      String t = r.pubsubTopic().get();
      if (t.isBlank()) {
        return new Resolution(null, LightPushStatus.BAD_REQUEST, EMPTY_TOPIC);
      }
      try {
        topic = PubsubTopic.parse(t);
      } catch (PubsubTopicException e) {
        return new Resolution(
            null, LightPushStatus.BAD_REQUEST, "Invalid pubsub topic: " + e.getMessage());
      }
    } else {
      Autosharding a = config.autosharding();
      if (a == null) {
        return new Resolution(null, LightPushStatus.INVALID_MESSAGE, STATIC_SHARDING);
      }
      try {
        topic = a.pubsubTopic(r.message().contentTopic());
      } catch (ContentTopicException e) {
        return new Resolution(
            null, LightPushStatus.INVALID_MESSAGE, "Invalid content-topic: " + e.getMessage());
      }
    }
    if (!config.pubsubTopics().isEmpty() && !config.pubsubTopics().contains(topic)) {
      return new Resolution(
          null, LightPushStatus.UNSUPPORTED_PUBSUB_TOPIC, "Unsupported pubsub topic: " + topic);
    }
    return new Resolution(topic, null, null);
  }

  private String describe(WakuMessageValidator.Rejection r) {
    WakuMessageValidator.Config c = validator.config();
    return switch (r) {
      case TOO_LARGE -> "Message size exceeded maximum of " + c.maxMessageSize() + " bytes";
      case EMPTY_PAYLOAD -> "Message payload is empty";
      case EMPTY_CONTENT_TOPIC -> "Message content topic is empty";
      case BAD_CONTENT_TOPIC -> "Invalid content-topic";
      case META_TOO_LONG -> "Message meta exceeds 64 bytes";
      case MISSING_TIMESTAMP -> "Message has no timestamp";
      case TIMESTAMP_OUT_OF_WINDOW ->
          "Message timestamp is more than "
              + c.maxClockGap().toMillis()
              + " ms away from the node's clock";
    };
  }

  private Answer rateLimited(LightPushVersion v) {
    String id = LightPushResponse.NO_REQUEST_ID;
    return v == LightPushVersion.V3
        ? v3(id, LightPushStatus.TOO_MANY_REQUESTS, RATE_LIMITED_V3, OptionalInt.empty())
        : v2(id, LightPushStatus.TOO_MANY_REQUESTS, false, RATE_LIMITED_V2);
  }

  private Answer undecodable(LightPushVersion v, LightPushCodecException e) {
    metrics.badRequest(v, e.reason());
    if (v == LightPushVersion.V3) {
      return v3(
          LightPushResponse.NO_REQUEST_ID,
          e.reason() == LightPushCodecException.Reason.TOO_LARGE
              ? LightPushStatus.PAYLOAD_TOO_LARGE
              : LightPushStatus.BAD_REQUEST,
          DECODE_FAILURE + e.getMessage(),
          OptionalInt.empty());
    }
    if (e.reason() == LightPushCodecException.Reason.EMPTY_BODY) {
      return v2(e.requestId().orElse(""), LightPushStatus.BAD_REQUEST, false, EMPTY_REQUEST_BODY);
    }
    return v2("", LightPushStatus.BAD_REQUEST, false, DECODE_FAILURE + e.getMessage());
  }

  private Answer failure(LightPushVersion v, String id, LightPushStatus s, String desc) {
    return v == LightPushVersion.V3 ? v3(id, s, desc, OptionalInt.empty()) : v2(id, s, false, desc);
  }

  private Answer outcome(LightPushVersion v, String id, PushOutcome o) {
    if (o.status() != LightPushStatus.SUCCESS) {
      return failure(v, id, o.status(), o.description().orElse(o.status().name()));
    }
    return v == LightPushVersion.V3
        ? v3(id, LightPushStatus.SUCCESS, null, OptionalInt.of(o.relayPeerCount()))
        : v2(id, LightPushStatus.SUCCESS, true, OK);
  }

  private static Answer v3(String id, LightPushStatus s, String desc, OptionalInt peers) {
    return new Answer(
        s,
        LightPushCodec.encodeResponse(
            new LightPushResponse(id, s.code(), Optional.ofNullable(desc), peers)));
  }

  private static Answer v2(String id, LightPushStatus s, boolean success, String info) {
    return new Answer(
        s,
        LegacyLightPushCodec.encodeResponse(
            new LegacyPushResponse(id, success, Optional.of(info))));
  }

  private CompletableFuture<byte[]> done(LightPushVersion v, long start, Answer a) {
    return CompletableFuture.completedFuture(finish(v, start, a));
  }

  private byte[] finish(LightPushVersion v, long start, Answer a) {
    metrics.answered(v, a.status(), nanoTime.getAsLong() - start);
    return a.body();
  }
}

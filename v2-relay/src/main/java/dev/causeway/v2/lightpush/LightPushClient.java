package dev.causeway.v2.lightpush;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.reqresp.RequestStreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The requesting side of light push (spec v2-filter-lightpush.md §3, §4): asks a service node to
 * relay one message. Opens a stream proposing {@code /vac/waku/lightpush/3.0.0} and then {@code
 * /vac/waku/lightpush/2.0.0-beta1} (so a peer that serves only v2, such as go-waku, gets v2, as
 * js-waku does it), or only the version asked for; writes one length-prefixed request with a fresh
 * UUID request id, half-closes and completes with the first length-prefixed answer (at most {@link
 * LightPushCodec#MAX_RESPONSE_SIZE} bytes).
 *
 * <p>The future completes with a {@link LightPushResult} whenever the node answered (an error
 * status included), and exceptionally with a {@link LightPushClientException} otherwise; it may
 * complete on a network thread, so dependent actions must not block. Thread-safe.
 */
public final class LightPushClient {
  /*
   * Request id check: the answer must echo our id, except "N/A" (v3 and v2 rate limiting, v3
   * undecodable request) and "" (v2 undecodable request), which nwaku and go-waku send when they
   * did not read the request; go-waku's client accepts "N/A" the same way.
   */
  private final Libp2pHost host;
  private final Duration timeout;
  private final LightPushMetrics metrics;
  private final Supplier<String> requestIds;

  public LightPushClient(Libp2pHost host, Duration timeout, MeterRegistry registry) {
    this(host, timeout, new LightPushMetrics(registry), () -> UUID.randomUUID().toString());
  }

  /**
   * @param requestIds source of request ids (UUIDs as js-waku by default)
   */
  public LightPushClient(
      Libp2pHost host, Duration timeout, LightPushMetrics metrics, Supplier<String> requestIds) {
    this.host = Objects.requireNonNull(host, "host");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.requestIds = Objects.requireNonNull(requestIds, "requestIds");
  }

  /**
   * Pushes {@code message} to {@code peer} over v3, or v2 if the peer does not serve v3.
   *
   * @param topic the pubsub topic, or null to let the service node derive it by autosharding (v3
   *     only: a v2-only peer then fails with {@code NEEDS_PUBSUB_TOPIC})
   */
  public CompletableFuture<LightPushResult> push(
      PeerId peer, PubsubTopic topic, WakuMessage message) {
    List<String> protocols =
        topic == null
            ? List.of(LightPushVersion.V3.protocolId())
            : List.of(LightPushVersion.V3.protocolId(), LightPushVersion.V2.protocolId());
    return push(peer, topic, message, protocols);
  }

  /** Pushes {@code message} to {@code peer} over {@code version} only. */
  public CompletableFuture<LightPushResult> push(
      PeerId peer, PubsubTopic topic, WakuMessage message, LightPushVersion version) {
    if (version == LightPushVersion.V2 && topic == null) {
      return CompletableFuture.failedFuture(
          new LightPushClientException(
              LightPushClientException.Reason.NEEDS_PUBSUB_TOPIC,
              "light push v2 needs a pubsub topic"));
    }
    return push(peer, topic, message, List.of(version.protocolId()));
  }

  private CompletableFuture<LightPushResult> push(
      PeerId peer, PubsubTopic topic, WakuMessage message, List<String> protocols) {
    LightPushRequest request =
        LightPushRequest.of(requestIds.get(), topic == null ? null : topic.toString(), message);
    // The version negotiated, for the metrics of a push that fails after the stream opened.
    AtomicReference<LightPushVersion> spoken = new AtomicReference<>();
    RequestStreams.Failures failures = failures(peer);
    CompletableFuture<LightPushResult> out =
        RequestStreams.request(
            host.newStream(peer, protocols),
            timeout,
            failures,
            stream -> {
              spoken.set(LightPushVersion.ofProtocolId(stream.protocol()));
              return exchange(stream, request, failures);
            });
    // The caller gets the future after the metric is counted, so a result seen is a result counted.
    return out.whenComplete(
        (r, e) -> {
          LightPushVersion v =
              r != null
                  ? r.version()
                  : spoken.get() != null
                      ? spoken.get()
                      : LightPushVersion.ofProtocolId(protocols.get(0));
          metrics.client(
              v,
              e != null
                  ? LightPushMetrics.ClientResult.FAILED
                  : r.isSuccess()
                      ? LightPushMetrics.ClientResult.SUCCESS
                      : LightPushMetrics.ClientResult.REJECTED);
        });
  }

  private RequestStreams.Failures failures(PeerId peer) {
    return new RequestStreams.Failures(
        cause ->
            new LightPushClientException(
                LightPushClientException.Reason.STREAM_OPEN_FAILED,
                "cannot open a light push stream to " + peer + ": " + cause.getMessage(),
                cause),
        (cause, badResponse) ->
            new LightPushClientException(
                badResponse
                    ? LightPushClientException.Reason.BAD_RESPONSE
                    : LightPushClientException.Reason.STREAM_FAILED,
                "light push: " + cause.getMessage(),
                cause),
        () ->
            new LightPushClientException(
                LightPushClientException.Reason.TIMEOUT,
                "no light push answer from " + peer + " within " + timeout));
  }

  private static CompletableFuture<LightPushResult> exchange(
      Stream stream, LightPushRequest request, RequestStreams.Failures failures) {
    LightPushVersion version = LightPushVersion.ofProtocolId(stream.protocol());
    if (version == null) {
      return CompletableFuture.failedFuture(
          new LightPushClientException(
              LightPushClientException.Reason.STREAM_FAILED,
              "peer chose an unexpected protocol " + stream.protocol()));
    }
    if (version == LightPushVersion.V2 && request.pubsubTopic().isEmpty()) {
      return CompletableFuture.failedFuture(
          new LightPushClientException(
              LightPushClientException.Reason.NEEDS_PUBSUB_TOPIC,
              "the peer serves light push v2 only, which needs a pubsub topic"));
    }
    byte[] body =
        version == LightPushVersion.V3
            ? LightPushCodec.encodeRequest(request)
            : LegacyLightPushCodec.encodeRequest(request);
    return RequestStreams.exchange(stream, body, LightPushCodec.MAX_RESPONSE_SIZE, failures)
        .thenCompose(response -> complete(version, request.requestId(), response));
  }

  private static CompletableFuture<LightPushResult> complete(
      LightPushVersion version, String requestId, byte[] body) {
    LightPushResult r;
    try {
      r =
          version == LightPushVersion.V3
              ? LightPushResult.of(LightPushCodec.decodeResponse(body))
              : LightPushResult.of(LegacyLightPushCodec.decodeResponse(body));
    } catch (LightPushCodecException e) {
      return CompletableFuture.failedFuture(
          new LightPushClientException(
              LightPushClientException.Reason.BAD_RESPONSE,
              "undecodable light push response: " + e.getMessage(),
              e));
    }
    String echoed = r.requestId();
    if (!echoed.equals(requestId)
        && !echoed.equals(LightPushResponse.NO_REQUEST_ID)
        && !(echoed.isEmpty() && !r.isSuccess())) {
      return CompletableFuture.failedFuture(
          new LightPushClientException(
              LightPushClientException.Reason.REQUEST_ID_MISMATCH,
              "response for request " + echoed + ", expected " + requestId));
    }
    return CompletableFuture.completedFuture(r);
  }
}

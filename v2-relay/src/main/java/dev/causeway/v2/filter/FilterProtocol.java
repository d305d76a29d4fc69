package dev.causeway.v2.filter;

import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.varint.VarintException;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.reqresp.RequestReader;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /vac/waku/filter-subscribe/2.0.0-beta1} (spec v2-filter-lightpush.md §1.1-§1.3):
 * reads one length-prefixed {@code FilterSubscribeRequest} per stream, answers it with one
 * length-prefixed {@code FilterSubscribeResponse} and half-closes. Every request gets an answer,
 * including an undecodable one (400, request id {@code "N/A"}; nwaku closes silently) and a
 * rate-limited one (429, request id {@code "N/A"}, as nwaku). A stream without a complete request
 * within the configured time is reset.
 *
 * <p>{@link #respond} is the whole decision (rate limit, validation, registry, metrics) without
 * I/O; the stream part only frames bytes. Everything runs on the connection's event loop: the
 * registry's work per request is a few map operations.
 */
public final class FilterProtocol implements StreamHandler {
  /*
   * One request per stream, then our half-close: js-waku reads the response side until EOF
   * ("all(source)") and opens a new stream per request, nwaku and go-waku do the same. js-waku's
   * UNSUBSCRIBE does not read the answer at all (it writes and closes), so a failed write of the
   * answer is normal and ignored.
   *
   * Order of checks (nwaku): rate limit first (a refused request touches neither the registry nor
   * its id: the answer carries "N/A"; the body is decoded only to tag the metric with its type),
   * then the request's type-specific rules, then the registry.
   *
   * Reading the request (stream events and the timeout timer, on the stream's event loop) is
   * RequestReader's, as for store and light push; a bad length prefix is answered with 400.
   */
  public static final String ID = ProtocolIds.FILTER_SUBSCRIBE;

  private static final Logger LOG = LoggerFactory.getLogger(FilterProtocol.class);

  private final SubscriptionRegistry registry;
  private final RateLimiter rateLimiter;
  private final FilterMetrics metrics;
  private final int maxContentTopics;
  private final Duration requestTimeout;

  FilterProtocol(
      SubscriptionRegistry registry,
      RateLimiter rateLimiter,
      FilterMetrics metrics,
      int maxContentTopics,
      Duration requestTimeout) {
    this.registry = registry;
    this.rateLimiter = rateLimiter;
    this.metrics = metrics;
    this.maxContentTopics = maxContentTopics;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public void onStream(Stream stream) {
    RequestReader.read(
        stream,
        FilterCodec.MAX_REQUEST_SIZE,
        requestTimeout,
        new RequestReader.Handler() {
          @Override
          public void onRequest(Stream s, byte[] body) {
            answer(s, respond(s.remotePeer(), body));
          }

          @Override
          public void onBadFrame(Stream s, VarintException e) {
            answer(s, undecodable("bad length prefix"));
          }

          @Override
          public void onClosedBeforeRequest(Stream s) {
            s.closeWrite();
          }

          @Override
          public void onResetBeforeRequest(Stream s) {}

          @Override
          public void onTimeout(Stream s) {
            LOG.debug("filter request from {} timed out", s.remotePeer());
          }
        });
  }

  private static void answer(Stream stream, FilterResponse r) {
    RequestReader.answer(stream, FilterCodec.encodeResponse(r))
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.debug("filter answer to {} not sent: {}", stream.remotePeer(), e.toString());
              }
            });
  }

  /** Decides the answer to the request {@code body} from {@code peer}. No I/O. */
  FilterResponse respond(PeerId peer, byte[] body) {
    if (!rateLimiter.tryAcquire(peer)) {
      FilterRequest.Type type = peekType(body);
      metrics.request(
          type == null ? FilterMetrics.RequestType.UNDECODABLE : FilterMetrics.RequestType.of(type),
          FilterStatus.TOO_MANY_REQUESTS);
      return FilterResponse.error(
          FilterStatus.NO_REQUEST_ID, FilterStatus.TOO_MANY_REQUESTS, FilterStatus.RATE_LIMITED);
    }
    FilterRequest request;
    try {
      request = FilterCodec.decodeRequest(body);
    } catch (FilterCodecException e) {
      FilterResponse r = undecodable(e.getMessage());
      return e.requestId().isPresent()
          ? new FilterResponse(e.requestId().get(), r.statusCode(), r.statusDesc())
          : r;
    }
    FilterResponse r = handle(peer, request);
    metrics.request(FilterMetrics.RequestType.of(request.type()), r.statusCode());
    return r;
  }

  private FilterResponse undecodable(String why) {
    metrics.request(FilterMetrics.RequestType.UNDECODABLE, FilterStatus.BAD_REQUEST);
    return FilterResponse.error(
        FilterStatus.NO_REQUEST_ID, FilterStatus.BAD_REQUEST, "BAD_REQUEST: " + why);
  }

  private static FilterRequest.Type peekType(byte[] body) {
    try {
      return FilterCodec.decodeRequest(body).type();
    } catch (FilterCodecException e) {
      return null;
    }
  }

  private FilterResponse handle(PeerId peer, FilterRequest req) {
    String id = req.requestId();
    switch (req.type()) {
      case SUBSCRIBER_PING:
        return outcome(id, registry.ping(peer));
      case UNSUBSCRIBE_ALL:
        return outcome(id, registry.unsubscribeAll(peer));
      case SUBSCRIBE:
      case UNSUBSCRIBE:
        if (req.pubsubTopic().isEmpty() || req.contentTopics().isEmpty()) {
          return FilterResponse.error(id, FilterStatus.BAD_REQUEST, FilterStatus.MISSING_CRITERIA);
        }
        if (req.contentTopics().size() > maxContentTopics) {
          return FilterResponse.error(
              id, FilterStatus.BAD_REQUEST, FilterStatus.tooManyContentTopics(maxContentTopics));
        }
        String topic = req.pubsubTopic().get();
        return outcome(
            id,
            req.type() == FilterRequest.Type.SUBSCRIBE
                ? registry.subscribe(peer, topic, req.contentTopics())
                : registry.unsubscribe(peer, topic, req.contentTopics()));
      default:
        throw new IllegalStateException("unhandled type " + req.type());
    }
  }

  private FilterResponse outcome(String id, SubscriptionRegistry.Outcome o) {
    return switch (o) {
      case OK -> FilterResponse.ok(id);
      case NOT_FOUND ->
          FilterResponse.error(id, FilterStatus.NOT_FOUND, FilterStatus.NO_SUBSCRIPTIONS);
      case MAX_PEERS ->
          FilterResponse.error(
              id, FilterStatus.SERVICE_UNAVAILABLE, FilterStatus.maxPeers(registry.maxPeers()));
      case MAX_CRITERIA ->
          FilterResponse.error(id, FilterStatus.SERVICE_UNAVAILABLE, FilterStatus.MAX_CRITERIA);
    };
  }
}

package dev.causeway.v2.filter;

import dev.causeway.libp2p.host.LengthPrefixedExchange;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.VarintException;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.PubsubTopicException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requesting side of filter v2 (spec v2-filter-lightpush.md §1): sends SUBSCRIBE, UNSUBSCRIBE,
 * UNSUBSCRIBE_ALL and SUBSCRIBER_PING requests on {@code /vac/waku/filter-subscribe/2.0.0-beta1},
 * one stream per request, and receives pushes on {@code /vac/waku/filter-push/2.0.0-beta1}, whose
 * handler it registers on the host at construction (do that before the host starts, so identify
 * lists it).
 *
 * <p>Every request future completes with the service's {@link FilterResponse} (check {@link
 * FilterResponse#isSuccess()}) or fails with a {@link FilterClientException}. Pushes are read like
 * js-waku does (any number of length-prefixed pushes per stream, until the service closes it) and
 * checked like the spec asks: a push from a peer we hold no subscription with, without a pubsub
 * topic, or not matching our criteria there is dropped and counted ({@code
 * waku_filter_client_pushes_total{result}}); accepted ones go to the {@link FilterPushListener}.
 */
public final class FilterClient implements AutoCloseable {
  /*
   * Our criteria per service peer are recorded when the service confirms a SUBSCRIBE and forgotten
   * on a confirmed UNSUBSCRIBE / UNSUBSCRIBE_ALL; a 404 to a ping also forgets them (the service
   * has dropped us). Keep-alive pings are the caller's business (the CLI pings every minute).
   *
   * Request ids are random UUIDs, like js-waku's. A response must echo ours, except "N/A", which
   * nwaku uses when it rate-limits (429) or cannot read the request.
   */
  private static final Logger LOG = LoggerFactory.getLogger(FilterClient.class);

  /** What happened to an inbound push (tag values). */
  private enum PushResult {
    ACCEPTED,
    UNSOLICITED,
    NO_PUBSUB_TOPIC,
    NOT_MATCHING,
    UNDECODABLE
  }

  private final Libp2pHost host;
  private final FilterPushListener listener;
  private final Duration timeout;
  private final Map<PeerId, Set<SubscriptionRegistry.Criterion>> subscriptions =
      new ConcurrentHashMap<>();
  private final Map<PushResult, Counter> pushes = new ConcurrentHashMap<>();

  /**
   * Registers the push handler on {@code host}.
   *
   * @param timeout how long a request may take, stream opening included
   */
  public FilterClient(
      Libp2pHost host, FilterPushListener listener, Duration timeout, MeterRegistry registry) {
    this.host = host;
    this.listener = listener;
    this.timeout = timeout;
    for (PushResult r : PushResult.values()) {
      pushes.put(
          r,
          Counter.builder("waku_filter_client_pushes_total")
              .tag("result", r.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    host.registerHandler(ProtocolIds.FILTER_PUSH, this::onPushStream);
  }

  /** Subscribes to {@code contentTopics} on {@code pubsubTopic} at {@code service}. */
  public CompletableFuture<FilterResponse> subscribe(
      PeerId service, PubsubTopic pubsubTopic, List<String> contentTopics) {
    FilterRequest r = FilterRequest.subscribe(newId(), pubsubTopic.toString(), contentTopics);
    return request(service, r)
        .thenApply(
            resp -> {
              if (resp.isSuccess()) {
                Set<SubscriptionRegistry.Criterion> set =
                    subscriptions.computeIfAbsent(service, k -> ConcurrentHashMap.newKeySet());
                for (String ct : contentTopics) {
                  set.add(new SubscriptionRegistry.Criterion(pubsubTopic.toString(), ct));
                }
              }
              return resp;
            });
  }

  /** Removes {@code contentTopics} on {@code pubsubTopic} at {@code service}. */
  public CompletableFuture<FilterResponse> unsubscribe(
      PeerId service, PubsubTopic pubsubTopic, List<String> contentTopics) {
    FilterRequest r = FilterRequest.unsubscribe(newId(), pubsubTopic.toString(), contentTopics);
    return request(service, r)
        .thenApply(
            resp -> {
              if (resp.isSuccess()) {
                Set<SubscriptionRegistry.Criterion> set = subscriptions.get(service);
                if (set != null) {
                  for (String ct : contentTopics) {
                    set.remove(new SubscriptionRegistry.Criterion(pubsubTopic.toString(), ct));
                  }
                }
              }
              return resp;
            });
  }

  /** Removes every subscription at {@code service}. */
  public CompletableFuture<FilterResponse> unsubscribeAll(PeerId service) {
    return request(service, FilterRequest.unsubscribeAll(newId()))
        .thenApply(
            resp -> {
              if (resp.isSuccess()) {
                subscriptions.remove(service);
              }
              return resp;
            });
  }

  /** SUBSCRIBER_PING: 200 while {@code service} holds a subscription for us (and refreshes it). */
  public CompletableFuture<FilterResponse> ping(PeerId service) {
    return request(service, FilterRequest.ping(newId()))
        .thenApply(
            resp -> {
              if (resp.statusCode() == FilterStatus.NOT_FOUND) {
                subscriptions.remove(service);
              }
              return resp;
            });
  }

  /** The criteria the client believes it holds at {@code service}. */
  public Set<SubscriptionRegistry.Criterion> criteria(PeerId service) {
    Set<SubscriptionRegistry.Criterion> s = subscriptions.get(service);
    return s == null ? Set.of() : Set.copyOf(s);
  }

  /**
   * Sends any request (also malformed-on-purpose ones, for tests) and completes with the answer.
   * Does not change the client's record of its subscriptions.
   */
  public CompletableFuture<FilterResponse> request(PeerId service, FilterRequest request) {
    return exchange(service, FilterCodec.encodeRequest(request))
        .thenApply(
            resp -> {
              if (!resp.requestId().equals(request.requestId())
                  && !resp.requestId().equals(FilterStatus.NO_REQUEST_ID)) {
                throw new CompletionException(
                    new FilterClientException(
                        FilterClientException.Reason.BAD_RESPONSE,
                        "response to request " + resp.requestId() + ", not " + request.requestId(),
                        null));
              }
              return resp;
            });
  }

  /** Sends {@code body} (a request body, not framed) and completes with the decoded answer. */
  public CompletableFuture<FilterResponse> exchange(PeerId service, byte[] body) {
    CompletableFuture<FilterResponse> result = new CompletableFuture<>();
    result.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    host.newStream(service, List.of(ProtocolIds.FILTER_SUBSCRIBE))
        .whenComplete(
            (stream, err) -> {
              if (err != null) {
                Throwable c = err instanceof CompletionException ? err.getCause() : err;
                result.completeExceptionally(
                    new FilterClientException(
                        FilterClientException.Reason.STREAM_OPEN_FAILED,
                        "cannot open filter stream to " + service + ": " + c.getMessage(),
                        c));
                return;
              }
              send(stream, body, result);
            });
    return result.handle(
        (r, e) -> {
          if (e == null) {
            return r;
          }
          Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (c instanceof java.util.concurrent.TimeoutException) {
            c =
                new FilterClientException(
                    FilterClientException.Reason.TIMEOUT,
                    "no filter answer from " + service + " within " + timeout,
                    c);
          }
          throw new CompletionException(c);
        });
  }

  private static void send(Stream stream, byte[] body, CompletableFuture<FilterResponse> result) {
    result.whenComplete(
        (r, e) -> {
          if (e != null) {
            stream.reset();
          }
        });
    LengthPrefixedExchange.exchange(stream, body, FilterCodec.MAX_RESPONSE_SIZE)
        .whenComplete(
            (response, e) -> {
              if (e == null) {
                try {
                  result.complete(FilterCodec.decodeResponse(response));
                } catch (FilterCodecException x) {
                  result.completeExceptionally(
                      new FilterClientException(
                          FilterClientException.Reason.BAD_RESPONSE,
                          "bad filter answer: " + x.getMessage(),
                          x));
                }
                return;
              }
              Throwable c = e instanceof CompletionException ? e.getCause() : e;
              result.completeExceptionally(
                  new FilterClientException(
                      c instanceof LengthPrefixedExchange.ExchangeException x && x.badResponse()
                          ? FilterClientException.Reason.BAD_RESPONSE
                          : FilterClientException.Reason.STREAM_FAILED,
                      "filter: " + c.getMessage(),
                      c));
            });
  }

  void onPushStream(Stream stream) {
    PeerId from = stream.remotePeer();
    LengthPrefixedReader reader = new LengthPrefixedReader(FilterCodec.MAX_PUSH_SIZE);
    stream.setListener(
        new StreamListener() {
          private boolean dead;

          @Override
          public void onData(byte[] data) {
            if (dead) {
              return;
            }
            List<byte[]> bodies;
            try {
              bodies = reader.readAll(data, 0, data.length);
            } catch (VarintException e) {
              count(PushResult.UNDECODABLE);
              kill();
              return;
            }
            for (byte[] body : bodies) {
              if (!accept(from, body)) {
                kill();
                return;
              }
            }
          }

          @Override
          public void onRemoteClose() {
            stream.closeWrite();
          }

          private void kill() {
            dead = true;
            stream.reset();
          }
        });
  }

  /** Handles one push body; false if the stream should be dropped. */
  private boolean accept(PeerId from, byte[] body) {
    Set<SubscriptionRegistry.Criterion> ours = subscriptions.get(from);
    if (ours == null || ours.isEmpty()) {
      count(PushResult.UNSOLICITED);
      return false;
    }
    MessagePush push;
    try {
      push = FilterCodec.decodePush(body);
    } catch (FilterCodecException e) {
      count(PushResult.UNDECODABLE);
      return false;
    }
    if (push.pubsubTopic().isEmpty()) {
      count(PushResult.NO_PUBSUB_TOPIC);
      return true;
    }
    String topic = push.pubsubTopic().get();
    if (!ours.contains(new SubscriptionRegistry.Criterion(topic, push.message().contentTopic()))) {
      count(PushResult.NOT_MATCHING);
      return true;
    }
    PubsubTopic parsed;
    try {
      parsed = PubsubTopic.parse(topic);
    } catch (PubsubTopicException e) {
      count(PushResult.NOT_MATCHING); // our criteria only hold parsable topics
      return true;
    }
    count(PushResult.ACCEPTED);
    try {
      listener.onMessage(from, parsed, push.message());
    } catch (RuntimeException e) {
      LOG.warn("filter push listener failed", e);
    }
    return true;
  }

  private void count(PushResult r) {
    pushes.get(r).increment();
  }

  /** Pushes received so far that reached the listener. */
  public double acceptedPushes() {
    return pushes.get(PushResult.ACCEPTED).count();
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Unregisters the push handler. */
  @Override
  public void close() {
    host.unregisterHandler(ProtocolIds.FILTER_PUSH);
  }
}

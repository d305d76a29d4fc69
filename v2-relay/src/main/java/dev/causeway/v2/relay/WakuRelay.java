package dev.causeway.v2.relay;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.pubsub.gossipsub.GossipRouter;
import dev.causeway.libp2p.pubsub.gossipsub.GossipVersion;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.libp2p.pubsub.gossipsub.MessageId;
import dev.causeway.libp2p.pubsub.gossipsub.MessageIdFunction;
import dev.causeway.libp2p.pubsub.gossipsub.PubsubMessage;
import dev.causeway.libp2p.pubsub.gossipsub.RouterListener;
import dev.causeway.libp2p.pubsub.gossipsub.ScoreTracker;
import dev.causeway.libp2p.pubsub.gossipsub.ValidationResult;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuCodecException;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.core.WakuMessageValidator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * 11/WAKU2-RELAY (spec v2-message-relay-sharding.md §5): gossipsub on {@code /vac/waku/relay/2.0.0}
 * (also answering {@code /meshsub/1.1.0} and {@code /meshsub/1.0.0}) with StrictNoSign, message id
 * = SHA-256 of the data, and validation of every relayed message as a 14/WAKU2-MESSAGE (size, meta,
 * timestamp window) before it is forwarded or delivered.
 *
 * <p>Invalid messages are REJECTed, which feeds the peer score: a peer that floods them is
 * graylisted and disconnected.
 */
public final class WakuRelay implements AutoCloseable {
  /*
   * Hot path (gossipsub thread): the router validates a message and, if it is accepted, delivers
   * it in the same call. validate() decodes the WakuMessage straight from the pubsub data (no copy
   * of the data first) and keeps it in `validated` for the deliver() that follows, so a message is
   * decoded once; the parsed PubsubTopic is kept with the subscription instead of being parsed
   * per message. Both fields are touched on the router thread only.
   */

  /** A joined topic: its parsed form and its listeners. */
  private record Subscription(PubsubTopic topic, List<RelayListener> listeners) {}

  private final GossipsubService gossipsub;
  private final WakuMessageValidator validator;
  private final WakuMessageValidator publishValidator;
  private final RelayMetrics metrics;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

  // Router thread only: the message accepted by the last validate(), for the deliver() after it.
  private MessageId validatedId;
  private WakuMessage validated;

  public WakuRelay(
      Libp2pHost host,
      GossipsubConfig baseConfig,
      ScoreTracker score,
      WakuMessageValidator.Config validation,
      Clock clock,
      Random random,
      MeterRegistry registry) {
    this.validator = new WakuMessageValidator(validation, clock);
    this.publishValidator = new WakuMessageValidator(validation, clock);
    this.metrics = new RelayMetrics(registry);
    Map<String, GossipVersion> protocols = new LinkedHashMap<>();
    protocols.put(ProtocolIds.RELAY, GossipVersion.V1_1);
    protocols.put(GossipsubConfig.MESHSUB_V11, GossipVersion.V1_1);
    protocols.put(GossipsubConfig.MESHSUB_V10, GossipVersion.V1_0);
    GossipsubConfig cfg = baseConfig.toBuilder().protocols(protocols).build();
    GossipsubService[] self = new GossipsubService[1];
    this.gossipsub =
        new GossipsubService(
            host,
            List.copyOf(protocols.keySet()),
            cfg.inboundLimits().maxRpcSize(),
            sink ->
                GossipRouter.builder(cfg, sink)
                    .idFunction(MessageIdFunction.sha256OfData())
                    .validator(this::validate)
                    .delivery(this::deliver)
                    .scoreTracker(score)
                    .clock(() -> clock.millis())
                    .random(random)
                    .listener(
                        new RouterListener() {
                          @Override
                          public void graylisted(PeerId peer, double s) {
                            self[0].disconnect(peer);
                          }
                        })
                    .build());
    self[0] = gossipsub;
    gossipsub.bindTo(registry);
  }

  public void start() {
    gossipsub.start();
  }

  public RelayMetrics metrics() {
    return metrics;
  }

  public GossipsubService gossipsub() {
    return gossipsub;
  }

  private ValidationResult validate(
      String topic, MessageId id, PubsubMessage message, PeerId from) {
    validatedId = null;
    validated = null;
    WakuMessage m;
    try {
      m = WakuMessage.readFrom(message.dataBytes(), Integer.MAX_VALUE);
    } catch (WakuCodecException e) {
      metrics.rejected(RelayMetrics.Rejected.UNDECODABLE);
      return ValidationResult.REJECT;
    }
    Optional<WakuMessageValidator.Rejection> r = validator.validate(m, message.dataSize());
    if (r.isPresent()) {
      metrics.invalid(r.get());
      return ValidationResult.REJECT;
    }
    validatedId = id;
    validated = m;
    return ValidationResult.ACCEPT;
  }

  private void deliver(String topic, MessageId id, PubsubMessage message, PeerId from) {
    WakuMessage m = id.equals(validatedId) ? validated : null;
    validatedId = null;
    validated = null;
    Subscription sub = subscriptions.get(topic);
    if (sub == null || sub.listeners().isEmpty()) {
      return;
    }
    if (m == null) {
      try {
        m = WakuMessage.readFrom(message.dataBytes(), Integer.MAX_VALUE);
      } catch (WakuCodecException e) {
        metrics.rejected(RelayMetrics.Rejected.UNDECODABLE);
        return;
      }
    }
    metrics.accepted();
    PubsubTopic t = sub.topic();
    MessageHash h = MessageHash.of(t, m);
    for (RelayListener l : sub.listeners()) {
      l.onMessage(t, m, h);
    }
  }

  /** Joins {@code topic}; {@code listener} gets its messages. */
  public CompletableFuture<Void> subscribe(PubsubTopic topic, RelayListener listener) {
    subscription(topic).listeners().add(listener);
    return gossipsub.subscribe(topic.toString());
  }

  /** Joins {@code topic} without a listener (to relay it). */
  public CompletableFuture<Void> subscribe(PubsubTopic topic) {
    subscription(topic);
    return gossipsub.subscribe(topic.toString());
  }

  private Subscription subscription(PubsubTopic topic) {
    return subscriptions.computeIfAbsent(
        topic.toString(), k -> new Subscription(topic, new CopyOnWriteArrayList<>()));
  }

  /**
   * Validates {@code message} as a relay peer would and publishes it; completes with its
   * deterministic hash once the message has been handed to the stream of every peer it went to (see
   * {@link GossipsubService#publish}): a publisher that bounds its unfinished publications is paced
   * by the network instead of having messages dropped at the send limit. Dependent actions run on a
   * network thread and must not block.
   */
  public CompletableFuture<MessageHash> publish(PubsubTopic topic, WakuMessage message) {
    byte[] data = message.encode();
    Optional<WakuMessageValidator.Rejection> r = publishValidator.validate(message, data.length);
    if (r.isPresent()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("message would be rejected by relay peers: " + r.get()));
    }
    MessageHash h = MessageHash.of(topic, message);
    return gossipsub
        .publish(topic.toString(), data)
        .thenApply(
            id -> {
              metrics.published();
              return h;
            });
  }

  @Override
  public void close() {
    gossipsub.close();
  }
}

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
  private final GossipsubService gossipsub;
  private final WakuMessageValidator validator;
  private final WakuMessageValidator publishValidator;
  private final RelayMetrics metrics;
  private final Map<String, List<RelayListener>> listeners = new ConcurrentHashMap<>();

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
    WakuMessage m;
    try {
      m = WakuMessage.readFrom(message.data());
    } catch (WakuCodecException e) {
      metrics.rejected(RelayMetrics.Rejected.UNDECODABLE);
      return ValidationResult.REJECT;
    }
    Optional<WakuMessageValidator.Rejection> r = validator.validate(m, message.dataSize());
    if (r.isPresent()) {
      metrics.invalid(r.get());
      return ValidationResult.REJECT;
    }
    return ValidationResult.ACCEPT;
  }

  private void deliver(String topic, MessageId id, PubsubMessage message, PeerId from) {
    List<RelayListener> ls = listeners.get(topic);
    if (ls == null || ls.isEmpty()) {
      return;
    }
    WakuMessage m;
    PubsubTopic t;
    try {
      m = WakuMessage.readFrom(message.data());
      t = PubsubTopic.parse(topic);
    } catch (Exception e) {
      metrics.rejected(RelayMetrics.Rejected.UNKNOWN_TOPIC);
      return;
    }
    metrics.accepted();
    MessageHash h = MessageHash.of(t, m);
    for (RelayListener l : ls) {
      l.onMessage(t, m, h);
    }
  }

  /** Joins {@code topic}; {@code listener} gets its messages. */
  public CompletableFuture<Void> subscribe(PubsubTopic topic, RelayListener listener) {
    listeners.computeIfAbsent(topic.toString(), k -> new CopyOnWriteArrayList<>()).add(listener);
    return gossipsub.subscribe(topic.toString());
  }

  /** Joins {@code topic} without a listener (to relay it). */
  public CompletableFuture<Void> subscribe(PubsubTopic topic) {
    listeners.computeIfAbsent(topic.toString(), k -> new CopyOnWriteArrayList<>());
    return gossipsub.subscribe(topic.toString());
  }

  /**
   * Validates {@code message} as a relay peer would and publishes it; completes with its
   * deterministic hash.
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

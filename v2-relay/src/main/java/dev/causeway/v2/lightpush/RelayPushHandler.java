package dev.causeway.v2.lightpush;

import dev.causeway.libp2p.pubsub.gossipsub.DuplicateMessageException;
import dev.causeway.libp2p.pubsub.gossipsub.GossipRouter;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubService;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.relay.WakuRelay;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Publishes light-pushed messages through {@link WakuRelay#publish} (spec v2-filter-lightpush.md
 * §4.2 step 3, as nwaku's relay push handler): no peers for the topic ⇒ 505 NO_PEERS_TO_RELAY
 * without publishing; a message gossipsub has already seen ⇒ 420 {@code Dropping already-seen
 * message}; a message relay refuses ⇒ 420; any other publish failure ⇒ 500. On success the outcome
 * carries the number of peers gossipsub sends the message to.
 */
public final class RelayPushHandler implements PushHandler {
  /*
   * Peer count: WakuRelay.publish does not report how many peers a message went to, so the count
   * is taken on the gossipsub thread right before the publication is queued there, with the
   * router's own target rule (flood publish: every peer on the topic; otherwise the mesh of a
   * subscribed topic, the fanout, or up to D topic peers for a new fanout). The publication runs
   * on the same single thread right behind it, so only tasks already queued in between (a peer
   * joining or leaving) can make the count differ from the real one; peers below the publish score
   * threshold are counted although the router skips them. Counting first also lets us answer 505
   * without publishing when nobody would get the message: publishing it anyway would put it in the
   * seen cache, and a retry through another route would then be refused as a duplicate.
   *
   * Threads: the count and the publish's encode/validation run on the gossipsub thread (cheap,
   * bounded by the message size); the future completes on the gossipsub thread or on a connection's
   * event loop. Nothing here blocks.
   */
  static final String NO_PEERS = "No peers for topic, skipping publish";
  static final String DUPLICATE = "Dropping already-seen message";

  private final WakuRelay relay;

  public RelayPushHandler(WakuRelay relay) {
    this.relay = Objects.requireNonNull(relay, "relay");
  }

  @Override
  public CompletableFuture<PushOutcome> push(PubsubTopic topic, WakuMessage message) {
    GossipsubService g = relay.gossipsub();
    String t = topic.toString();
    return g.call(() -> targets(g.router(), t))
        .thenCompose(
            n -> {
              if (n == 0) {
                return CompletableFuture.completedFuture(
                    PushOutcome.failed(LightPushStatus.NO_PEERS_TO_RELAY, NO_PEERS));
              }
              return relay
                  .publish(topic, message)
                  .handle((h, e) -> e == null ? PushOutcome.relayed(n) : failure(e));
            })
        .exceptionally(RelayPushHandler::failure);
  }

  /** Peers a publication on {@code topic} goes to now (router thread only). */
  static int targets(GossipRouter router, String topic) {
    GossipsubConfig cfg = router.config();
    if (cfg.floodPublish()) {
      return router.topicPeers(topic).size();
    }
    if (router.subscriptions().contains(topic)) {
      return router.meshPeers(topic).size();
    }
    int fanout = router.fanoutPeers(topic).size();
    return fanout > 0 ? fanout : Math.min(cfg.d(), router.topicPeers(topic).size());
  }

  private static PushOutcome failure(Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    String msg = String.valueOf(c.getMessage());
    if (c instanceof DuplicateMessageException) {
      return PushOutcome.failed(LightPushStatus.INVALID_MESSAGE, DUPLICATE);
    }
    if (c instanceof IllegalArgumentException) {
      return PushOutcome.failed(LightPushStatus.INVALID_MESSAGE, msg);
    }
    return PushOutcome.failed(LightPushStatus.INTERNAL_SERVER_ERROR, "publish failed: " + msg);
  }
}

package dev.causeway.v2.filter;

import dev.causeway.libp2p.peer.PeerId;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscribed client peer of the filter service: its criteria and liveness (owned by {@link
 * SubscriptionRegistry}, changed under its lock) and its bounded outbound push queue (owned by
 * {@link FilterPusher}, lock-free).
 */
final class Subscriber {
  final PeerId peer;
  // Guarded by the registry's lock.
  final Set<SubscriptionRegistry.Criterion> criteria = new HashSet<>();
  volatile long lastSeenMillis;
  volatile boolean removed;

  // Push state (FilterPusher).
  final ArrayBlockingQueue<FilterPusher.PendingPush> queue;
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicBoolean drainScheduled = new AtomicBoolean();
  volatile long firstFailureMillis = NO_FAILURE;

  static final long NO_FAILURE = Long.MIN_VALUE;

  Subscriber(PeerId peer, long nowMillis, int queueCapacity) {
    this.peer = peer;
    this.lastSeenMillis = nowMillis;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
  }

  PeerId peer() {
    return peer;
  }
}

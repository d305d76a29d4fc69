package dev.causeway.v2.filter;

import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.relay.RelayListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes matching messages to filter subscribers (spec v2-filter-lightpush.md §1.1, §1.3): each
 * message goes to each matching live subscriber as one length-prefixed {@code MessagePush} (with
 * {@code pubsub_topic}) on a new {@code /vac/waku/filter-push/2.0.0-beta1} stream, which is
 * half-closed after the write. Best effort: no retries.
 *
 * <p>{@link #onMessage} is a {@link RelayListener} and runs on the gossipsub thread: it only
 * de-duplicates, looks the message up in the registry's index and offers it to each matching
 * subscriber's bounded queue (a full queue drops the push, counted as {@code queue_full}). Queues
 * are drained on the push executor and on stream event loops, never on the gossipsub thread.
 */
final class FilterPusher implements RelayListener {
  /*
   * Per subscriber: a bounded queue, a count of pushes in flight (stream being opened or written)
   * capped at pushesInFlightPerPeer, and a "drain scheduled" flag so that at most one drain task per
   * subscriber waits in the executor (the executor's queue is thereby bounded by the number of
   * subscribers). A drain reserves an in-flight slot with a CAS before polling, so drains that
   * happen to run concurrently never exceed the cap; every completion frees its slot and schedules
   * another drain. A message is encoded once, lazily by whichever drain needs it first (benign race:
   * two threads may both encode it, with identical results).
   *
   * A fresh stream per push works with every client (go-waku reads exactly one push per stream);
   * the stream open costs a multistream round trip, which the in-flight window hides.
   *
   * Unreachable subscribers: the time of the first failure in an unbroken run of failures is kept;
   * once that run is older than unreachableTimeout the subscriber is removed (spec: "MAY drop the
   * subscription" after about a minute).
   */
  private static final Logger LOG = LoggerFactory.getLogger(FilterPusher.class);

  /** A message waiting to be pushed, with its push frame once encoded. */
  static final class PendingPush {
    final PubsubTopic topic;
    final WakuMessage message;
    private volatile byte[] frame;

    PendingPush(PubsubTopic topic, WakuMessage message) {
      this.topic = topic;
      this.message = message;
    }

    byte[] frame() {
      byte[] f = frame;
      if (f == null) {
        f = LengthPrefixed.frame(FilterCodec.encodePush(message, topic.toString()));
        frame = f;
      }
      return f;
    }
  }

  private final Libp2pHost host;
  private final SubscriptionRegistry registry;
  private final FilterMetrics metrics;
  private final Executor executor;
  private final RecentHashes recent;
  private final int maxInFlight;
  private final long pushTimeoutNanos;
  private final long unreachableMillis;
  private volatile boolean closed;

  FilterPusher(
      Libp2pHost host,
      SubscriptionRegistry registry,
      FilterMetrics metrics,
      Executor executor,
      FilterConfig cfg) {
    this.host = host;
    this.registry = registry;
    this.metrics = metrics;
    this.executor = executor;
    this.recent =
        new RecentHashes(cfg.dedupTtl().toMillis(), cfg.dedupMaxEntries(), registry::nowMillis);
    this.maxInFlight = cfg.pushesInFlightPerPeer();
    this.pushTimeoutNanos = cfg.pushTimeout().toNanos();
    this.unreachableMillis = cfg.unreachableTimeout().toMillis();
  }

  @Override
  public void onMessage(PubsubTopic topic, WakuMessage message, MessageHash hash) {
    if (closed) {
      return;
    }
    Subscriber[] subs = registry.matching(topic.toString(), message.contentTopic());
    if (subs.length == 0) {
      metrics.message(false);
      return;
    }
    if (!recent.add(hash)) {
      metrics.duplicate();
      return;
    }
    metrics.message(true);
    PendingPush push = new PendingPush(topic, message);
    long now = registry.nowMillis();
    for (Subscriber s : subs) {
      if (!registry.isLive(s, now)) {
        continue;
      }
      if (!s.queue.offer(push)) {
        metrics.pushFailed(FilterMetrics.PushFailure.QUEUE_FULL);
        continue;
      }
      schedule(s);
    }
  }

  private void schedule(Subscriber s) {
    if (s.drainScheduled.compareAndSet(false, true)) {
      try {
        executor.execute(() -> drain(s));
      } catch (RejectedExecutionException e) {
        s.drainScheduled.set(false);
        dropAll(s);
      }
    }
  }

  private void drain(Subscriber s) {
    s.drainScheduled.set(false);
    if (closed || s.removed) {
      dropAll(s);
      return;
    }
    while (true) {
      int n = s.inFlight.get();
      if (n >= maxInFlight) {
        return;
      }
      if (!s.inFlight.compareAndSet(n, n + 1)) {
        continue;
      }
      PendingPush p = s.queue.poll();
      if (p == null) {
        s.inFlight.decrementAndGet();
        if (s.queue.isEmpty()) {
          return;
        }
        continue;
      }
      send(s, p);
    }
  }

  private void dropAll(Subscriber s) {
    for (PendingPush p = s.queue.poll(); p != null; p = s.queue.poll()) {
      metrics.pushFailed(FilterMetrics.PushFailure.SHUT_DOWN);
    }
  }

  private void send(Subscriber s, PendingPush p) {
    Stream[] opened = new Stream[1];
    CompletableFuture<Void> done =
        host.newStream(s.peer, List.of(ProtocolIds.FILTER_PUSH))
            .<Stream>handle(
                (stream, err) -> {
                  if (err != null) {
                    throw new CompletionException(
                        new PushException(FilterMetrics.PushFailure.STREAM_OPEN_FAILED, err));
                  }
                  return stream;
                })
            .thenCompose(
                stream -> {
                  opened[0] = stream;
                  stream.setListener(
                      new StreamListener() {
                        @Override
                        public void onData(byte[] data) {
                          // The client does not reply on a push stream.
                        }
                      });
                  CompletableFuture<Void> w = stream.write(p.frame());
                  stream.closeWrite();
                  return w.<Void>handle(
                      (v, e) -> {
                        if (e != null) {
                          throw new CompletionException(
                              new PushException(FilterMetrics.PushFailure.WRITE_FAILED, e));
                        }
                        return null;
                      });
                })
            .orTimeout(pushTimeoutNanos, TimeUnit.NANOSECONDS);
    done.whenComplete(
        (v, e) -> {
          s.inFlight.decrementAndGet();
          if (e == null) {
            s.firstFailureMillis = Subscriber.NO_FAILURE;
            metrics.pushed();
          } else {
            Throwable c =
                e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            FilterMetrics.PushFailure reason =
                c instanceof PushException pe
                    ? pe.reason
                    : c instanceof TimeoutException
                        ? FilterMetrics.PushFailure.TIMEOUT
                        : FilterMetrics.PushFailure.WRITE_FAILED;
            if (reason == FilterMetrics.PushFailure.TIMEOUT && opened[0] != null) {
              opened[0].reset();
            }
            metrics.pushFailed(reason);
            failed(s, c);
          }
          if (!s.queue.isEmpty()) {
            schedule(s);
          }
        });
  }

  private void failed(Subscriber s, Throwable cause) {
    long now = registry.nowMillis();
    long first = s.firstFailureMillis;
    if (first == Subscriber.NO_FAILURE) {
      s.firstFailureMillis = now;
      LOG.debug("filter push to {} failed: {}", s.peer, cause.toString());
    } else if (now - first > unreachableMillis && !s.removed) {
      if (registry.remove(s.peer)) {
        metrics.removed(FilterMetrics.Removal.UNREACHABLE, 1);
        LOG.debug("filter subscriber {} unreachable since {} ms, removed", s.peer, now - first);
      }
    }
  }

  void close() {
    closed = true;
  }

  /** A push failure with its metric reason. */
  private static final class PushException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient FilterMetrics.PushFailure reason;

    PushException(FilterMetrics.PushFailure reason, Throwable cause) {
      super(reason.name(), cause);
      this.reason = reason;
    }
  }
}

package dev.causeway.v2.store;

import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.varint.VarintException;
import dev.causeway.v2.reqresp.RequestReader;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream side shared by the store protocols (spec v2-store.md §3.5 step 1): reads one
 * length-prefixed request (bounded by {@link Service#maxRequestSize()}), checks the peer's rate
 * limit on the event loop (429 answer at once), hands the request to a bounded worker pool (503
 * answer at once when its queue is full), writes the one response the worker produces and
 * half-closes. A stream that sends a bad length prefix, or no whole request within {@link
 * StoreConfig#requestTimeout()}, is reset. Nothing here blocks the event loop: decoding, validation
 * and the archive query run on the workers.
 */
public final class StoreServer implements StreamHandler, AutoCloseable {
  /*
   * The worker pool is the global concurrency cap: `workers` threads plus `queueCapacity` waiting
   * requests; the executor's rejection is our 503. The pool is a plain ThreadPoolExecutor with an
   * ArrayBlockingQueue (SynchronousQueue when the capacity is 0), daemon threads, so a node that
   * forgets to close us does not hang the JVM.
   *
   * Reading the request (stream events and the timeout timer, on the stream's event loop) is
   * RequestReader's; the worker only touches the stream through its thread-safe write/closeWrite.
   */

  /** What a store protocol plugs into the server. All methods must not throw. */
  public interface Service {
    /** Largest request body accepted. */
    int maxRequestSize();

    /** On a worker thread: decode, validate, query and encode the answer to {@code body}. */
    Reply handle(byte[] body);

    /** On the event loop: the answer to a rate-limited request (cheap). */
    Reply rateLimited(byte[] body);

    /** On the event loop: the answer when the worker queue is full (cheap). */
    Reply overloaded(byte[] body);
  }

  /**
   * An encoded answer and the (v3-equivalent) status it carries, for the metrics.
   *
   * @param body the response body, without length prefix
   */
  public record Reply(byte[] body, int status) {}

  private static final Logger LOG = LoggerFactory.getLogger(StoreServer.class);

  private final Service service;
  private final StoreConfig config;
  private final StoreMetrics metrics;
  private final PeerRateLimiter limiter;
  private final ThreadPoolExecutor workers;

  public StoreServer(
      Service service, StoreConfig config, StoreMetrics metrics, Clock clock, String threadName) {
    this.service = service;
    this.config = config;
    this.metrics = metrics;
    this.limiter = new PeerRateLimiter(config.rateLimit(), config.maxTrackedPeers(), clock);
    BlockingQueue<Runnable> queue =
        config.queueCapacity() == 0
            ? new SynchronousQueue<>()
            : new ArrayBlockingQueue<>(config.queueCapacity());
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            config.workers(),
            config.workers(),
            60,
            TimeUnit.SECONDS,
            queue,
            r -> {
              Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  public StoreMetrics metrics() {
    return metrics;
  }

  @Override
  public void onStream(Stream stream) {
    RequestReader.read(
        stream,
        service.maxRequestSize(),
        config.requestTimeout(),
        new RequestReader.Handler() {
          @Override
          public void onRequest(Stream s, byte[] body) {
            dispatch(s, body);
          }

          @Override
          public void onBadFrame(Stream s, VarintException e) {
            metrics.dropped(StoreMetrics.Drop.BAD_FRAME);
            LOG.debug("bad store request frame from {}: {}", s.remotePeer(), e.getMessage());
            s.reset();
          }

          @Override
          public void onClosedBeforeRequest(Stream s) {
            metrics.dropped(StoreMetrics.Drop.BAD_FRAME);
            s.reset();
          }

          @Override
          public void onResetBeforeRequest(Stream s) {
            metrics.dropped(StoreMetrics.Drop.STREAM_RESET);
          }

          @Override
          public void onTimeout(Stream s) {
            metrics.dropped(StoreMetrics.Drop.REQUEST_TIMEOUT);
          }
        });
  }

  private void dispatch(Stream stream, byte[] body) {
    if (!limiter.tryAcquire(stream.remotePeer())) {
      metrics.dropped(StoreMetrics.Drop.RATE_LIMITED);
      answer(stream, service.rateLimited(body));
      return;
    }
    try {
      workers.execute(() -> answer(stream, service.handle(body)));
    } catch (RejectedExecutionException e) {
      metrics.dropped(StoreMetrics.Drop.QUEUE_FULL);
      answer(stream, service.overloaded(body));
    }
  }

  private void answer(Stream stream, Reply reply) {
    metrics.answered(reply.status());
    RequestReader.answer(stream, reply.body());
  }

  /** Requests waiting for a worker. */
  public int queued() {
    return workers.getQueue().size();
  }

  /** Stops the workers (queued requests are dropped; their streams end with the connection). */
  @Override
  public void close() {
    workers.shutdownNow();
  }
}

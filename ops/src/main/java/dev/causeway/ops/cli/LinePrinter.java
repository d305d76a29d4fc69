package dev.causeway.ops.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Prints JSON lines for a long-running command from one daemon thread behind a bounded queue: a
 * line that finds the queue full is dropped and counted, and {@link #close} reports the count on
 * stderr. Lines are printed in the order they were queued. Thread-safe.
 */
final class LinePrinter {
  /*
   * Received messages arrive on threads that must not block (the gossipsub thread, connection
   * event loops), while stdout may be a slow pipe: one printer thread with a bounded queue
   * decouples them, and a full queue drops the line rather than stalling the network thread.
   * Building a line may also be deferred to the printer thread (print(Supplier)), so hashing
   * and hex-encoding stay off the caller's thread. v2-node and filter-subscribe share it.
   */
  /** The queue bound the commands use. */
  static final int OUTPUT_QUEUE = 8192;

  private static final long CLOSE_WAIT_SECONDS = 10;

  private final JsonLines out;
  private final AtomicLong dropped = new AtomicLong();
  private final ThreadPoolExecutor executor;

  /**
   * @param capacity lines that may wait besides the one being printed
   * @param threadName name of the printer thread
   */
  LinePrinter(JsonLines out, int capacity, String threadName) {
    this.out = out;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(capacity),
            r -> Threads.daemon(r, threadName),
            (r, e) -> dropped.incrementAndGet());
  }

  /** Queues a line, or drops and counts it when the queue is full. */
  void print(Map<String, Object> line) {
    executor.execute(() -> out.print(line));
  }

  /** Queues a line that is built on the printer thread, or drops and counts it. */
  void print(Supplier<Map<String, Object>> line) {
    executor.execute(() -> out.print(line.get()));
  }

  /** Lines dropped so far. */
  long dropped() {
    return dropped.get();
  }

  /**
   * Prints what is queued (waiting at most 10 s), stops the thread and, if lines were dropped,
   * warns on {@code err}: {@code WARNING: <command>: <n> message line(s) dropped, output too slow}.
   */
  void close(PrintWriter err, String command) throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    long n = dropped.get();
    if (n > 0) {
      Stderr.warn(err, command, n + " message line(s) dropped, output too slow");
    }
  }
}

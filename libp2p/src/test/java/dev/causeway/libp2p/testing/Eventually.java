package dev.causeway.libp2p.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Bounded waiting for a condition that other threads make true (socket tests only): the condition
 * is polled every few milliseconds on a scheduler and a future completes when it holds; the caller
 * waits on that future with a timeout. No sleeping in the test thread.
 */
public final class Eventually {
  private static final ScheduledExecutorService POLLER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "eventually-poller");
            t.setDaemon(true);
            return t;
          });

  private Eventually() {}

  /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition)
      throws Exception {
    CompletableFuture<Void> holds = new CompletableFuture<>();
    ScheduledFuture<?> poll =
        POLLER.scheduleWithFixedDelay(
            () -> {
              try {
                if (condition.getAsBoolean()) {
                  holds.complete(null);
                }
              } catch (RuntimeException | AssertionError e) {
                holds.completeExceptionally(e);
              }
            },
            0,
            10,
            TimeUnit.MILLISECONDS);
    try {
      holds.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    } finally {
      poll.cancel(false);
    }
  }
}

package dev.causeway.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Test support: bounded waiting for a condition that other threads make true, for tests over real
 * sockets (ITs) and the on-demand benches. The condition is polled every {@value #POLL_MILLIS} ms
 * on a scheduler thread of its own; the caller waits for it with a timeout, so no test thread
 * sleeps.
 *
 * <p>A condition may throw a {@link RuntimeException} while the system under test is in flux (a
 * router call racing a peer's arrival or a shutdown): that counts as "not yet" and the condition is
 * polled again; the last such exception becomes the cause of the timeout's {@link AssertionError}.
 * An {@link Error} thrown by the condition (a failed assertion) fails the wait at once.
 */
public final class Await {
  private static final long POLL_MILLIS = 20;

  private Await() {}

  /**
   * Waits until {@code condition} holds.
   *
   * @param timeout how long to wait at most
   * @param what what is awaited, for the failure message
   * @throws AssertionError naming {@code what} when {@code condition} does not hold within {@code
   *     timeout}
   */
  public static void until(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    CompletableFuture<Void> holds = new CompletableFuture<>();
    AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "await-poller");
              t.setDaemon(true);
              return t;
            });
    try {
      poller.scheduleWithFixedDelay(
          () -> {
            try {
              if (condition.getAsBoolean()) {
                holds.complete(null);
              }
            } catch (RuntimeException e) {
              lastFailure.set(e); // transient: poll again
            } catch (Error e) {
              holds.completeExceptionally(e);
            }
          },
          0,
          POLL_MILLIS,
          TimeUnit.MILLISECONDS);
      holds.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "not within " + timeout + ": " + what, lastFailure.get() != null ? lastFailure.get() : e);
    } catch (ExecutionException e) {
      throw (Error) e.getCause(); // only Errors complete the future exceptionally
    } finally {
      poller.shutdownNow();
    }
  }
}

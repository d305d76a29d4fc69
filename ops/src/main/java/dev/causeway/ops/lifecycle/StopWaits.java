package dev.causeway.ops.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The two steps every long-running command's stop plumbing takes: waiting for a stop request with
 * an optional limit ({@code --duration}), and removing its shutdown hook when it is done. Shared by
 * {@link Termination} (the bridge) and the node commands' stop signal.
 */
public final class StopWaits {
  private StopWaits() {}

  /**
   * Waits until {@code stop} is counted down, at most {@code limit} (null: no limit; a limit too
   * long for a {@code long} of nanoseconds waits about 292 years).
   *
   * @return true if {@code stop} was counted down, false if the time ran out
   */
  public static boolean await(CountDownLatch stop, Duration limit) throws InterruptedException {
    if (limit == null) {
      stop.await();
      return true;
    }
    long nanos;
    try {
      nanos = limit.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE;
    }
    return stop.await(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Removes {@code hook} from the JVM's shutdown hooks; a no-op when the JVM is already shutting
   * down (the hook is then running, and is expected to return once the command says it is done).
   */
  public static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it returns once the command has counted down its latch
    }
  }
}

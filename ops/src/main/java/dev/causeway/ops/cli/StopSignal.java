package dev.causeway.ops.cli;

import dev.causeway.ops.lifecycle.StopWaits;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long-running command stop cleanly when the JVM shuts down (SIGTERM, SIGINT): a shutdown
 * hook wakes the command's thread, which is waiting in {@link #await}, and then waits (at most 10
 * s) until the command has closed its node and printed its last lines, i.e. until {@link #close}.
 *
 * <p>Lifecycle: {@link #install} once, {@link #await} on the command's thread, {@link #close} once
 * in its {@code finally}; close also removes the hook, so in-process tests can run commands one
 * after another.
 */
final class StopSignal implements AutoCloseable {
  /*
   * Unlike lifecycle.Termination (the bridge's), this keeps the JVM's own signal handlers: the
   * node commands only need to flush their output before the process ends, not to control the
   * exit status. v2-node and filter-subscribe share it.
   */
  private static final long HOOK_WAIT_SECONDS = 10;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook = new Thread(this::onShutdown, "causeway-shutdown");

  /** Not installed: {@link #hook()} is only run by a test. */
  StopSignal() {}

  /** A StopSignal whose hook is registered with the JVM. */
  static StopSignal install() {
    StopSignal s = new StopSignal();
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /**
   * Waits until the JVM shuts down, or at most {@code duration} when it is not null; returns true
   * when woken by the shutdown.
   */
  boolean await(Duration duration) throws InterruptedException {
    return StopWaits.await(stop, duration);
  }

  /** Releases the hook (the command is done) and removes it from the JVM. */
  @Override
  public void close() {
    stopped.countDown();
    StopWaits.removeHook(hook);
  }

  /** The hook thread (unstarted), for tests. */
  Thread hook() {
    return hook;
  }

  private void onShutdown() {
    stop.countDown();
    try {
      stopped.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

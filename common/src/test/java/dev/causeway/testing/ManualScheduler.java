package dev.causeway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Test support: a scheduler whose delayed tasks run only when the test says so ({@link #runAll()});
 * fake time for timeout and periodic-job tests. Records each requested delay ({@link
 * #delaysNanos()}). Only {@code schedule(Runnable, long, TimeUnit)} is faked; no thread is ever
 * started. Used from the test thread only.
 */
public final class ManualScheduler extends ScheduledThreadPoolExecutor {
  private final List<Task> tasks = new ArrayList<>();
  private final List<Long> delaysNanos = new ArrayList<>();

  public ManualScheduler() {
    super(1);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task t = new Task(command, unit.toNanos(delay));
    delaysNanos.add(unit.toNanos(delay));
    tasks.add(t);
    return t;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("only Runnable timers are faked");
  }

  /** Every delay requested so far, in nanoseconds, in order. */
  public List<Long> delaysNanos() {
    return delaysNanos;
  }

  /** Tasks scheduled and neither run nor cancelled. */
  public int pending() {
    return (int) tasks.stream().filter(t -> !t.cancelled && !t.ran).count();
  }

  /**
   * Runs every task pending now, as if their delays had all passed (not the tasks they schedule).
   */
  public void runAll() {
    for (Task t : new ArrayList<>(tasks)) {
      if (!t.cancelled && !t.ran) {
        t.ran = true;
        t.command.run();
      }
    }
  }

  private static final class Task implements ScheduledFuture<Object> {
    final Runnable command;
    final long delayNanos;
    boolean cancelled;
    boolean ran;

    Task(Runnable command, long delayNanos) {
      this.command = command;
      this.delayNanos = delayNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(delayNanos, o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (ran || cancelled) {
        return false;
      }
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled || ran;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}

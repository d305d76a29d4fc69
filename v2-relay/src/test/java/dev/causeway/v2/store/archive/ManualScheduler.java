package dev.causeway.v2.store.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose delayed tasks run only when the test says so; records each requested delay.
 * Only {@code schedule(Runnable, long, TimeUnit)} is faked; no thread is ever started.
 */
final class ManualScheduler extends ScheduledThreadPoolExecutor {
  final List<Long> delaysNanos = new ArrayList<>();
  private final List<Task> tasks = new ArrayList<>();

  ManualScheduler() {
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

  int pending() {
    return (int) tasks.stream().filter(t -> !t.cancelled && !t.ran).count();
  }

  /** Runs the tasks pending now (not those they schedule). */
  void runPending() {
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

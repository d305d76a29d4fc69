package dev.causeway.testing;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Warm-up for load benchmarks that measure steady-state latency: repeats a round until the JIT
 * compilers have settled. A C2 compilation still running during a measured round takes one of the
 * benchmark machine's two cores for milliseconds, and what queues meanwhile becomes the p99 (seen
 * in RelayBench with {@code -XX:+PrintCompilation}: every burst of slow messages lined up with a
 * compilation, none with a GC pause). A relay or bridge runs for days, so its steady state is what
 * the latency targets are about.
 */
public final class JitWarmup {
  /** A warm-up round. */
  @FunctionalInterface
  public interface Round {
    void run() throws Exception;
  }

  /**
   * @param rounds rounds run
   * @param lastRoundJitMillis compilation time during the last round (0 if the JVM does not report
   *     it)
   */
  public record Result(int rounds, long lastRoundJitMillis) {}

  private JitWarmup() {}

  /**
   * Runs {@code round} at least {@code minRounds} times, then more (up to {@code maxRounds}) while
   * the JIT compilers spend 0.5 % or more of a round's wall time. Without compilation-time
   * monitoring it runs {@code minRounds}.
   */
  public static Result untilSettled(int minRounds, int maxRounds, Round round) throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    int rounds = 0;
    long compiled = 0;
    while (rounds < maxRounds) {
      long t0 = System.nanoTime();
      long c0 = timed ? jit.getTotalCompilationTime() : 0;
      round.run();
      rounds++;
      compiled = timed ? jit.getTotalCompilationTime() - c0 : 0;
      long roundMillis = (System.nanoTime() - t0) / 1_000_000;
      if (rounds >= minRounds && (!timed || compiled * 200 < roundMillis)) {
        break;
      }
    }
    return new Result(rounds, compiled);
  }
}

package dev.causeway.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof dev.causeway.bench.CpuTimeProfiler}) that restates throughput per CPU
 * second, for figures "per core" on a machine shared with other work.
 *
 * <p>For each iteration it measures the benchmark JVM's process CPU time and the wall time, and
 * adds {@code ·cpu.cores} (CPU seconds used per wall second: about 1.0 when a single-threaded
 * benchmark had a core to itself, less when it was preempted) and, for the primary score and each
 * secondary throughput, the same figure divided by {@code cpu.cores} ({@code ·percpu}, {@code
 * <label>.percpu}). The process CPU time includes the JIT compiler and GC threads, so the per-CPU
 * figure is slightly pessimistic; it is an estimate, to be read together with the plain wall-clock
 * score.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  /*
   * Design: process CPU time (com.sun.management.OperatingSystemMXBean) rather than the worker
   * thread's CPU time, because the profiler does not run on the worker thread and GC work caused
   * by the benchmark is a fair part of its cost. Scaling by wall/cpu assumes the score is
   * operations per wall second over (nearly) the same window, which holds for JMH throughput
   * iterations of a second or more.
   */
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuStart;
  private long wallStart;

  @Override
  public String getDescription() {
    return "throughput per CPU second (process CPU time)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuStart = os.getProcessCpuTime();
    wallStart = System.nanoTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpu = os.getProcessCpuTime() - cpuStart;
    long wall = System.nanoTime() - wallStart;
    List<Result> out = new ArrayList<>();
    if (cpu <= 0 || wall <= 0) {
      return out;
    }
    double cores = (double) cpu / wall;
    out.add(new ScalarResult("cpu.cores", cores, "cpu-s/s", AggregationPolicy.AVG));
    Result primary = result.getPrimaryResult();
    if (primary.getScoreUnit().endsWith("/s")) {
      out.add(
          new ScalarResult(
              "percpu", primary.getScore() / cores, primary.getScoreUnit(), AggregationPolicy.AVG));
    }
    for (Map.Entry<String, Result> e : result.getSecondaryResults().entrySet()) {
      if (e.getValue().getScoreUnit().endsWith("/s") && !e.getKey().endsWith(".percpu")) {
        out.add(
            new ScalarResult(
                e.getKey() + ".percpu",
                e.getValue().getScore() / cores,
                e.getValue().getScoreUnit(),
                AggregationPolicy.AVG));
      }
    }
    return out;
  }
}

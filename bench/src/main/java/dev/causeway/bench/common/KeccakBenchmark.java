package dev.causeway.bench.common;

import dev.causeway.common.crypto.Keccak256;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Keccak-256 alone, one thread: {@code absorb} feeds {@code size} bytes into a running sponge (the
 * RLPx MAC pattern: the sponge is never finalised), {@code hash} is a one-shot digest of {@code
 * size} bytes (the envelope-hash pattern). The secondary metric {@code mb} is MB/s (10^6 bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeccakBenchmark {
  @Param({"1024", "16384", "1048576"})
  public int size;

  private final Keccak256 sponge = new Keccak256();
  private final byte[] digest = new byte[Keccak256.DIGEST_LENGTH];
  private byte[] data;

  /** Megabytes (10^6 bytes) processed; JMH reports it per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public double mb;

    @Setup(Level.Iteration)
    public void reset() {
      mb = 0;
    }
  }

  @Setup(Level.Trial)
  public void setup() {
    data = new byte[size];
    new Random(1).nextBytes(data);
  }

  /** {@code size} bytes absorbed into a running sponge. */
  @Benchmark
  public Keccak256 absorb(Bytes bytes) {
    bytes.mb += size / 1e6;
    return sponge.update(data, 0, size);
  }

  /** One-shot Keccak-256 of {@code size} bytes. */
  @Benchmark
  public byte[] hash(Bytes bytes) {
    bytes.mb += size / 1e6;
    sponge.reset().update(data, 0, size).finishInto(digest, 0);
    return digest;
  }
}

package dev.causeway.bench.v1;

import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import dev.causeway.v1.waku.envelope.Topic;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PoW mining speed, one thread: {@link PowMiner#mine} on an envelope with {@code dataSize} bytes of
 * data and a target needing 60 leading zero bits, so every call exhausts its fixed budget of
 * {@value #ATTEMPTS} nonces. The score is hash attempts/s (ops = attempts); the once-per-call
 * absorption of shortRlp is included, amortised over the budget.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PowMinerBenchmark {
  static final int ATTEMPTS = 1 << 16;

  @Param({"1024"})
  public int dataSize;

  private final PowMiner miner = new PowMiner();
  private Envelope unsealed;
  private double target;

  @Setup(Level.Trial)
  public void setup() {
    byte[] data = new byte[dataSize];
    new Random(1).nextBytes(data);
    long ttl = 300;
    unsealed = Envelope.of(1_800_000_000L + ttl, ttl, Topic.ofInt(0x5a5a5a5a), data, 0);
    target = ProofOfWork.powFromBits(60, ProofOfWork.strictSize(unsealed), ttl);
    PowMiner.Result r = miner.mine(unsealed, target, ATTEMPTS);
    if (r.outcome() != PowMiner.Outcome.EXHAUSTED || r.attempts() != ATTEMPTS) {
      throw new IllegalStateException("expected an exhausted budget: " + r);
    }
  }

  /** {@value #ATTEMPTS} nonces hashed and checked. */
  @Benchmark
  @OperationsPerInvocation(ATTEMPTS)
  public PowMiner.Result mine() {
    return miner.mine(unsealed, target, ATTEMPTS);
  }
}

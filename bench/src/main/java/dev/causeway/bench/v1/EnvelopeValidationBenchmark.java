package dev.causeway.bench.v1;

import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.EnvelopeHash;
import dev.causeway.v1.waku.envelope.EnvelopeValidator;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.TopicFilter;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-envelope work of the receive path, one thread: decode the envelope from its RLP bytes (a
 * fresh object, so its cached hash cannot be reused), compute its Keccak-256 hash (the pool key)
 * and run {@link EnvelopeValidator#validate} (time window, size, the PoW hash over shortRlp+nonce
 * against our requirement 0.002, topic interest). Throughput in envelopes/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeValidationBenchmark {
  private static final long NOW = 1_800_000_000L;
  private static final long TTL = 300;
  private static final double MIN_POW = 0.002;

  @Param({"1024"})
  public int dataSize;

  private byte[] encoded;
  private EnvelopeValidator validator;

  @Setup(Level.Trial)
  public void setup() throws WakuCodecException {
    byte[] data = new byte[dataSize];
    new Random(1).nextBytes(data);
    Envelope unsealed = Envelope.of(NOW + TTL, TTL, Topic.ofInt(0x5a5a5a5a), data, 0);
    Envelope sealed =
        new PowMiner()
            .mine(unsealed, MIN_POW, 1L << 30)
            .sealed()
            .orElseThrow(() -> new IllegalStateException("could not mine the test envelope"));
    encoded = sealed.encode();
    validator =
        new EnvelopeValidator(
            EnvelopeValidator.Config.DEFAULTS, MIN_POW, TopicFilter.ALL, () -> NOW);
    EnvelopeValidator.Verdict v = validator.validate(Envelope.decode(encoded));
    if (!v.isOk()) {
      throw new IllegalStateException("test envelope does not validate: " + v);
    }
  }

  /** Decode + hash + validate one 1 KiB envelope. */
  @Benchmark
  public void decodeHashValidate(Blackhole bh) throws WakuCodecException {
    Envelope e = Envelope.decode(encoded);
    EnvelopeHash h = e.hash();
    bh.consume(h);
    bh.consume(validator.validate(e));
  }

  /** Decode alone, for the breakdown. */
  @Benchmark
  public Envelope decodeOnly() throws WakuCodecException {
    return Envelope.decode(encoded);
  }
}

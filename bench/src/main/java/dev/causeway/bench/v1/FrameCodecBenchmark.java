package dev.causeway.bench.v1;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.v1.rlpx.framing.FrameCodec;
import dev.causeway.v1.rlpx.framing.FramingException;
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

/**
 * RLPx frame encode + decode (AES-256-CTR and Keccak MACs) on one thread: one side encodes a frame,
 * the other verifies and decrypts it. Throughput in frames/s; multiply by the size for bytes/s (the
 * JMH secondary metric reports it directly via {@code -prof gc} is not needed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameCodecBenchmark {
  @Param({"1024", "16384", "1048576"})
  public int size;

  private FrameCodec sender;
  private FrameCodec receiver;
  private byte[] frameData;
  private byte[] wire;

  @Setup(Level.Trial)
  public void setup() {
    Random r = new Random(1);
    byte[] aes = new byte[32];
    byte[] mac = new byte[32];
    r.nextBytes(aes);
    r.nextBytes(mac);
    Keccak256 egressA = new Keccak256().update(new byte[] {1});
    Keccak256 ingressA = new Keccak256().update(new byte[] {2});
    Keccak256 egressB = new Keccak256(ingressA);
    Keccak256 ingressB = new Keccak256(egressA);
    sender = new FrameCodec(aes, mac, egressA, ingressA, 32 * 1024 * 1024);
    receiver = new FrameCodec(aes, mac, egressB, ingressB, 32 * 1024 * 1024);
    frameData = new byte[size];
    r.nextBytes(frameData);
    wire = new byte[FrameCodec.encodedLength(size)];
  }

  /** One frame encoded by the sender and decoded by the receiver. */
  @Benchmark
  public byte[] encodeDecode() throws FramingException {
    sender.encode(frameData, 0, frameData.length, wire, 0);
    int frameSize = receiver.decodeHeader(wire, 0);
    return receiver.decodeBody(wire, FrameCodec.HEADER_LENGTH, frameSize);
  }
}

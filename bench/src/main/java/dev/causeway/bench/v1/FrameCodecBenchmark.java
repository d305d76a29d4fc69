package dev.causeway.bench.v1;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.v1.rlpx.framing.FrameCodec;
import dev.causeway.v1.rlpx.framing.FramingException;
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
 * RLPx framing (AES-256-CTR plus the Keccak-256 MAC sponges) on one thread, for frame-data of
 * {@code size} bytes:
 *
 * <ul>
 *   <li>{@code encodeDecode}: the sender encodes a frame and the receiver verifies and decrypts it
 *       (two Keccak passes and two AES-CTR passes per byte);
 *   <li>{@code encode}: the sender alone;
 *   <li>{@code decode}: the receiver alone, walking a stream of about 8 MiB of frames encoded
 *       during setup (the MAC and keystream state chain frames, so the stream is replayed from the
 *       start with a fresh receiver).
 * </ul>
 *
 * <p>The primary metric is frames/s; the secondary metric {@code mb} is frame-data MB/s (10^6
 * bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameCodecBenchmark {
  private static final int DECODE_STREAM_BYTES = 8 << 20;

  @Param({"1024", "16384", "1048576"})
  public int size;

  private byte[] aes;
  private byte[] mac;
  private FrameCodec sender;
  private FrameCodec receiver;
  private byte[] frameData;
  private byte[] wire;
  private byte[] stream;
  private int streamFrames;
  private int streamNext;
  private FrameCodec streamReceiver;

  /** Megabytes (10^6 bytes) of frame-data processed; JMH reports it per second. */
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
    Random r = new Random(1);
    aes = new byte[32];
    mac = new byte[32];
    r.nextBytes(aes);
    r.nextBytes(mac);
    FrameCodec[] pair = codecPair();
    sender = pair[0];
    receiver = pair[1];
    frameData = new byte[size];
    r.nextBytes(frameData);
    wire = new byte[FrameCodec.encodedLength(size)];
    streamFrames = Math.max(1, DECODE_STREAM_BYTES / size);
    stream = new byte[streamFrames * FrameCodec.encodedLength(size)];
    FrameCodec[] streamPair = codecPair();
    for (int i = 0; i < streamFrames; i++) {
      streamPair[0].encode(frameData, 0, size, stream, i * FrameCodec.encodedLength(size));
    }
    streamReceiver = streamPair[1];
  }

  /** A fresh sender and the receiver that matches it (same secrets, crossed MAC sponges). */
  FrameCodec[] codecPair() {
    Keccak256 egressA = new Keccak256().update(new byte[] {1});
    Keccak256 ingressA = new Keccak256().update(new byte[] {2});
    return new FrameCodec[] {
      new FrameCodec(aes, mac, egressA, ingressA, FrameCodec.MAX_FRAME_SIZE),
      new FrameCodec(aes, mac, ingressA, egressA, FrameCodec.MAX_FRAME_SIZE)
    };
  }

  /** One frame encoded by the sender and decoded by the receiver. */
  @Benchmark
  public byte[] encodeDecode(Bytes bytes) throws FramingException {
    bytes.mb += size / 1e6;
    sender.encode(frameData, 0, size, wire, 0);
    int frameSize = receiver.decodeHeader(wire, 0);
    return receiver.decodeBody(wire, FrameCodec.HEADER_LENGTH, frameSize);
  }

  /** One frame encoded by the sender. */
  @Benchmark
  public byte[] encode(Bytes bytes) {
    bytes.mb += size / 1e6;
    sender.encode(frameData, 0, size, wire, 0);
    return wire;
  }

  /**
   * The next frame of a pre-encoded stream decoded by the receiver; at the end of the stream a
   * fresh receiver (two cipher inits, amortised over the stream) starts it again.
   */
  @Benchmark
  public byte[] decode(Bytes bytes) throws FramingException {
    if (streamNext == streamFrames) {
      streamReceiver = codecPair()[1];
      streamNext = 0;
    }
    bytes.mb += size / 1e6;
    int off = streamNext++ * FrameCodec.encodedLength(size);
    int frameSize = streamReceiver.decodeHeader(stream, off);
    return streamReceiver.decodeBody(stream, off + FrameCodec.HEADER_LENGTH, frameSize);
  }
}

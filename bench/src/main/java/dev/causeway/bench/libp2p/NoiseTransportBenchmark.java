package dev.causeway.bench.libp2p;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.noise.CipherState;
import dev.causeway.libp2p.noise.NoiseException;
import dev.causeway.libp2p.noise.NoiseFrameCodec;
import dev.causeway.libp2p.noise.NoiseHandshake;
import dev.causeway.libp2p.noise.NoiseSession;
import java.security.SecureRandom;
import java.util.List;
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
 * The libp2p Noise transport (ChaCha20-Poly1305 frames, spec libp2p-core.md §5.4) on one thread,
 * each direction alone: {@code encrypt} frames one write of {@code size} bytes through {@link
 * NoiseFrameCodec}; {@code decrypt} feeds those wire bytes to the receiving codec and gets the
 * plaintext back; {@code decryptInPlace} does the same with the in-place path the connection uses
 * (the wire bytes are first copied into the read buffer, as a socket read would have put them).
 *
 * <p>The secondary metric {@code bytes} is plaintext bytes per second (divide by 10<sup>6</sup> for
 * MB/s). Run: {@code java -jar bench/target/benchmarks.jar NoiseTransportBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NoiseTransportBenchmark {
  @Param({"65536", "1024"})
  public int size;

  private NoiseFrameCodec sender;
  private NoiseFrameCodec receiver;
  private CipherState receiverCipher;
  private byte[] plaintext;
  private byte[] wire;
  private byte[] encrypted;
  private byte[] readBuffer;

  /** Counts plaintext bytes, reported by JMH as a rate next to the primary ops/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    SecureRandom random = new SecureRandom();
    NoiseHandshake a = NoiseHandshake.initiator(Keys.generateEd25519(random), random);
    NoiseHandshake b = NoiseHandshake.responder(Keys.generateEd25519(random), random);
    b.readMessage(a.writeMessage());
    a.readMessage(b.writeMessage());
    b.readMessage(a.writeMessage());
    NoiseSession sa = a.split();
    NoiseSession sb = b.split();
    sender = new NoiseFrameCodec(sa);
    receiver = new NoiseFrameCodec(sb);
    receiverCipher = sb.receiver();
    plaintext = new byte[size];
    new Random(1).nextBytes(plaintext);
    wire = new byte[NoiseFrameCodec.encryptedLength(size)];
    sender.encrypt(plaintext, 0, size, wire, 0); // at nonce 0, where `decrypt` rewinds to
    encrypted = new byte[wire.length];
    readBuffer = new byte[wire.length];
  }

  /** One write of {@code size} bytes framed and encrypted. */
  @Benchmark
  public byte[] encrypt(Bytes counter) throws NoiseException {
    sender.encrypt(plaintext, 0, size, encrypted, 0);
    counter.bytes += size;
    return encrypted;
  }

  /** The frames of one {@code size}-byte write authenticated and decrypted into new arrays. */
  @Benchmark
  public List<byte[]> decrypt(Bytes counter) throws NoiseException {
    receiverCipher.setNonce(0);
    List<byte[]> out = receiver.decrypt(wire, 0, wire.length);
    counter.bytes += size;
    return out;
  }
}

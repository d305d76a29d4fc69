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
 * {@code encryptDirect} and {@code decryptDirect} are the off-heap path the connection takes when
 * the cipher prefers direct buffers (Conscrypt, JDK 17-20): frames sealed from a direct plaintext
 * buffer into a direct output buffer, and opened from a direct read buffer into a direct plaintext
 * buffer whose bytes are then copied into a heap array for the muxer, as the connection does.
 *
 * <p>The secondary metric {@code bytes} is plaintext bytes per second (divide by 10<sup>6</sup> for
 * MB/s). Run: {@code java -jar bench/target/benchmarks.jar NoiseTransportBenchmark}. The AEAD is
 * the one the JVM gets by default (pure Java before JDK 21, the JDK Cipher from 21); add {@code
 * -jvmArgsAppend -Dcauseway.noise.aead=java} (or {@code =jdk}) to measure the other.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NoiseTransportBenchmark {
  private static final int RING = 32;

  @Param({"65536", "1024"})
  public int size;

  private NoiseFrameCodec sender;
  private NoiseFrameCodec receiver;
  private CipherState receiverCipher;
  private byte[] plaintext;
  private byte[][] wires; // RING consecutive writes as the sender framed them
  private int next;
  private byte[] encrypted;
  private byte[] readBuffer;
  private NoiseFrameCodec directReceiver;
  private java.nio.ByteBuffer directPlain;
  private java.nio.ByteBuffer directOut;
  private java.nio.ByteBuffer directRead;
  private java.nio.ByteBuffer directOpened;
  private byte[] muxerArray;

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
    wires = new byte[RING][];
    for (int i = 0; i < RING; i++) {
      wires[i] = sender.encrypt(plaintext); // from nonce 0, where the decryptions rewind to
    }
    encrypted = new byte[wires[0].length];
    readBuffer = new byte[wires[0].length];
    directReceiver = new NoiseFrameCodec(sb);
    directPlain = java.nio.ByteBuffer.allocateDirect(size);
    directPlain.put(plaintext).flip();
    directOut = java.nio.ByteBuffer.allocateDirect(wires[0].length);
    directRead = java.nio.ByteBuffer.allocateDirect(wires[0].length);
    directOpened =
        java.nio.ByteBuffer.allocateDirect(dev.causeway.libp2p.noise.NoiseConstants.MAX_PLAINTEXT);
    muxerArray = new byte[dev.causeway.libp2p.noise.NoiseConstants.MAX_PLAINTEXT];
  }

  /**
   * The next pre-framed write, rewinding the receiver to nonce 0 at the start of the ring (a ring
   * rather than one message, so that no nonce is used twice in a row: the JDK Cipher refuses that).
   */
  private byte[] nextWire() {
    if (next == RING) {
      next = 0;
    }
    if (next == 0) {
      receiverCipher.setNonce(0);
    }
    return wires[next++];
  }

  /** One write of {@code size} bytes framed and encrypted. */
  @Benchmark
  public byte[] encrypt(Bytes counter) throws NoiseException {
    sender.encrypt(plaintext, 0, size, encrypted, 0);
    counter.bytes += size;
    return encrypted;
  }

  /**
   * The frames of one {@code size}-byte write decrypted in place, as the connection does: the wire
   * bytes are first copied into the read buffer (as a socket read would have put them there).
   */
  @Benchmark
  public int decryptInPlace(Bytes counter) throws NoiseException {
    byte[] wire = nextWire();
    System.arraycopy(wire, 0, readBuffer, 0, wire.length);
    receiver.feed(readBuffer, 0, wire.length);
    int plain = 0;
    while (receiver.nextFrame()) {
      plain += receiver.frameLength();
    }
    counter.bytes += size;
    return plain;
  }

  /** One write of {@code size} bytes sealed frame by frame from and into direct buffers. */
  @Benchmark
  public java.nio.ByteBuffer encryptDirect(Bytes counter) throws NoiseException {
    directOut.clear();
    for (int pos = 0; pos < size; ) {
      int n = Math.min(dev.causeway.libp2p.noise.NoiseConstants.MAX_PLAINTEXT, size - pos);
      directPlain.limit(pos + n).position(pos);
      sender.sealFrame(directPlain, directOut);
      pos += n;
    }
    counter.bytes += size;
    return directOut;
  }

  /**
   * The frames of one {@code size}-byte write opened from a direct read buffer (the wire bytes are
   * first copied there, as a socket read would have put them) into a direct plaintext buffer, each
   * frame's plaintext then copied into a heap array for the muxer.
   */
  @Benchmark
  public int decryptDirect(Bytes counter) throws NoiseException {
    byte[] wire = nextWire();
    directRead.clear();
    directRead.put(wire).flip();
    int plain = 0;
    while (directReceiver.nextFrame(directRead, directOpened)) {
      int n = directOpened.remaining();
      directOpened.get(muxerArray, 0, n);
      plain += n;
    }
    counter.bytes += size;
    return plain;
  }

  /** The frames of one {@code size}-byte write authenticated and decrypted into new arrays. */
  @Benchmark
  public List<byte[]> decrypt(Bytes counter) throws NoiseException {
    byte[] wire = nextWire();
    List<byte[]> out = receiver.decrypt(wire, 0, wire.length);
    counter.bytes += size;
    return out;
  }
}

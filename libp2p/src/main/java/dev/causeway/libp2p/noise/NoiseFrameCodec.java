package dev.causeway.libp2p.noise;

import static dev.causeway.libp2p.noise.NoiseConstants.LENGTH_PREFIX;
import static dev.causeway.libp2p.noise.NoiseConstants.MAX_MESSAGE;
import static dev.causeway.libp2p.noise.NoiseConstants.MAX_PLAINTEXT;
import static dev.causeway.libp2p.noise.NoiseConstants.TAG_LEN;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The libp2p Noise transport framing (spec libp2p-core.md §5.4): every message on the wire is a
 * 2-byte big-endian length followed by a ChaCha20-Poly1305 ciphertext of at most 65535 bytes (so at
 * most 65519 plaintext bytes), empty associated data, one nonce per frame and direction.
 *
 * <p>{@link #encrypt} splits a write into as many frames as needed and returns their wire bytes.
 * {@link #decrypt} is incremental: feed bytes exactly as they arrive (a frame may be split across
 * calls, and one call may hold many frames); it returns the plaintext of every frame completed,
 * holding at most one partial frame (≤ 65537 bytes) in between. Empty frames are accepted and yield
 * nothing. Any {@link NoiseException} (bad tag, frame shorter than a tag, nonce exhausted) is
 * fatal: every later call in that direction fails with {@link
 * NoiseException.Reason#FAILED_EARLIER}.
 *
 * <p>Pure (no I/O). The sending and receiving directions are independent, so one thread may encrypt
 * while another decrypts; each direction itself is not thread-safe.
 */
public final class NoiseFrameCodec {
  /*
   * Design: for throughput the common cases touch the bytes once besides the cipher itself —
   * encrypt writes each length prefix and ciphertext straight into the one output array, and
   * decrypt decrypts a frame that lies wholly inside the input directly from the input. Only a
   * frame split across calls is staged, in a buffer kept for the connection's life (grown to the
   * largest frame seen, never above 65535 bytes). The JDK cipher is reused per CipherState.
   */
  private static final byte[] NO_AD = new byte[0];

  private final CipherState sender;
  private final CipherState receiver;
  private boolean sendFailed;
  private boolean receiveFailed;

  // Partial inbound frame: length prefix bytes seen (0..2), its value, body bytes staged.
  private int prefixSeen;
  private int frameLen;
  private byte[] staged = new byte[0];
  private int stagedLen;

  public NoiseFrameCodec(NoiseSession session) {
    this(session.sender(), session.receiver());
  }

  NoiseFrameCodec(CipherState sender, CipherState receiver) {
    this.sender = sender;
    this.receiver = receiver;
  }

  /** Wire bytes that {@link #encrypt} produces for {@code plaintextLength} bytes. */
  public static int encryptedLength(int plaintextLength) {
    if (plaintextLength < 0) {
      throw new IllegalArgumentException("negative length");
    }
    long frames = ((long) plaintextLength + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT;
    long total = plaintextLength + frames * (LENGTH_PREFIX + TAG_LEN);
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("plaintext too large for one array");
    }
    return (int) total;
  }

  /** Prefixes a handshake message with its 2-byte big-endian length. */
  public static byte[] frame(byte[] noiseMessage) {
    if (noiseMessage.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("Noise message of " + noiseMessage.length + " bytes");
    }
    byte[] out = new byte[LENGTH_PREFIX + noiseMessage.length];
    out[0] = (byte) (noiseMessage.length >>> 8);
    out[1] = (byte) noiseMessage.length;
    System.arraycopy(noiseMessage, 0, out, LENGTH_PREFIX, noiseMessage.length);
    return out;
  }

  /** Encrypts {@code plaintext} into one or more frames; empty input gives no frames. */
  public byte[] encrypt(byte[] plaintext) throws NoiseException {
    return encrypt(plaintext, 0, plaintext.length);
  }

  /** Encrypts {@code in[off, off+len)}; see {@link #encrypt(byte[])}. */
  public byte[] encrypt(byte[] in, int off, int len) throws NoiseException {
    byte[] out = new byte[encryptedLength(len)];
    encrypt(in, off, len, out, 0);
    return out;
  }

  /**
   * Encrypts {@code in[off, off+len)} as frames into {@code out} at {@code outOff}, which must have
   * room for {@link #encryptedLength(int)} bytes.
   *
   * @return the number of bytes written
   */
  public int encrypt(byte[] in, int off, int len, byte[] out, int outOff) throws NoiseException {
    if (sendFailed) {
      throw new NoiseException(NoiseException.Reason.FAILED_EARLIER, "sending side failed");
    }
    int need = encryptedLength(len);
    if (off < 0 || len > in.length - off || outOff < 0 || need > out.length - outOff) {
      throw new IndexOutOfBoundsException("bad input range or output too small");
    }
    int p = outOff;
    int end = off + len;
    try {
      for (int pos = off; pos < end; ) {
        int chunk = Math.min(MAX_PLAINTEXT, end - pos);
        int frame = chunk + TAG_LEN;
        out[p] = (byte) (frame >>> 8);
        out[p + 1] = (byte) frame;
        p += LENGTH_PREFIX + sender.encryptWithAd(NO_AD, in, pos, chunk, out, p + LENGTH_PREFIX);
        pos += chunk;
      }
    } catch (NoiseException e) {
      sendFailed = true;
      throw e;
    }
    return p - outOff;
  }

  /** Feeds received bytes; returns the plaintext of each frame they complete, in order. */
  public List<byte[]> decrypt(byte[] in) throws NoiseException {
    return decrypt(in, 0, in.length);
  }

  /** Feeds the remaining bytes of {@code in} (consuming them all); see {@link #decrypt(byte[])}. */
  public List<byte[]> decrypt(ByteBuffer in) throws NoiseException {
    int n = in.remaining();
    if (in.hasArray()) {
      List<byte[]> out = decrypt(in.array(), in.arrayOffset() + in.position(), n);
      in.position(in.limit());
      return out;
    }
    byte[] copy = new byte[n];
    in.get(copy);
    return decrypt(copy, 0, n);
  }

  /** Feeds {@code in[off, off+len)}; see {@link #decrypt(byte[])}. */
  public List<byte[]> decrypt(byte[] in, int off, int len) throws NoiseException {
    if (receiveFailed) {
      throw new NoiseException(NoiseException.Reason.FAILED_EARLIER, "receiving side failed");
    }
    if (off < 0 || len < 0 || len > in.length - off) {
      throw new IndexOutOfBoundsException("bad input range");
    }
    List<byte[]> out = new ArrayList<>(Math.min(16, len / 1024 + 1));
    try {
      int pos = off;
      int end = off + len;
      while (pos < end) {
        if (prefixSeen == 0 && end - pos >= LENGTH_PREFIX) {
          int n = checkFrameLength(((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff));
          if (end - pos - LENGTH_PREFIX >= n) { // whole frame in the input: no staging
            decryptFrame(in, pos + LENGTH_PREFIX, n, out);
            pos += LENGTH_PREFIX + n;
            continue;
          }
        }
        if (prefixSeen < LENGTH_PREFIX) {
          frameLen = (frameLen << 8) | (in[pos++] & 0xff);
          if (++prefixSeen == LENGTH_PREFIX) {
            checkFrameLength(frameLen);
            if (staged.length < frameLen) {
              staged = new byte[frameLen];
            }
            stagedLen = 0;
          }
          continue;
        }
        int take = Math.min(end - pos, frameLen - stagedLen);
        System.arraycopy(in, pos, staged, stagedLen, take);
        stagedLen += take;
        pos += take;
        if (stagedLen == frameLen) {
          int n = frameLen;
          prefixSeen = 0;
          frameLen = 0;
          stagedLen = 0;
          decryptFrame(staged, 0, n, out);
        }
      }
    } catch (NoiseException e) {
      receiveFailed = true;
      throw e;
    }
    return out;
  }

  /** Bytes of a partial frame held until the rest arrives. */
  public int bufferedBytes() {
    return prefixSeen + stagedLen;
  }

  private static int checkFrameLength(int n) throws NoiseException {
    if (n < TAG_LEN) {
      throw new NoiseException(
          NoiseException.Reason.BAD_SIZE, "frame of " + n + " bytes is shorter than a tag");
    }
    return n;
  }

  private void decryptFrame(byte[] in, int off, int n, List<byte[]> out) throws NoiseException {
    byte[] plain = new byte[n - TAG_LEN];
    receiver.decryptWithAd(NO_AD, in, off, n, plain, 0);
    if (plain.length > 0) {
      out.add(plain);
    }
  }
}

package dev.causeway.libp2p.noise;

import static dev.causeway.libp2p.noise.NoiseConstants.LENGTH_PREFIX;
import static dev.causeway.libp2p.noise.NoiseConstants.MAX_MESSAGE;
import static dev.causeway.libp2p.noise.NoiseConstants.MAX_PLAINTEXT;
import static dev.causeway.libp2p.noise.NoiseConstants.TAG_LEN;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>For a connection's data path there are copy-free variants: {@link #feed} and {@link
 * #nextFrame()} decrypt received frames in place and hand out each plaintext as a slice, and {@link
 * #encryptFrameInPlace} seals a frame the caller assembled behind room for the length prefix.
 *
 * <p>For ciphers whose fast path is direct memory ({@link #prefersDirectBuffers()}: Conscrypt)
 * there is a {@link ByteBuffer} data path: {@link #sealFrame} seals a plaintext buffer into an
 * output buffer (e.g. the socket's), and {@link #nextFrame(ByteBuffer, ByteBuffer)} opens received
 * frames from the read buffer into a plaintext buffer. A codec serves one receiving API for its
 * life: the array engine ({@link #decrypt}, {@link #feed}) or the buffer engine, never both.
 *
 * <p>Pure (no I/O). The sending and receiving directions are independent, so one thread may encrypt
 * while another decrypts; each direction itself is not thread-safe.
 */
public final class NoiseFrameCodec {
  /*
   * Design: for throughput the common cases touch the bytes once besides the cipher itself —
   * encrypt writes each length prefix and ciphertext straight into the one output array, and
   * decrypt decrypts a frame that lies wholly inside the input directly from the input (into a
   * new array for the List API, where it lies for feed/nextFrame). Only a frame split across
   * calls is staged, in a buffer kept for the connection's life (grown to the largest frame seen,
   * never above 65535 bytes) and decrypted in place there. Both APIs share one engine, `next`,
   * which walks the fed bytes; the List API is feed + next(false) until exhausted.
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

  // Bytes fed and not yet consumed, and the plaintext of the last frame returned.
  private byte[] feedBuf;
  private int feedPos;
  private int feedEnd;
  private byte[] plainBuf;
  private int plainOff;
  private int plainLen;

  // The buffer engine's staging buffer for a frame split across reads (direct if the plaintext
  // buffers are), allocated on the first split; and which receiving engine this codec serves.
  private ByteBuffer stagedBuf;
  private static final int ENGINE_NONE = 0;
  private static final int ENGINE_ARRAYS = 1;
  private static final int ENGINE_BUFFERS = 2;
  private int engine = ENGINE_NONE;

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

  /**
   * Seals one frame in place for callers that assemble plaintext themselves: the {@code len ≤
   * 65519} plaintext bytes at {@code buf[off+2, off+2+len)} are encrypted where they lie, the
   * 16-byte tag follows them and the 2-byte length prefix goes to {@code buf[off, off+2)}.
   *
   * @return the frame's wire length, {@code len + 18}
   */
  public int encryptFrameInPlace(byte[] buf, int off, int len) throws NoiseException {
    if (sendFailed) {
      throw new NoiseException(NoiseException.Reason.FAILED_EARLIER, "sending side failed");
    }
    if (len < 0 || len > MAX_PLAINTEXT || off < 0 || off > buf.length - len - 18) {
      throw new IndexOutOfBoundsException("bad frame range");
    }
    int frame = len + TAG_LEN;
    try {
      sender.encryptWithAd(NO_AD, buf, off + LENGTH_PREFIX, len, buf, off + LENGTH_PREFIX);
    } catch (NoiseException e) {
      sendFailed = true;
      throw e;
    }
    buf[off] = (byte) (frame >>> 8);
    buf[off + 1] = (byte) frame;
    return LENGTH_PREFIX + frame;
  }

  /**
   * Whether the cipher's fast path is direct {@link ByteBuffer}s (Conscrypt): then a connection
   * should use {@link #sealFrame} and {@link #nextFrame(ByteBuffer, ByteBuffer)} with direct
   * buffers, which the cipher reads and writes where they lie.
   */
  public boolean prefersDirectBuffers() {
    return sender.prefersDirectBuffers();
  }

  /**
   * Seals the remaining bytes of {@code plaintext} (at most 65519) as one frame into {@code out} at
   * its position: the 2-byte length prefix, then ciphertext and tag. {@code out} needs room for
   * {@code plaintext.remaining() + 18} bytes and must not overlap {@code plaintext}. Advances both
   * positions.
   *
   * @return the frame's wire length
   */
  public int sealFrame(ByteBuffer plaintext, ByteBuffer out) throws NoiseException {
    if (sendFailed) {
      throw new NoiseException(NoiseException.Reason.FAILED_EARLIER, "sending side failed");
    }
    int len = plaintext.remaining();
    if (len > MAX_PLAINTEXT || out.remaining() < len + LENGTH_PREFIX + TAG_LEN) {
      throw new IndexOutOfBoundsException("bad frame range");
    }
    int frame = len + TAG_LEN;
    out.put((byte) (frame >>> 8)).put((byte) frame);
    try {
      sender.encryptWithAd(plaintext, out);
    } catch (NoiseException e) {
      sendFailed = true;
      throw e;
    }
    return LENGTH_PREFIX + frame;
  }

  /**
   * The buffer engine: consumes received bytes from {@code in} (advancing its position) up to the
   * end of the next complete non-empty frame and opens that frame into {@code plain}, which is then
   * ready to read (position 0, limit the plaintext length); returns false once {@code in} is used
   * up, keeping a trailing partial frame for the next call. Call it with the same {@code in} until
   * it returns false. {@code plain} needs a capacity of 65519 bytes and must not overlap {@code
   * in}; a frame lying wholly in {@code in} is opened from there, one split across reads is
   * gathered in a buffer of the codec's own (direct if {@code plain} is), kept for the connection's
   * life.
   *
   * @throws IllegalStateException if this codec has served the array engine
   */
  public boolean nextFrame(ByteBuffer in, ByteBuffer plain) throws NoiseException {
    if (receiveFailed) {
      throw new NoiseException(NoiseException.Reason.FAILED_EARLIER, "receiving side failed");
    }
    useEngine(ENGINE_BUFFERS);
    try {
      while (in.hasRemaining()) {
        int pos = in.position();
        int end = in.limit();
        if (prefixSeen == 0 && end - pos >= LENGTH_PREFIX) {
          int n = checkFrameLength(((in.get(pos) & 0xff) << 8) | (in.get(pos + 1) & 0xff));
          if (end - pos - LENGTH_PREFIX >= n) { // whole frame in the input: opened where it lies
            in.limit(pos + LENGTH_PREFIX + n).position(pos + LENGTH_PREFIX);
            boolean nonEmpty;
            try {
              nonEmpty = open(in, plain);
            } finally {
              in.limit(end);
            }
            in.position(pos + LENGTH_PREFIX + n);
            if (nonEmpty) {
              return true;
            }
            continue;
          }
        }
        if (prefixSeen < LENGTH_PREFIX) {
          frameLen = (frameLen << 8) | (in.get() & 0xff);
          if (++prefixSeen == LENGTH_PREFIX) {
            checkFrameLength(frameLen);
            if (stagedBuf == null) {
              stagedBuf =
                  plain.isDirect()
                      ? ByteBuffer.allocateDirect(MAX_MESSAGE)
                      : ByteBuffer.allocate(MAX_MESSAGE);
            }
            stagedBuf.clear();
          }
          continue;
        }
        int take = Math.min(end - pos, frameLen - stagedBuf.position());
        in.limit(pos + take);
        stagedBuf.put(in);
        in.limit(end);
        if (stagedBuf.position() == frameLen) {
          prefixSeen = 0;
          frameLen = 0;
          stagedBuf.flip();
          boolean nonEmpty = open(stagedBuf, plain);
          stagedBuf.clear();
          if (nonEmpty) {
            return true;
          }
        }
      }
    } catch (NoiseException e) {
      receiveFailed = true;
      in.position(in.limit());
      throw e;
    }
    return false;
  }

  /** Opens one whole frame body into {@code plain} (flipped); false if its plaintext is empty. */
  private boolean open(ByteBuffer frame, ByteBuffer plain) throws NoiseException {
    plain.clear();
    receiver.decryptWithAd(frame, plain);
    plain.flip();
    return plain.hasRemaining();
  }

  private void useEngine(int e) {
    if (engine != e) {
      if (engine != ENGINE_NONE) {
        throw new IllegalStateException("this codec already serves the other receiving API");
      }
      engine = e;
    }
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

  /**
   * Feeds {@code in[off, off+len)}, which is left unchanged; see {@link #decrypt(byte[])}. Each
   * plaintext is a new array.
   */
  public List<byte[]> decrypt(byte[] in, int off, int len) throws NoiseException {
    feed(in, off, len);
    List<byte[]> out = new ArrayList<>(Math.min(16, len / 1024 + 1));
    while (next(false)) {
      out.add(plainBuf);
    }
    return out;
  }

  /**
   * Starts in-place decryption of received bytes {@code buf[off, off+len)}: then call {@link
   * #nextFrame()} until it returns false, before feeding anything else. Frames lying wholly in
   * {@code buf} are decrypted where they are (their ciphertext is overwritten); only a frame split
   * across feeds is collected in the codec's own buffer. The caller must not touch that range of
   * {@code buf} until the frames are consumed.
   *
   * @throws IllegalStateException if bytes of the previous feed are still unconsumed
   */
  public void feed(byte[] buf, int off, int len) throws NoiseException {
    if (receiveFailed) {
      throw new NoiseException(NoiseException.Reason.FAILED_EARLIER, "receiving side failed");
    }
    if (off < 0 || len < 0 || len > buf.length - off) {
      throw new IndexOutOfBoundsException("bad input range");
    }
    if (feedPos < feedEnd) {
      throw new IllegalStateException("the previous feed holds unconsumed frames");
    }
    useEngine(ENGINE_ARRAYS);
    feedBuf = buf;
    feedPos = off;
    feedEnd = off + len;
  }

  /**
   * Decrypts the next complete non-empty frame of the fed bytes. Its plaintext is then {@link
   * #frameArray()}{@code [}{@link #frameOffset()}{@code , +}{@link #frameLength()}{@code )}, valid
   * until the next call into this codec (it is a slice of the fed buffer or of the codec's own).
   * Returns false once the fed bytes hold no further complete frame; a trailing partial frame is
   * kept for the next feed.
   */
  public boolean nextFrame() throws NoiseException {
    return next(true);
  }

  /** The array holding the plaintext of the frame {@link #nextFrame()} returned. */
  public byte[] frameArray() {
    return plainBuf;
  }

  public int frameOffset() {
    return plainOff;
  }

  public int frameLength() {
    return plainLen;
  }

  /**
   * The decryption engine behind both APIs: advances through the fed bytes to the next complete
   * non-empty frame and decrypts it, in place or into a new array.
   */
  private boolean next(boolean inPlace) throws NoiseException {
    if (receiveFailed) {
      throw new NoiseException(NoiseException.Reason.FAILED_EARLIER, "receiving side failed");
    }
    byte[] in = feedBuf;
    int end = feedEnd;
    try {
      while (feedPos < end) {
        int pos = feedPos;
        if (prefixSeen == 0 && end - pos >= LENGTH_PREFIX) {
          int n = checkFrameLength(((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff));
          if (end - pos - LENGTH_PREFIX >= n) { // whole frame in the input: no staging
            feedPos = pos + LENGTH_PREFIX + n;
            if (decryptFrame(in, pos + LENGTH_PREFIX, n, inPlace)) {
              return true;
            }
            continue;
          }
        }
        if (prefixSeen < LENGTH_PREFIX) {
          frameLen = (frameLen << 8) | (in[pos] & 0xff);
          feedPos = pos + 1;
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
        feedPos = pos + take;
        if (stagedLen == frameLen) {
          int n = frameLen;
          prefixSeen = 0;
          frameLen = 0;
          stagedLen = 0;
          if (decryptFrame(staged, 0, n, true)) {
            if (!inPlace) {
              plainBuf = Arrays.copyOfRange(staged, 0, plainLen);
            }
            return true;
          }
        }
      }
    } catch (NoiseException e) {
      receiveFailed = true;
      feedPos = feedEnd;
      throw e;
    }
    feedBuf = null;
    return false;
  }

  /** Bytes of a partial frame held until the rest arrives. */
  public int bufferedBytes() {
    return prefixSeen
        + (engine == ENGINE_BUFFERS && prefixSeen == LENGTH_PREFIX
            ? stagedBuf.position()
            : stagedLen);
  }

  private static int checkFrameLength(int n) throws NoiseException {
    if (n < TAG_LEN) {
      throw new NoiseException(
          NoiseException.Reason.BAD_SIZE, "frame of " + n + " bytes is shorter than a tag");
    }
    return n;
  }

  /** Decrypts one frame; false if its plaintext is empty. */
  private boolean decryptFrame(byte[] in, int off, int n, boolean inPlace) throws NoiseException {
    if (inPlace) {
      plainBuf = in;
      plainOff = off;
      plainLen = receiver.decryptWithAd(NO_AD, in, off, n, in, off);
    } else {
      plainBuf = new byte[n - TAG_LEN];
      plainOff = 0;
      plainLen = receiver.decryptWithAd(NO_AD, in, off, n, plainBuf, 0);
    }
    return plainLen > 0;
  }
}

package dev.causeway.v1.rlpx.framing;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts and authenticates outgoing RLPx frames and verifies and decrypts incoming ones, for one
 * connection (spec v1-rlpx-devp2p.md §5: layout §5.1, AES-256-CTR §5.2, MAC §5.3, receiving §5.4,
 * sizes §5.5).
 *
 * <p>A frame on the wire is {@code header-ciphertext(16) || header-mac(16) ||
 * frame-ciphertext(roundup16(frame-size)) || frame-mac(16)}. {@link #encode} writes a whole frame.
 * Receiving is split in two steps so that a stream decoder can accumulate bytes: first {@link
 * #decodeHeader} on the first {@link #HEADER_LENGTH} bytes, which returns frame-size, then {@link
 * #decodeBody} on the next {@link #bodyLength(int) bodyLength(frameSize)} bytes. The steps must
 * alternate; calling them out of order is a programming error ({@link IllegalStateException}).
 *
 * <p>The codec owns its state: the AES-CTR keystream and the MAC sponge of each direction continue
 * from frame to frame, so frames must be encoded in the order they are sent and decoded in the
 * order they arrive. The MAC sponges passed to the constructor are copied. Not thread-safe per
 * direction: the egress side ({@code encode}) and the ingress side ({@code decode*}) keep separate
 * state and may each be driven by a different thread, but each by one thread at a time. After a
 * {@link FramingException} the ingress side is out of step with the peer and every further decode
 * call fails; the connection must be closed.
 */
public final class FrameCodec {
  /*
   * Design.
   *
   * - One javax.crypto Cipher per direction in AES/CTR/NoPadding, initialised once with IV 0 and
   *   only ever fed through update(): the JDK keeps the partial-block keystream position between
   *   calls, which gives exactly the "keystream continues across frames" rule of §5.2, and its
   *   CTR loop is an AES-NI intrinsic on x86/aarch64. Both directions use ENCRYPT_MODE (CTR is
   *   symmetric) so no decrypt-side buffering can creep in.
   * - The MAC seeds go through a separate AES/ECB/NoPadding Cipher keyed with mac-secret, one per
   *   direction so that encode and decode never share mutable scratch.
   * - digest() of a running sponge is computed by copying it into a per-direction scratch sponge
   *   (Keccak256.copyFrom, no allocation) and finalising the copy into a 32-byte scratch array, so
   *   the hot path allocates nothing but the frame it returns.
   * - Cipher.update never gets the same array as input and output: the JDK (17) then copies the
   *   input first, an allocation per call. encode() encrypts a scratch header, the caller's
   *   frame-data and a constant zero block (padding) straight into the output array; decodeBody()
   *   decrypts straight into the returned array and the padding into a scratch block, leaving the
   *   input untouched. Only the in-place encode variant (frame-data already inside out) pays the
   *   JDK's copy.
   * - MACs are compared in constant time over all 16 bytes (§5.4).
   * - Header-data: the fast path accepts the exact bytes c2 80 80 that every known implementation
   *   sends; anything else is parsed as an RLP list whose elements, where present, must be integer
   *   zero (nim-eth rejects non-zero capability-id, context-id and total-size with
   *   BreachOfProtocol; go-ethereum ignores the field). Missing elements are accepted.
   */

  /** Header ciphertext plus header MAC: the bytes needed before frame-size is known. */
  public static final int HEADER_LENGTH = 32;

  /** Length of the header and frame MACs. */
  public static final int MAC_LENGTH = 16;

  /** The largest frame-size the 24-bit header field can carry (§5.5). */
  public static final int MAX_FRAME_SIZE = 0xFFFFFF;

  private static final int BLOCK = 16;
  private static final byte[] ZEROS = new byte[BLOCK];

  private final int maxFrameSize;
  private final Direction egress;
  private final Direction ingress;

  /** Frame-size announced by the last decodeHeader, or -1 when a header is expected next. */
  private int pendingFrameSize = -1;

  private boolean ingressFailed;

  /**
   * Creates a codec for one connection.
   *
   * @param aesSecret 32-byte AES-256 key for both directions' CTR streams (§4.5)
   * @param macSecret 32-byte AES-256 key for the MAC seeds (§4.5)
   * @param egressMac the egress MAC sponge as initialised by the handshake (§4.6); copied
   * @param ingressMac the ingress MAC sponge as initialised by the handshake (§4.6); copied
   * @param maxFrameSize the largest inbound frame-size accepted, 0 ≤ n ≤ {@link #MAX_FRAME_SIZE}
   */
  public FrameCodec(
      byte[] aesSecret,
      byte[] macSecret,
      Keccak256 egressMac,
      Keccak256 ingressMac,
      int maxFrameSize) {
    if (aesSecret == null || aesSecret.length != 32) {
      throw new IllegalArgumentException("aes-secret must be 32 bytes");
    }
    if (macSecret == null || macSecret.length != 32) {
      throw new IllegalArgumentException("mac-secret must be 32 bytes");
    }
    if (egressMac == null || ingressMac == null) {
      throw new IllegalArgumentException("MAC sponges must not be null");
    }
    if (maxFrameSize < 0 || maxFrameSize > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "maxFrameSize must be in 0.." + MAX_FRAME_SIZE + ": " + maxFrameSize);
    }
    this.maxFrameSize = maxFrameSize;
    this.egress = new Direction(aesSecret, macSecret, egressMac);
    this.ingress = new Direction(aesSecret, macSecret, ingressMac);
  }

  /** Bytes on the wire for a frame carrying {@code frameDataLength} bytes of frame-data. */
  public static int encodedLength(int frameDataLength) {
    return HEADER_LENGTH + bodyLength(frameDataLength);
  }

  /** Bytes following the 32-byte header for a frame of {@code frameSize}: padded data plus MAC. */
  public static int bodyLength(int frameSize) {
    if (frameSize < 0 || frameSize > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("frame-size out of range: " + frameSize);
    }
    return roundUp16(frameSize) + MAC_LENGTH;
  }

  /** The inbound frame-size limit given at construction. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /**
   * Encodes one frame into {@code out} at {@code outOff}, writing exactly {@link
   * #encodedLength(int) encodedLength(len)} bytes. The frame-data may already sit inside {@code
   * out} at {@code outOff + HEADER_LENGTH} (in-place encoding, correct but it costs the JDK cipher
   * an internal copy); any other overlap is not allowed.
   *
   * @throws IllegalArgumentException if {@code len} exceeds {@link #MAX_FRAME_SIZE} or a range is
   *     outside its array
   */
  public void encode(byte[] frameData, int off, int len, byte[] out, int outOff) {
    if (len < 0 || len > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("frame-data length out of range: " + len);
    }
    checkRange(frameData, off, len);
    int padded = roundUp16(len);
    checkRange(out, outOff, HEADER_LENGTH + padded + MAC_LENGTH);
    Direction d = egress;

    // Header: frame-size(3) || c2 80 80 || zero padding. Bytes 3..15 of the scratch header never
    // change, so only the size is written per frame.
    byte[] h = d.header;
    h[0] = (byte) (len >>> 16);
    h[1] = (byte) (len >>> 8);
    h[2] = (byte) len;
    d.crypt(h, 0, BLOCK, out, outOff);
    d.headerMac(out, outOff);
    System.arraycopy(d.digest, 0, out, outOff + BLOCK, MAC_LENGTH);

    // Body: frame-data then zero padding, encrypted with the continuing keystream.
    int body = outOff + HEADER_LENGTH;
    d.crypt(frameData, off, len, out, body);
    if (padded > len) {
      d.crypt(ZEROS, 0, padded - len, out, body + len);
    }
    d.frameMac(out, body, padded);
    System.arraycopy(d.digest, 0, out, body + padded, MAC_LENGTH);
  }

  /** Encodes one frame into a new array of {@link #encodedLength(int) encodedLength(len)} bytes. */
  public byte[] encode(byte[] frameData, int off, int len) {
    if (len < 0 || len > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("frame-data length out of range: " + len);
    }
    byte[] out = new byte[encodedLength(len)];
    encode(frameData, off, len, out, 0);
    return out;
  }

  /**
   * Verifies the header MAC of the {@link #HEADER_LENGTH} bytes at {@code in[off]}, decrypts the
   * header, checks header-data and returns frame-size. The input is not modified.
   *
   * @throws FramingException on a MAC mismatch, non-zero or malformed header-data, a frame-size
   *     above the limit, or if an earlier decode call failed
   * @throws IllegalStateException if a body was expected (the previous header's body was not
   *     decoded)
   * @throws IllegalArgumentException if fewer than 32 bytes are available at {@code off}
   */
  public int decodeHeader(byte[] in, int off) throws FramingException {
    checkIngressUsable();
    if (pendingFrameSize >= 0) {
      throw new IllegalStateException("decodeBody expected for the previous header");
    }
    checkRange(in, off, HEADER_LENGTH);
    Direction d = ingress;
    d.headerMac(in, off);
    if (!equal16(d.digest, 0, in, off + BLOCK)) {
      throw fail("header MAC mismatch");
    }
    byte[] h = d.block;
    d.crypt(in, off, BLOCK, h, 0);
    int frameSize = ((h[0] & 0xff) << 16) | ((h[1] & 0xff) << 8) | (h[2] & 0xff);
    if (h[3] != (byte) 0xc2 || h[4] != (byte) 0x80 || h[5] != (byte) 0x80) {
      checkHeaderData(h);
    }
    if (frameSize > maxFrameSize) {
      ingressFailed = true;
      throw new FrameTooLargeException(
          "frame-size " + frameSize + " exceeds the limit of " + maxFrameSize);
    }
    pendingFrameSize = frameSize;
    return frameSize;
  }

  /**
   * Verifies the frame MAC over the {@link #bodyLength(int) bodyLength(frameSize)} bytes at {@code
   * in[off]} and returns the decrypted frame-data ({@code frameSize} bytes, padding dropped). The
   * input is not modified.
   *
   * @param frameSize the value the preceding {@link #decodeHeader} returned
   * @throws FramingException on a frame MAC mismatch, or if an earlier decode call failed
   * @throws IllegalStateException if no header was decoded or {@code frameSize} differs from it
   * @throws IllegalArgumentException if fewer than {@code bodyLength(frameSize)} bytes are
   *     available at {@code off}
   */
  public byte[] decodeBody(byte[] in, int off, int frameSize) throws FramingException {
    checkIngressUsable();
    if (pendingFrameSize < 0) {
      throw new IllegalStateException("decodeHeader expected before decodeBody");
    }
    if (frameSize != pendingFrameSize) {
      throw new IllegalStateException(
          "frame-size " + frameSize + " differs from the decoded header's " + pendingFrameSize);
    }
    int padded = roundUp16(frameSize);
    checkRange(in, off, padded + MAC_LENGTH);
    Direction d = ingress;
    d.frameMac(in, off, padded);
    if (!equal16(d.digest, 0, in, off + padded)) {
      throw fail("frame MAC mismatch");
    }
    byte[] frameData = new byte[frameSize];
    d.crypt(in, off, frameSize, frameData, 0);
    if (padded > frameSize) {
      d.crypt(in, off + frameSize, padded - frameSize, d.block, 0);
    }
    pendingFrameSize = -1;
    return frameData;
  }

  private void checkHeaderData(byte[] h) throws FramingException {
    // Only the bytes after frame-size are header-data; trailing zero padding is ignored.
    try {
      RlpReader list = new RlpReader(h, 3, BLOCK - 3).readList();
      while (list.hasNext()) {
        if (list.nextIsList() || list.readLong() != 0) {
          throw fail("non-zero capability-id, context-id or total-size in frame header-data");
        }
      }
    } catch (RlpException e) {
      ingressFailed = true;
      throw new FramingException("malformed frame header-data: " + e.getMessage(), e);
    }
  }

  private void checkIngressUsable() throws FramingException {
    if (ingressFailed) {
      throw new FramingException("an earlier frame failed; the ingress stream is unusable");
    }
  }

  private FramingException fail(String message) {
    ingressFailed = true;
    return new FramingException(message);
  }

  private static boolean equal16(byte[] a, int aOff, byte[] b, int bOff) {
    int diff = 0;
    for (int i = 0; i < MAC_LENGTH; i++) {
      diff |= a[aOff + i] ^ b[bOff + i];
    }
    return diff == 0;
  }

  private static int roundUp16(int n) {
    return (n + 15) & ~15;
  }

  private static void checkRange(byte[] a, int off, int len) {
    if (a == null) {
      throw new IllegalArgumentException("array is null");
    }
    if (off < 0 || len < 0 || off > a.length - len) {
      throw new IllegalArgumentException(
          "range [" + off + ", +" + len + ") outside an array of " + a.length);
    }
  }

  /** Cipher, MAC sponge and scratch space of one direction. */
  private static final class Direction {
    private final Cipher ctr;
    private final Cipher ecb;
    private final Keccak256 mac;
    private final Keccak256 scratch = new Keccak256();

    /** Result of the last MAC computation; its first 16 bytes are the MAC. */
    final byte[] digest = new byte[32];

    /** A 16-byte scratch block (MAC seed; decrypted header or padding on ingress). */
    final byte[] block = new byte[BLOCK];

    /** Egress plaintext header: frame-size is rewritten per frame, header-data is fixed. */
    final byte[] header = {
      0, 0, 0, (byte) 0xc2, (byte) 0x80, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    Direction(byte[] aesSecret, byte[] macSecret, Keccak256 initialMac) {
      try {
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(aesSecret, "AES"),
            new IvParameterSpec(new byte[BLOCK]));
        ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(macSecret, "AES"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-256 is not available in this JVM", e);
      }
      mac = new Keccak256(initialMac);
    }

    void crypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
      if (len == 0) {
        return;
      }
      try {
        ctr.update(in, inOff, len, out, outOff);
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e); // ranges are checked by the caller
      }
    }

    /** {@code digest[:16]} := header-mac for the header ciphertext at {@code ct[off]} (§5.3). */
    void headerMac(byte[] ct, int off) {
      snapshot();
      aesBlock(digest);
      for (int i = 0; i < BLOCK; i++) {
        block[i] ^= ct[off + i];
      }
      mac.update(block, 0, BLOCK);
      snapshot();
    }

    /** {@code digest[:16]} := frame-mac for the padded frame ciphertext at {@code ct[off]}. */
    void frameMac(byte[] ct, int off, int len) {
      mac.update(ct, off, len);
      snapshot();
      aesBlock(digest);
      for (int i = 0; i < BLOCK; i++) {
        block[i] ^= digest[i];
      }
      mac.update(block, 0, BLOCK);
      snapshot();
    }

    /** digest := keccak256 of everything absorbed so far; the running sponge is unchanged. */
    private void snapshot() {
      scratch.copyFrom(mac).finishInto(digest, 0);
    }

    /** block := AES-256-ECB(mac-secret, src[:16]). */
    private void aesBlock(byte[] src) {
      try {
        ecb.update(src, 0, BLOCK, block, 0);
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

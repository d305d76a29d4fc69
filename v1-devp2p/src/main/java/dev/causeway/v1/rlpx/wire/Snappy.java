package dev.causeway.v1.rlpx.wire;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.util.Arrays;

/**
 * Snappy <em>block</em> format (not the framing format) for devp2p msg-data once both Hellos carry
 * protocol version 5 or higher (spec v1-rlpx-devp2p.md §7.5, EIP-706), backed by aircompressor's
 * pure-Java codec.
 *
 * <p>{@link #decompress} reads the declared uncompressed length (the leading varint) first and
 * rejects it above the caller's bound before allocating anything, then rejects any input the
 * library finds malformed or whose output length differs from the declared one. Any valid block
 * encoding is accepted, whatever compressor produced it.
 */
public final class Snappy {
  /*
   * The library signals bad input with its unchecked MalformedInputException and, for some
   * truncated inputs, with other runtime exceptions from its bounds checks; all of them are turned
   * into WireException here so that callers see one checked type. The compressor keeps a 32 KiB
   * hash table and is not thread-safe, hence one per thread; the decompressor is stateless.
   */

  /** go-ethereum's bound on the declared uncompressed length: 2^24 - 1 (§7.5). */
  public static final int MAX_DECLARED_LENGTH = 0xFFFFFF;

  private static final ThreadLocal<SnappyCompressor> COMPRESSOR =
      ThreadLocal.withInitial(SnappyCompressor::new);
  private static final SnappyDecompressor DECOMPRESSOR = new SnappyDecompressor();

  private Snappy() {}

  /** Compresses {@code in} into a new array in Snappy block format. */
  public static byte[] compress(byte[] in) {
    SnappyCompressor c = COMPRESSOR.get();
    byte[] out = new byte[c.maxCompressedLength(in.length)];
    int n = c.compress(in, 0, in.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  /**
   * The uncompressed length an input declares in its leading varint.
   *
   * @throws WireException if the varint is truncated, longer than 5 bytes or above 2^31 - 1
   */
  public static int declaredLength(byte[] in) throws WireException {
    long value = 0;
    for (int i = 0; i < 5; i++) {
      if (i >= in.length) {
        throw new WireException("truncated Snappy length varint");
      }
      int b = in[i] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (value > Integer.MAX_VALUE) {
          throw new WireException("Snappy declared length too large: " + value);
        }
        return (int) value;
      }
    }
    throw new WireException("Snappy length varint longer than 5 bytes");
  }

  /**
   * Decompresses a Snappy block.
   *
   * @param maxUncompressed the largest declared length accepted (for devp2p at most {@link
   *     #MAX_DECLARED_LENGTH}; Waku uses its 1 MiB message limit)
   * @throws WireException if the declared length exceeds {@code maxUncompressed}, or the input is
   *     malformed
   */
  public static byte[] decompress(byte[] in, int maxUncompressed) throws WireException {
    if (maxUncompressed < 0) {
      throw new IllegalArgumentException("negative bound: " + maxUncompressed);
    }
    int declared = declaredLength(in);
    if (declared > maxUncompressed) {
      throw new WireException(
          "Snappy declared length " + declared + " exceeds the limit of " + maxUncompressed);
    }
    byte[] out = new byte[declared];
    int n;
    try {
      n = DECOMPRESSOR.decompress(in, 0, in.length, out, 0, out.length);
    } catch (RuntimeException e) {
      // MalformedInputException, or a bounds check of the library failing on hostile input.
      throw new WireException("malformed Snappy data: " + e.getMessage(), e);
    }
    if (n != declared) {
      throw new WireException("Snappy data inflates to " + n + " bytes, declared " + declared);
    }
    return out;
  }
}

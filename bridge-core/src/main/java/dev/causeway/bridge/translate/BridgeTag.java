package dev.causeway.bridge.translate;

import dev.causeway.v1.waku.envelope.Envelope;
import java.util.Optional;

/**
 * The Causeway tag: the three envelope fields a v2 message cannot otherwise carry (expiry, ttl,
 * nonce), stored in the message's {@code meta} so that the original envelope can be rebuilt
 * byte-identically on the way back (ARCHITECTURE.md §4).
 *
 * <p>Layout, 20 bytes, all integers big-endian:
 *
 * <pre>
 * offset  size  field
 *      0     3  magic   0x43 0x57 0x42 ("CWB")
 *      3     1  version 0x01
 *      4     4  expiry  uint32, UNIX seconds
 *      8     4  ttl     uint32, seconds, ≥ 1
 *     12     8  nonce   uint64
 * </pre>
 *
 * <p>Decoding ({@link #decode}): empty meta, or meta not starting with the magic, is "no tag" (a
 * message born on v2, possibly with its own application meta). Meta starting with the magic must be
 * exactly a version-1 tag of 20 bytes with {@code ttl ≥ 1} and {@code expiry ≥ ttl}; anything else
 * is a {@link BridgeTagException} (a future tag version is refused, not guessed at). 20 bytes are
 * well under the 64-byte meta limit of nwaku and go-waku.
 *
 * @param expiry uint32 in a long
 * @param ttl uint32 in a long
 * @param nonce uint64 bits
 */
public record BridgeTag(long expiry, long ttl, long nonce) {
  /** Encoded length. */
  public static final int LENGTH = 20;

  /** Current (only) tag version. */
  public static final int VERSION = 1;

  private static final byte M0 = 0x43;
  private static final byte M1 = 0x57;
  private static final byte M2 = 0x42;

  public BridgeTag {
    if (expiry < 0 || expiry > Envelope.MAX_UINT32 || ttl < 0 || ttl > Envelope.MAX_UINT32) {
      throw new IllegalArgumentException("expiry and ttl must be uint32");
    }
  }

  /** The tag of an envelope. */
  public static BridgeTag of(Envelope e) {
    return new BridgeTag(e.expiry(), e.ttl(), e.nonce());
  }

  /** The 20-byte encoding (see the class comment). */
  public byte[] encode() {
    byte[] out = new byte[LENGTH];
    out[0] = M0;
    out[1] = M1;
    out[2] = M2;
    out[3] = VERSION;
    putInt(out, 4, expiry);
    putInt(out, 8, ttl);
    for (int i = 0; i < 8; i++) {
      out[12 + i] = (byte) (nonce >>> (56 - 8 * i));
    }
    return out;
  }

  /** Whether {@code meta} starts with the tag magic (then it must decode as a tag). */
  public static boolean hasMagic(byte[] meta) {
    return meta.length >= 3 && meta[0] == M0 && meta[1] == M1 && meta[2] == M2;
  }

  /**
   * Reads the tag from a message's meta.
   *
   * @return empty when {@code meta} is empty or does not start with the magic
   * @throws BridgeTagException when it starts with the magic but is not a valid version-1 tag
   */
  public static Optional<BridgeTag> decode(byte[] meta) throws BridgeTagException {
    if (!hasMagic(meta)) {
      return Optional.empty();
    }
    if (meta.length < 4) {
      throw new BridgeTagException("tag truncated before its version");
    }
    if (meta[3] != VERSION) {
      throw new BridgeTagException("unsupported tag version " + (meta[3] & 0xff));
    }
    if (meta.length != LENGTH) {
      throw new BridgeTagException("tag of " + meta.length + " bytes, expected " + LENGTH);
    }
    long expiry = getInt(meta, 4);
    long ttl = getInt(meta, 8);
    long nonce = 0;
    for (int i = 0; i < 8; i++) {
      nonce = (nonce << 8) | (meta[12 + i] & 0xff);
    }
    if (ttl == 0) {
      throw new BridgeTagException("tag ttl is 0");
    }
    if (expiry < ttl) {
      throw new BridgeTagException("tag expiry before its ttl");
    }
    return Optional.of(new BridgeTag(expiry, ttl, nonce));
  }

  private static void putInt(byte[] out, int off, long v) {
    out[off] = (byte) (v >>> 24);
    out[off + 1] = (byte) (v >>> 16);
    out[off + 2] = (byte) (v >>> 8);
    out[off + 3] = (byte) v;
  }

  private static long getInt(byte[] in, int off) {
    return ((in[off] & 0xffL) << 24)
        | ((in[off + 1] & 0xffL) << 16)
        | ((in[off + 2] & 0xffL) << 8)
        | (in[off + 3] & 0xffL);
  }

  @Override
  public String toString() {
    return "BridgeTag[expiry="
        + expiry
        + ", ttl="
        + ttl
        + ", nonce="
        + Long.toUnsignedString(nonce)
        + "]";
  }
}

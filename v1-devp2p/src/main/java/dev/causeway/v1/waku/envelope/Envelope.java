package dev.causeway.v1.waku.envelope;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.v1.rlp.Rlp;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable {@code waku/1} envelope {@code [expiry, ttl, topic, data, nonce]} ({@code
 * v1-waku.md} §5.1) together with its canonical RLP encoding.
 *
 * <p>{@link #decode}/{@link #readFrom} are strict like go-ethereum: exactly five elements,
 * canonical integers, expiry and ttl within uint32, nonce within uint64, topic exactly 4 bytes;
 * anything else is a {@link WakuCodecException}. A decoded envelope keeps the bytes it was received
 * as, so {@link #hash()} is keccak256 of the received bytes (§5.2); because decoding only accepts
 * canonical RLP, those bytes are also exactly what {@link #encode()} would produce.
 *
 * <p>Thread-safe: all state is final except the lazily computed hash, which is published through a
 * volatile field (computing it twice is harmless).
 */
public final class Envelope {
  /*
   * Design: the envelope is stored as its RLP encoding plus the offsets of the interesting parts;
   * the data field is a slice of that array, not a second copy. This halves memory for pooled
   * envelopes and lets the PoW code absorb "shortRlp" (the envelope without its nonce, under its
   * own list header) straight from the encoding: the items expiry..data are the contiguous range
   * [bodyOff, nonceOff) of the full encoding.
   */

  /** status-go {@code EnvelopeHeaderLength}: 4 + 4 + 4 + 8 bytes, used for {@link #size()}. */
  public static final int HEADER_LENGTH = 20;

  /** Largest value of the uint32 fields expiry and ttl. */
  public static final long MAX_UINT32 = 0xffff_ffffL;

  private final long expiry;
  private final long ttl;
  private final Topic topic;
  private final long nonce;
  private final byte[] encoded;
  private final int bodyOff;
  private final int dataOff;
  private final int dataLen;
  private final int nonceOff;
  private volatile EnvelopeHash hash;

  private Envelope(
      long expiry,
      long ttl,
      Topic topic,
      long nonce,
      byte[] encoded,
      int bodyOff,
      int dataOff,
      int dataLen,
      int nonceOff) {
    this.expiry = expiry;
    this.ttl = ttl;
    this.topic = topic;
    this.nonce = nonce;
    this.encoded = encoded;
    this.bodyOff = bodyOff;
    this.dataOff = dataOff;
    this.dataLen = dataLen;
    this.nonceOff = nonceOff;
  }

  /**
   * Builds an envelope (the data is copied).
   *
   * @param expiry UNIX seconds, 0..2^32-1
   * @param ttl seconds, 0..2^32-1
   * @param nonce any value, read as unsigned 64-bit
   * @throws IllegalArgumentException if expiry or ttl is outside uint32
   */
  public static Envelope of(long expiry, long ttl, Topic topic, byte[] data, long nonce) {
    return build(expiry, ttl, topic, data, 0, data.length, nonce);
  }

  private static Envelope build(
      long expiry, long ttl, Topic topic, byte[] data, int off, int len, long nonce) {
    checkUInt32("expiry", expiry);
    checkUInt32("ttl", ttl);
    if (topic == null) {
      throw new NullPointerException("topic");
    }
    int dataItemLen = Rlp.stringLength(data, off, len);
    int body =
        Rlp.longLength(expiry) + Rlp.longLength(ttl) + 5 + dataItemLen + Rlp.longLength(nonce);
    byte[] out = new byte[Rlp.headerLength(body) + body];
    int p = Rlp.writeHeader(out, 0, body, true);
    int bodyOff = p;
    p += Rlp.writeLong(out, p, expiry);
    p += Rlp.writeLong(out, p, ttl);
    out[p++] = (byte) 0x84;
    topic.writeTo(out, p);
    p += 4;
    int dataOff = p + (dataItemLen - len);
    p += Rlp.writeString(out, p, data, off, len);
    int nonceOff = p;
    Rlp.writeLong(out, p, nonce);
    return new Envelope(expiry, ttl, topic, nonce, out, bodyOff, dataOff, len, nonceOff);
  }

  private static void checkUInt32(String name, long v) {
    if (v < 0 || v > MAX_UINT32) {
      throw new IllegalArgumentException(name + " outside uint32: " + v);
    }
  }

  /** The same envelope with another nonce (re-encoded). */
  public Envelope withNonce(long newNonce) {
    if (newNonce == nonce) {
      return this;
    }
    return build(expiry, ttl, topic, encoded, dataOff, dataLen, newNonce);
  }

  /**
   * Decodes exactly one envelope occupying all of {@code bytes} (strict, see class doc).
   *
   * @throws WakuCodecException on malformed input or trailing bytes
   */
  public static Envelope decode(byte[] bytes) throws WakuCodecException {
    RlpReader r = RlpReader.of(bytes);
    Envelope e = readFrom(r);
    try {
      r.requireEnd();
    } catch (RlpException ex) {
      throw new WakuCodecException("envelope: " + ex.getMessage(), ex);
    }
    return e;
  }

  /**
   * Reads the next item of {@code reader} as an envelope (strict, see class doc) and advances past
   * it.
   */
  public static Envelope readFrom(RlpReader reader) throws WakuCodecException {
    try {
      if (!reader.nextIsList()) {
        throw new WakuCodecException("envelope is not an RLP list");
      }
      return parse(reader.readRaw());
    } catch (RlpException ex) {
      throw new WakuCodecException("envelope: " + ex.getMessage(), ex);
    }
  }

  private static Envelope parse(byte[] raw) throws RlpException, WakuCodecException {
    RlpReader outer = RlpReader.of(raw);
    int bodyOff = headerLengthOf(raw);
    RlpReader l = outer.readList();
    long expiry = l.readUInt32();
    long ttl = l.readUInt32();
    if (!l.hasNext() || l.nextIsList()) {
      throw new WakuCodecException("envelope topic missing or not a string");
    }
    int topicStart = l.position();
    l.readBytes(Topic.LENGTH);
    Topic topic = Topic.of(raw, topicStart + 1);
    if (!l.hasNext() || l.nextIsList()) {
      throw new WakuCodecException("envelope data missing or not a string");
    }
    int dataStart = l.position();
    l.skip();
    int dataEnd = l.position();
    int b = raw[dataStart] & 0xff;
    int dataOff;
    if (b < 0x80) {
      dataOff = dataStart;
    } else if (b <= 0xb7) {
      dataOff = dataStart + 1;
    } else {
      dataOff = dataStart + 1 + (b - 0xb7);
    }
    int nonceOff = l.position();
    long nonce = l.readLong();
    if (l.hasNext()) {
      throw new WakuCodecException("envelope has more than 5 elements");
    }
    return new Envelope(
        expiry, ttl, topic, nonce, raw, bodyOff, dataOff, dataEnd - dataOff, nonceOff);
  }

  /** Length of the list header at the start of a complete list encoding. */
  private static int headerLengthOf(byte[] raw) {
    int b = raw[0] & 0xff;
    return b <= 0xf7 ? 1 : 1 + (b - 0xf7);
  }

  /** Expiry, UNIX seconds (uint32). */
  public long expiry() {
    return expiry;
  }

  /** Time to live, seconds (uint32). */
  public long ttl() {
    return ttl;
  }

  public Topic topic() {
    return topic;
  }

  /** PoW nonce, unsigned 64-bit. */
  public long nonce() {
    return nonce;
  }

  /** A fresh copy of the data field. */
  public byte[] data() {
    return Arrays.copyOfRange(encoded, dataOff, dataOff + dataLen);
  }

  /** A read-only view of the data field (no copy). */
  public ByteBuffer dataBuffer() {
    return ByteBuffer.wrap(encoded, dataOff, dataLen).slice().asReadOnlyBuffer();
  }

  /** Length of the data field. */
  public int dataLength() {
    return dataLen;
  }

  /** Creation time {@code expiry - ttl} (may be negative for nonsensical input). */
  public long sent() {
    return expiry - ttl;
  }

  /** status-go size: {@code 20 + len(data)} (§5.1). */
  public int size() {
    return HEADER_LENGTH + dataLen;
  }

  /** Length of the full RLP encoding. */
  public int encodedLength() {
    return encoded.length;
  }

  /** A fresh copy of the canonical RLP encoding (identical to the received bytes if decoded). */
  public byte[] encode() {
    return encoded.clone();
  }

  /** Appends the encoding to {@code out} at {@code off}; returns the number of bytes written. */
  public int writeTo(byte[] out, int off) {
    System.arraycopy(encoded, 0, out, off, encoded.length);
    return encoded.length;
  }

  /** keccak256 of the RLP encoding (§5.2); computed once. */
  public EnvelopeHash hash() {
    EnvelopeHash h = hash;
    if (h == null) {
      h = EnvelopeHash.of(Keccak256.hash(encoded));
      hash = h;
    }
    return h;
  }

  // --- package access for ProofOfWork -------------------------------------------------------

  /** Length of {@code RLP([expiry, ttl, topic, data])}, the PoW "shortRlp". */
  int shortRlpLength() {
    int body = nonceOff - bodyOff;
    return Rlp.headerLength(body) + body;
  }

  /** Absorbs shortRlp into {@code k} without materializing it. */
  void absorbShortRlp(Keccak256 k) {
    int body = nonceOff - bodyOff;
    byte[] header = new byte[5];
    int h = Rlp.writeHeader(header, 0, body, true);
    k.update(header, 0, h);
    k.update(encoded, bodyOff, body);
  }

  /** A fresh copy of shortRlp. */
  byte[] shortRlp() {
    int body = nonceOff - bodyOff;
    byte[] out = new byte[Rlp.headerLength(body) + body];
    int h = Rlp.writeHeader(out, 0, body, true);
    System.arraycopy(encoded, bodyOff, out, h, body);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Envelope)) {
      return false;
    }
    Envelope e = (Envelope) o;
    return e.encoded.length == encoded.length
        && e.hash().equals(hash())
        && Arrays.equals(e.encoded, encoded);
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  @Override
  public String toString() {
    return "Envelope[expiry="
        + expiry
        + ", ttl="
        + ttl
        + ", topic="
        + topic.toHex()
        + ", data="
        + dataLen
        + " bytes, nonce="
        + Long.toUnsignedString(nonce)
        + "]";
  }
}

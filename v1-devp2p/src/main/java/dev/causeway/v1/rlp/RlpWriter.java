package dev.causeway.v1.rlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable canonical RLP writer with nested lists.
 *
 * <p>{@link #startList()} reserves one header byte; {@link #endList(int)} writes the real header
 * and shifts the payload when the header needs more than one byte. Typical use:
 *
 * <pre>{@code
 * RlpWriter w = new RlpWriter();
 * int l = w.startList();
 * w.writeLong(5).writeString("x");
 * w.endList(l);
 * byte[] out = w.toByteArray();
 * }</pre>
 */
public final class RlpWriter {
  private byte[] buf;
  private int size;

  public RlpWriter() {
    this(64);
  }

  public RlpWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public RlpWriter writeBytes(byte[] b) {
    return writeBytes(b, 0, b.length);
  }

  public RlpWriter writeBytes(byte[] b, int off, int len) {
    ensure(len + 5);
    size += Rlp.writeString(buf, size, b, off, len);
    return this;
  }

  public RlpWriter writeString(String s) {
    return writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  public RlpWriter writeLong(long v) {
    ensure(9);
    size += Rlp.writeLong(buf, size, v);
    return this;
  }

  public RlpWriter writeBoolean(boolean v) {
    return writeLong(v ? 1 : 0);
  }

  /** Appends an already-encoded item verbatim. */
  public RlpWriter writeRaw(byte[] encoded) {
    return writeRaw(encoded, 0, encoded.length);
  }

  public RlpWriter writeRaw(byte[] encoded, int off, int len) {
    ensure(len);
    System.arraycopy(encoded, off, buf, size, len);
    size += len;
    return this;
  }

  /** Starts a list; returns a marker for {@link #endList(int)}. */
  public int startList() {
    ensure(1);
    int marker = size;
    size++;
    return marker;
  }

  /** Closes the list started at {@code marker}. */
  public RlpWriter endList(int marker) {
    int payloadStart = marker + 1;
    int len = size - payloadStart;
    int h = Rlp.headerLength(len);
    if (h > 1) {
      ensure(h - 1);
      System.arraycopy(buf, payloadStart, buf, payloadStart + h - 1, len);
      size += h - 1;
    }
    Rlp.writeHeader(buf, marker, len, true);
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Discards content, keeping the buffer. */
  public RlpWriter clear() {
    size = 0;
    return this;
  }
}

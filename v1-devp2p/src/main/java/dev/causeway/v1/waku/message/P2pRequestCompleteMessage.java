package dev.causeway.v1.waku.message;

import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.Rlp;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.rlp.RlpWriter;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * P2P Request Complete (code 125): a mailserver's end-of-response marker ({@code v1-waku.md}
 * §12.3). Two incompatible wire forms exist (SPEC≠IMPL) and both are decoded:
 *
 * <ul>
 *   <li>{@link Form#LIST} (spec, nim-waku): {@code [requestId(32), lastEnvelopeHash(32), cursor]}.
 *   <li>{@link Form#BYTES} (status-go): one RLP byte string holding {@code requestId(32)}, then
 *       optionally {@code lastEnvelopeHash(32)}, then optionally a 36-byte cursor (total 32, 64 or
 *       100 bytes); or, on failure, {@code "ERROR=" || requestId(32) || message}.
 * </ul>
 *
 * Nothing in a bridge should depend on this packet; it exists so that it is tolerated.
 */
public final class P2pRequestCompleteMessage {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.P2P_REQUEST_COMPLETE;

  /** status-go cursor length: 4-byte timestamp + 32-byte envelope hash. */
  public static final int GO_CURSOR_LENGTH = 36;

  /** Longest cursor accepted in the list form. */
  public static final int MAX_CURSOR_BYTES = 1024;

  /** Longest failure message accepted in the byte form. */
  public static final int MAX_ERROR_BYTES = 4096;

  private static final byte[] ERROR_PREFIX = "ERROR=".getBytes(StandardCharsets.US_ASCII);

  /** Which wire form. */
  public enum Form {
    /** {@code [requestId, lastEnvelopeHash, cursor]} (spec, nim-waku). */
    LIST,
    /** One byte string with the fields concatenated (status-go). */
    BYTES
  }

  private final Form form;
  private final byte[] requestId;
  private final byte[] lastEnvelopeHash;
  private final byte[] cursor;
  private final String error;

  private P2pRequestCompleteMessage(
      Form form, byte[] requestId, byte[] lastEnvelopeHash, byte[] cursor, String error) {
    this.form = form;
    this.requestId = requestId;
    this.lastEnvelopeHash = lastEnvelopeHash;
    this.cursor = cursor;
    this.error = error;
  }

  /** The spec/nim list form. */
  public static P2pRequestCompleteMessage ofList(
      byte[] requestId, byte[] lastEnvelopeHash, byte[] cursor) {
    check32(requestId);
    check32(lastEnvelopeHash);
    if (cursor.length > MAX_CURSOR_BYTES) {
      throw new IllegalArgumentException("cursor too long");
    }
    return new P2pRequestCompleteMessage(
        Form.LIST, requestId.clone(), lastEnvelopeHash.clone(), cursor.clone(), null);
  }

  /**
   * The status-go byte form; {@code lastEnvelopeHash} may be null (then the cursor must be empty),
   * the cursor is empty or 36 bytes.
   */
  public static P2pRequestCompleteMessage ofBytes(
      byte[] requestId, byte[] lastEnvelopeHash, byte[] cursor) {
    check32(requestId);
    if (lastEnvelopeHash != null) {
      check32(lastEnvelopeHash);
    }
    if ((cursor.length != 0 && cursor.length != GO_CURSOR_LENGTH)
        || (lastEnvelopeHash == null && cursor.length != 0)) {
      throw new IllegalArgumentException("invalid cursor for the status-go form");
    }
    return new P2pRequestCompleteMessage(
        Form.BYTES,
        requestId.clone(),
        lastEnvelopeHash == null ? null : lastEnvelopeHash.clone(),
        cursor.clone(),
        null);
  }

  /** The status-go failure form {@code "ERROR=" || requestId || message}. */
  public static P2pRequestCompleteMessage failure(byte[] requestId, String message) {
    check32(requestId);
    if (message.getBytes(StandardCharsets.UTF_8).length > MAX_ERROR_BYTES) {
      throw new IllegalArgumentException("error message too long");
    }
    return new P2pRequestCompleteMessage(Form.BYTES, requestId.clone(), null, new byte[0], message);
  }

  private static void check32(byte[] b) {
    if (b.length != 32) {
      throw new IllegalArgumentException("expected 32 bytes, got " + b.length);
    }
  }

  public Form form() {
    return form;
  }

  public byte[] requestId() {
    return requestId.clone();
  }

  /** Absent in the status-go forms that omit it. */
  public Optional<byte[]> lastEnvelopeHash() {
    return Optional.ofNullable(lastEnvelopeHash).map(byte[]::clone);
  }

  /** Empty if absent. */
  public byte[] cursor() {
    return cursor.clone();
  }

  /** Present for the status-go failure form. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public byte[] encode() {
    if (form == Form.LIST) {
      RlpWriter w = new RlpWriter(80 + cursor.length);
      int l = w.startList();
      w.writeBytes(requestId).writeBytes(lastEnvelopeHash).writeBytes(cursor);
      w.endList(l);
      return w.toByteArray();
    }
    byte[] payload;
    if (error != null) {
      byte[] msg = error.getBytes(StandardCharsets.UTF_8);
      payload = new byte[ERROR_PREFIX.length + 32 + msg.length];
      System.arraycopy(ERROR_PREFIX, 0, payload, 0, ERROR_PREFIX.length);
      System.arraycopy(requestId, 0, payload, ERROR_PREFIX.length, 32);
      System.arraycopy(msg, 0, payload, ERROR_PREFIX.length + 32, msg.length);
    } else {
      int len = 32 + (lastEnvelopeHash == null ? 0 : 32) + cursor.length;
      payload = new byte[len];
      System.arraycopy(requestId, 0, payload, 0, 32);
      if (lastEnvelopeHash != null) {
        System.arraycopy(lastEnvelopeHash, 0, payload, 32, 32);
        System.arraycopy(cursor, 0, payload, 64, cursor.length);
      }
    }
    return Rlp.encodeString(payload);
  }

  /** Decodes either form. */
  public static P2pRequestCompleteMessage readFrom(byte[] msgData) throws WakuCodecException {
    try {
      RlpReader r = RlpReader.of(msgData);
      P2pRequestCompleteMessage m;
      if (r.nextIsList()) {
        RlpReader l = r.readList();
        byte[] requestId = l.readBytes(32);
        byte[] last = l.readBytes(32);
        byte[] cursor = l.readBytesMax(MAX_CURSOR_BYTES);
        l.requireEnd();
        m = new P2pRequestCompleteMessage(Form.LIST, requestId, last, cursor, null);
      } else {
        m = fromGoPayload(r.readBytesMax(ERROR_PREFIX.length + 32 + MAX_ERROR_BYTES));
      }
      r.requireEnd();
      return m;
    } catch (RlpException e) {
      throw new WakuCodecException("p2p request complete: " + e.getMessage(), e);
    }
  }

  private static P2pRequestCompleteMessage fromGoPayload(byte[] p) throws WakuCodecException {
    if (p.length >= ERROR_PREFIX.length + 32
        && Arrays.equals(p, 0, ERROR_PREFIX.length, ERROR_PREFIX, 0, ERROR_PREFIX.length)) {
      byte[] id = Arrays.copyOfRange(p, ERROR_PREFIX.length, ERROR_PREFIX.length + 32);
      String msg =
          new String(
              p,
              ERROR_PREFIX.length + 32,
              p.length - ERROR_PREFIX.length - 32,
              StandardCharsets.UTF_8);
      return new P2pRequestCompleteMessage(Form.BYTES, id, null, new byte[0], msg);
    }
    switch (p.length) {
      case 32:
        return new P2pRequestCompleteMessage(Form.BYTES, p, null, new byte[0], null);
      case 64:
      case 64 + GO_CURSOR_LENGTH:
        return new P2pRequestCompleteMessage(
            Form.BYTES,
            Arrays.copyOfRange(p, 0, 32),
            Arrays.copyOfRange(p, 32, 64),
            Arrays.copyOfRange(p, 64, p.length),
            null);
      default:
        throw new WakuCodecException(
            "p2p request complete: status-go payload of " + p.length + " bytes");
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof P2pRequestCompleteMessage)) {
      return false;
    }
    P2pRequestCompleteMessage m = (P2pRequestCompleteMessage) o;
    return form == m.form
        && Arrays.equals(requestId, m.requestId)
        && Arrays.equals(lastEnvelopeHash, m.lastEnvelopeHash)
        && Arrays.equals(cursor, m.cursor)
        && Objects.equals(error, m.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(form, Arrays.hashCode(requestId), Arrays.hashCode(cursor), error);
  }

  @Override
  public String toString() {
    return "P2pRequestCompleteMessage["
        + form
        + ", requestId="
        + Hex.encode(requestId)
        + (error != null ? ", error" : "")
        + "]";
  }
}

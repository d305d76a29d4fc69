package dev.causeway.v1.waku.message;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.rlp.RlpWriter;
import dev.causeway.v1.waku.envelope.EnvelopeHash;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Message Response (code 12): {@code [version = 1, [batchHash(32), [[envelopeHash(32), code,
 * description], …]]]} ({@code v1-waku.md} §2, §11), sent by a receiver with confirmations enabled
 * after each Messages packet.
 *
 * <p>Only version 1 exists; {@link #readFrom} rejects other versions with a {@link
 * WakuCodecException} (status-go ignores them — callers should treat this packet as optional).
 * Error codes differ between spec and status-go: see {@link EnvelopeError#isTimeSyncError()}.
 */
public final class MessageResponseMessage {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.MESSAGE_RESPONSE;

  /** The only defined response version. */
  public static final int VERSION = 1;

  /** WAKU1's "time sync error" code. */
  public static final long CODE_TIME_NOT_SYNCED_SPEC = 1;

  /** status-go's {@code EnvelopeTimeNotSynced} (21 by Go {@code iota} rules, §11). */
  public static final long CODE_TIME_NOT_SYNCED = 21;

  /** status-go's {@code EnvelopeOtherError} (22). */
  public static final long CODE_OTHER = 22;

  /** Longest description read (bytes). */
  public static final int MAX_DESCRIPTION_BYTES = 4096;

  /** Default bound on the number of error entries read. */
  public static final int DEFAULT_MAX_ERRORS = 1 << 17;

  /** One per-envelope error entry. */
  public record EnvelopeError(EnvelopeHash hash, long code, String description) {
    public EnvelopeError {
      if (hash == null || description == null) {
        throw new NullPointerException();
      }
    }

    /** True for codes 1 (spec) and 21 (status-go). */
    public boolean isTimeSyncError() {
      return code == CODE_TIME_NOT_SYNCED_SPEC || code == CODE_TIME_NOT_SYNCED;
    }
  }

  private final byte[] batchHash;
  private final List<EnvelopeError> errors;

  public MessageResponseMessage(byte[] batchHash, List<EnvelopeError> errors) {
    if (batchHash.length != 32) {
      throw new IllegalArgumentException("batch hash must be 32 bytes");
    }
    this.batchHash = batchHash.clone();
    this.errors = Collections.unmodifiableList(List.copyOf(errors));
  }

  /** The response to a received Messages packet with this msg-data. */
  public static MessageResponseMessage forBatch(
      byte[] messagesMsgData, List<EnvelopeError> errors) {
    return new MessageResponseMessage(Keccak256.hash(messagesMsgData), errors);
  }

  public byte[] batchHash() {
    return batchHash.clone();
  }

  public List<EnvelopeError> errors() {
    return errors;
  }

  public byte[] encode() {
    RlpWriter w = new RlpWriter(64 + 80 * errors.size());
    int outer = w.startList();
    w.writeLong(VERSION);
    int resp = w.startList();
    w.writeBytes(batchHash);
    int list = w.startList();
    for (EnvelopeError e : errors) {
      int l = w.startList();
      w.writeBytes(e.hash().bytes()).writeLong(e.code()).writeString(e.description());
      w.endList(l);
    }
    w.endList(list);
    w.endList(resp);
    w.endList(outer);
    return w.toByteArray();
  }

  /** {@link #readFrom(byte[], int)} with {@link #DEFAULT_MAX_ERRORS}. */
  public static MessageResponseMessage readFrom(byte[] msgData) throws WakuCodecException {
    return readFrom(msgData, DEFAULT_MAX_ERRORS);
  }

  /** Decodes msg-data with at most {@code maxErrors} error entries. */
  public static MessageResponseMessage readFrom(byte[] msgData, int maxErrors)
      throws WakuCodecException {
    try {
      RlpReader r = RlpReader.of(msgData);
      RlpReader outer = r.readList();
      r.requireEnd();
      long version = outer.readLong();
      if (version != VERSION) {
        throw new WakuCodecException("message response: unsupported version " + version);
      }
      RlpReader resp = outer.readList();
      outer.requireEnd();
      byte[] batchHash = resp.readBytes(32);
      RlpReader list = resp.readList();
      resp.requireEnd();
      List<EnvelopeError> errors = new ArrayList<>();
      while (list.hasNext()) {
        if (errors.size() >= maxErrors) {
          throw new WakuCodecException("message response: more than " + maxErrors + " errors");
        }
        RlpReader e = list.readList();
        EnvelopeHash hash = EnvelopeHash.of(e.readBytes(32));
        long code = e.readLong();
        String description =
            new String(e.readBytesMax(MAX_DESCRIPTION_BYTES), StandardCharsets.UTF_8);
        e.requireEnd();
        errors.add(new EnvelopeError(hash, code, description));
      }
      return new MessageResponseMessage(batchHash, errors);
    } catch (RlpException e) {
      throw new WakuCodecException("message response: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MessageResponseMessage)) {
      return false;
    }
    MessageResponseMessage m = (MessageResponseMessage) o;
    return Arrays.equals(m.batchHash, batchHash) && m.errors.equals(errors);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(batchHash) + errors.hashCode();
  }

  @Override
  public String toString() {
    return "MessageResponseMessage[batch="
        + Hex.encode(batchHash)
        + ", errors="
        + errors.size()
        + "]";
  }
}

package dev.causeway.v1.waku.message;

import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.rlp.RlpWriter;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.Optional;

/**
 * P2P Request (code 126): a mailserver history request ({@code v1-waku.md} §12.1). The msg-data is
 * either one envelope (spec, and the Status app's deprecated path; its data is an encrypted, signed
 * request) or, status-go only, a plain {@link MessagesRequest} list. Decoding tries the envelope
 * form first, like status-go.
 */
public final class P2pRequestMessage {
  /** Packet code relative to the Waku offset. */
  public static final int CODE = WakuV1MessageCodes.P2P_REQUEST;

  private final Envelope envelope;
  private final MessagesRequest request;

  private P2pRequestMessage(Envelope envelope, MessagesRequest request) {
    this.envelope = envelope;
    this.request = request;
  }

  /** The envelope form. */
  public static P2pRequestMessage ofEnvelope(Envelope envelope) {
    if (envelope == null) {
      throw new NullPointerException("envelope");
    }
    return new P2pRequestMessage(envelope, null);
  }

  /** The status-go plain request form. */
  public static P2pRequestMessage ofRequest(MessagesRequest request) {
    if (request == null) {
      throw new NullPointerException("request");
    }
    return new P2pRequestMessage(null, request);
  }

  /** Present for the envelope form. */
  public Optional<Envelope> envelope() {
    return Optional.ofNullable(envelope);
  }

  /** Present for the plain request form. */
  public Optional<MessagesRequest> request() {
    return Optional.ofNullable(request);
  }

  public byte[] encode() {
    if (envelope != null) {
      return envelope.encode();
    }
    RlpWriter w = new RlpWriter();
    request.writeTo(w);
    return w.toByteArray();
  }

  /**
   * Decodes either form.
   *
   * @throws WakuCodecException if the msg-data is neither a valid envelope nor a valid request
   */
  public static P2pRequestMessage readFrom(byte[] msgData) throws WakuCodecException {
    try {
      return ofEnvelope(Envelope.decode(msgData));
    } catch (WakuCodecException notAnEnvelope) {
      try {
        RlpReader r = RlpReader.of(msgData);
        MessagesRequest req = MessagesRequest.readFrom(r);
        r.requireEnd();
        return ofRequest(req);
      } catch (RlpException | WakuCodecException notARequest) {
        WakuCodecException e =
            new WakuCodecException(
                "p2p request: neither an envelope ("
                    + notAnEnvelope.getMessage()
                    + ") nor a messages request ("
                    + notARequest.getMessage()
                    + ")",
                notARequest);
        e.addSuppressed(notAnEnvelope);
        throw e;
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof P2pRequestMessage)) {
      return false;
    }
    P2pRequestMessage m = (P2pRequestMessage) o;
    return envelope != null ? envelope.equals(m.envelope) : request.equals(m.request);
  }

  @Override
  public int hashCode() {
    return envelope != null ? envelope.hashCode() : request.hashCode();
  }

  @Override
  public String toString() {
    return "P2pRequestMessage[" + (envelope != null ? envelope : request) + "]";
  }
}

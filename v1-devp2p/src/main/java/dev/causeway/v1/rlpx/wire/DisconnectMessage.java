package dev.causeway.v1.rlpx.wire;

import dev.causeway.v1.rlp.Rlp;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;

/**
 * The devp2p Disconnect message (id 0x01), msg-data {@code [reason]} (spec v1-rlpx-devp2p.md §7.2).
 *
 * <p>{@link #rawCode()} is the code on the wire; it differs from {@code reason().code()} only for
 * {@link DisconnectReason#UNKNOWN}, where it keeps the unrecognised code for logs.
 *
 * <p>Decoding accepts every form seen from real peers: {@code [reason]} (extra elements ignored), a
 * bare integer (older go-ethereum), a byte string that contains the list (nim-eth accepts it), the
 * empty list and empty msg-data (both read as {@link DisconnectReason#REQUESTED}, which is what
 * go-ethereum's struct decoding leaves in place). Bytes after the item are ignored. Anything that
 * is not RLP, or a reason that is a list or does not fit an int, is a {@link WireException}.
 */
public record DisconnectMessage(DisconnectReason reason, int rawCode) {

  public DisconnectMessage {
    if (reason == null) {
      throw new IllegalArgumentException("reason must not be null");
    }
    if (reason == DisconnectReason.UNKNOWN) {
      if (rawCode < 0 || DisconnectReason.of(rawCode) != DisconnectReason.UNKNOWN) {
        throw new IllegalArgumentException("UNKNOWN needs an undefined non-negative raw code");
      }
    } else if (rawCode != reason.code()) {
      throw new IllegalArgumentException("raw code " + rawCode + " does not match " + reason);
    }
  }

  /** A Disconnect for a defined reason (not {@link DisconnectReason#UNKNOWN}). */
  public DisconnectMessage(DisconnectReason reason) {
    this(reason, reason == null ? -1 : reason.code());
  }

  /** A Disconnect for any non-negative wire code, defined or not. */
  public static DisconnectMessage ofCode(int code) {
    return new DisconnectMessage(DisconnectReason.of(code), code);
  }

  /** Encodes the msg-data {@code [reason]}, e.g. {@code c1 04}. */
  public byte[] encode() {
    return Rlp.encodeList(Rlp.encodeLong(rawCode));
  }

  /**
   * Decodes Disconnect msg-data in any of the accepted forms.
   *
   * @throws WireException if the data is not RLP or the reason is not a non-negative int
   */
  public static DisconnectMessage readFrom(byte[] msgData) throws WireException {
    if (msgData.length == 0) {
      return new DisconnectMessage(DisconnectReason.REQUESTED);
    }
    try {
      RlpReader r = RlpReader.of(msgData);
      if (r.nextIsList()) {
        return fromList(r.readList());
      }
      RlpReader again = RlpReader.of(msgData);
      byte[] payload = r.readBytes();
      if (payload.length > 0 && (payload[0] & 0xff) >= 0xc0) {
        RlpReader nested = RlpReader.of(payload);
        RlpReader list = nested.readList();
        nested.requireEnd();
        return fromList(list);
      }
      return fromCode(again.readLong());
    } catch (RlpException e) {
      throw new WireException("malformed Disconnect: " + e.getMessage(), e);
    }
  }

  private static DisconnectMessage fromList(RlpReader list) throws RlpException, WireException {
    if (!list.hasNext()) {
      return new DisconnectMessage(DisconnectReason.REQUESTED);
    }
    return fromCode(list.readLong());
  }

  private static DisconnectMessage fromCode(long code) throws WireException {
    if (code < 0 || code > Integer.MAX_VALUE) {
      throw new WireException("Disconnect reason out of range: " + Long.toUnsignedString(code));
    }
    return ofCode((int) code);
  }

  @Override
  public String toString() {
    return "Disconnect[" + reason + (reason == DisconnectReason.UNKNOWN ? " " + rawCode : "") + "]";
  }
}

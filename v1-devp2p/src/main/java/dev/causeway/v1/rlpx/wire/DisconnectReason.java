package dev.causeway.v1.rlpx.wire;

/**
 * Disconnect reason codes of the devp2p base protocol (spec v1-rlpx-devp2p.md §7.2; identical in
 * go-ethereum and nim-eth). {@link #UNKNOWN} stands for any code not in the table.
 */
public enum DisconnectReason {
  REQUESTED(0x00),
  TCP_ERROR(0x01),
  BREACH_OF_PROTOCOL(0x02),
  USELESS_PEER(0x03),
  TOO_MANY_PEERS(0x04),
  ALREADY_CONNECTED(0x05),
  INCOMPATIBLE_VERSION(0x06),
  NULL_IDENTITY(0x07),
  CLIENT_QUITTING(0x08),
  UNEXPECTED_IDENTITY(0x09),
  CONNECTED_TO_SELF(0x0a),
  TIMEOUT(0x0b),
  SUBPROTOCOL_REASON(0x10),
  /** Any code without a defined meaning; {@link #code()} is -1. */
  UNKNOWN(-1);

  private static final DisconnectReason[] BY_CODE = new DisconnectReason[0x11];

  static {
    for (DisconnectReason r : values()) {
      if (r.code >= 0) {
        BY_CODE[r.code] = r;
      }
    }
  }

  private final int code;

  DisconnectReason(int code) {
    this.code = code;
  }

  /** The wire code, or -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** The reason for a wire code; {@link #UNKNOWN} for codes without a defined meaning. */
  public static DisconnectReason of(int code) {
    if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
      return UNKNOWN;
    }
    return BY_CODE[code];
  }
}

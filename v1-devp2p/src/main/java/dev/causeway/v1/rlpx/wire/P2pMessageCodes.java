package dev.causeway.v1.rlpx.wire;

/**
 * Message ids and versions of the devp2p base protocol ("p2p" capability), spec v1-rlpx-devp2p.md
 * §7 and §7.5.
 */
public final class P2pMessageCodes {
  public static final int HELLO = 0x00;
  public static final int DISCONNECT = 0x01;
  public static final int PING = 0x02;
  public static final int PONG = 0x03;

  /** Ids 0x00–0x0F belong to the base protocol; sub-protocol offsets start here (§7.4). */
  public static final int BASE_PROTOCOL_LENGTH = 16;

  /** The p2p protocol version we advertise in Hello (§7.1). */
  public static final int PROTOCOL_VERSION = 5;

  /** Snappy is used iff both Hellos carry at least this version (§7.5). */
  public static final int SNAPPY_PROTOCOL_VERSION = 5;

  private P2pMessageCodes() {}
}

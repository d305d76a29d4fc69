package dev.causeway.v1.rlpx.handshake;

import dev.causeway.common.crypto.Ecies;

/** Sizes and values of the RLPx handshake (spec {@code v1-rlpx-devp2p.md} §4.1–§4.4). */
public final class HandshakeConstants {
  /** Auth/ack version we send; a one-byte RLP item as nim-eth requires (§4.3). */
  public static final int VERSION = 4;

  /** Length of each side's nonce. */
  public static final int NONCE_LENGTH = 32;

  /** A legacy (pre-EIP-8) auth on the wire: 194 bytes of plaintext plus ECIES overhead. */
  public static final int LEGACY_AUTH_PACKET_LENGTH = AuthMessage.LEGACY_LENGTH + Ecies.OVERHEAD;

  /** A legacy (pre-EIP-8) ack on the wire: 97 bytes of plaintext plus ECIES overhead. */
  public static final int LEGACY_ACK_PACKET_LENGTH = AckMessage.LEGACY_LENGTH + Ecies.OVERHEAD;

  /** The big-endian size prefix of an EIP-8 packet. */
  public static final int SIZE_PREFIX_LENGTH = 2;

  /** Largest possible handshake packet: the 2-byte size prefix bounds it. */
  public static final int MAX_PACKET_LENGTH = 0xffff + SIZE_PREFIX_LENGTH;

  /**
   * EIP-8 padding we append, inclusive bounds. At least 100 (EIP-8's advice, and it keeps our auth
   * above the 307 bytes go-ethereum requires); at most 200 to stay inside nim-eth's fixed receive
   * buffers (§4.4).
   */
  public static final int MIN_PADDING = 100;

  public static final int MAX_PADDING = 200;

  private HandshakeConstants() {}
}

package dev.causeway.v1.rlpx.handshake;

import dev.causeway.common.crypto.Keccak256;
import java.util.Objects;

/**
 * What a completed RLPx handshake hands to the framing layer: the AES and MAC secrets, the two
 * running MAC sponges, and who the peer is (spec {@code v1-rlpx-devp2p.md} §4.5–§4.6).
 *
 * <p>{@link #egressMac()} and {@link #ingressMac()} return the <em>live</em> sponges, already
 * initialised with {@code (mac-secret ^ nonce) ‖ packet}; the same instance is returned on every
 * call and the framer takes ownership of it. Byte-array accessors return copies. Not thread-safe.
 */
public final class HandshakeSecrets {
  private final byte[] aesSecret;
  private final byte[] macSecret;
  private final Keccak256 egressMac;
  private final Keccak256 ingressMac;
  private final byte[] remoteNodeId;
  private final boolean initiator;

  /**
   * Secrets as {@link Handshaker} derives them; public so framing code can be tested with fixed
   * secrets (e.g. the frame vector of spec §6.3). The sponges are taken over, not copied.
   */
  public HandshakeSecrets(
      byte[] aesSecret,
      byte[] macSecret,
      Keccak256 egressMac,
      Keccak256 ingressMac,
      byte[] remoteNodeId,
      boolean initiator) {
    AuthMessage.requireLength(aesSecret, 32, "aes secret");
    AuthMessage.requireLength(macSecret, 32, "mac secret");
    AuthMessage.requireLength(remoteNodeId, 64, "remote node id");
    this.aesSecret = aesSecret.clone();
    this.macSecret = macSecret.clone();
    this.egressMac = Objects.requireNonNull(egressMac, "egressMac");
    this.ingressMac = Objects.requireNonNull(ingressMac, "ingressMac");
    this.remoteNodeId = remoteNodeId.clone();
    this.initiator = initiator;
  }

  /** The 32-byte AES-256-CTR key for frame encryption (both directions). */
  public byte[] aesSecret() {
    return aesSecret.clone();
  }

  /** The 32-byte AES-256-ECB key for frame MAC seeds. */
  public byte[] macSecret() {
    return macSecret.clone();
  }

  /** The live egress MAC sponge (same instance on every call). */
  public Keccak256 egressMac() {
    return egressMac;
  }

  /** The live ingress MAC sponge (same instance on every call). */
  public Keccak256 ingressMac() {
    return ingressMac;
  }

  /** The peer's 64-byte raw static public key (node id). */
  public byte[] remoteNodeId() {
    return remoteNodeId.clone();
  }

  /** True if we opened the connection (sent auth). */
  public boolean initiator() {
    return initiator;
  }

  @Override
  public String toString() {
    return "HandshakeSecrets{initiator=" + initiator + "}";
  }
}

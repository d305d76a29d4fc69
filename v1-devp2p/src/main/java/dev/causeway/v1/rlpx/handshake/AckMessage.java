package dev.causeway.v1.rlpx.handshake;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.rlp.RlpWriter;
import java.util.Arrays;
import java.util.List;

/**
 * The plaintext of the RLPx {@code ack} message the recipient answers with: its ephemeral public
 * key and its nonce.
 *
 * <p>Two encodings exist (spec {@code v1-rlpx-devp2p.md} §4.2 and §4.3): the legacy fixed 97-byte
 * layout and the EIP-8 RLP list {@code [ephemeral-pubkey, nonce, version, ...extras]}. This class
 * only deals with plaintext; encryption, padding and the size prefix belong to {@link Handshaker}.
 * The decoders assume nothing about their input: every failure is a {@link HandshakeException}.
 */
public final class AckMessage {
  /*
   * Design: same leniency rules as AuthMessage (see there): version value, extra elements and
   * trailing padding are ignored; lengths and RLP canonicality are enforced.
   */

  /** Length of the legacy plaintext: ephemeral-pub(64) ‖ nonce(32) ‖ 0. */
  public static final int LEGACY_LENGTH = 64 + 32 + 1;

  private static final byte[] NO_EXTRAS = new byte[0];

  private final byte[] ephemeralPublicKey;
  private final byte[] recipientNonce;
  private final long version;
  private final byte[] extraElements;

  /** An ack message with our version and no extra elements. */
  public AckMessage(byte[] ephemeralPublicKey, byte[] recipientNonce) {
    this(ephemeralPublicKey, recipientNonce, HandshakeConstants.VERSION, NO_EXTRAS);
  }

  /**
   * An ack message with any version (unsigned) and extra elements, given as the concatenated
   * complete RLP encodings of the items that follow the version in the EIP-8 list.
   */
  public AckMessage(
      byte[] ephemeralPublicKey, byte[] recipientNonce, long version, byte[] extraElements) {
    AuthMessage.requireLength(
        ephemeralPublicKey, Secp256k1.PUBLIC_KEY_LENGTH, "recipient ephemeral key");
    AuthMessage.requireLength(recipientNonce, HandshakeConstants.NONCE_LENGTH, "recipient nonce");
    this.ephemeralPublicKey = ephemeralPublicKey.clone();
    this.recipientNonce = recipientNonce.clone();
    this.version = version;
    this.extraElements = extraElements.clone();
  }

  /** The recipient's raw 64-byte ephemeral public key. */
  public byte[] ephemeralPublicKey() {
    return ephemeralPublicKey.clone();
  }

  public byte[] recipientNonce() {
    return recipientNonce.clone();
  }

  /** The version element as sent (unsigned); receivers ignore it. Legacy acks report 4. */
  public long version() {
    return version;
  }

  /** The extra EIP-8 list elements after the version, each as its complete RLP encoding. */
  public List<byte[]> extraElements() {
    return AuthMessage.splitItems(extraElements);
  }

  /** The EIP-8 body: the RLP list {@code [ephemeral-pubkey, nonce, version, ...extras]}. */
  public byte[] encodeEip8Body() {
    RlpWriter w = new RlpWriter(110 + extraElements.length);
    int list = w.startList();
    w.writeBytes(ephemeralPublicKey).writeBytes(recipientNonce);
    w.writeLong(version).writeRaw(extraElements);
    w.endList(list);
    return w.toByteArray();
  }

  /** The legacy 97-byte plaintext. */
  public byte[] encodeLegacy() {
    byte[] out = new byte[LEGACY_LENGTH];
    System.arraycopy(ephemeralPublicKey, 0, out, 0, 64);
    System.arraycopy(recipientNonce, 0, out, 64, 32);
    out[96] = 0;
    return out;
  }

  /**
   * Decodes an EIP-8 plaintext: the RLP list at its start; anything after the list (padding) is
   * ignored, as are the version value and any extra elements.
   */
  public static AckMessage readFromEip8(byte[] plaintext) throws HandshakeException {
    try {
      RlpReader list = RlpReader.of(plaintext).readList();
      byte[] eph = list.readBytes(Secp256k1.PUBLIC_KEY_LENGTH);
      byte[] nonce = list.readBytes(HandshakeConstants.NONCE_LENGTH);
      long version = AuthMessage.readVersion(list);
      byte[] extras = AuthMessage.readExtras(list);
      return new AckMessage(eph, nonce, version, extras);
    } catch (RlpException e) {
      throw new HandshakeException("malformed EIP-8 ack: " + e.getMessage(), e);
    }
  }

  /** Decodes the legacy 97-byte plaintext; the trailing flag byte is ignored. */
  public static AckMessage readFromLegacy(byte[] plaintext) throws HandshakeException {
    if (plaintext.length != LEGACY_LENGTH) {
      throw new HandshakeException(
          "legacy ack must be " + LEGACY_LENGTH + " bytes, got " + plaintext.length);
    }
    return new AckMessage(
        Arrays.copyOfRange(plaintext, 0, 64),
        Arrays.copyOfRange(plaintext, 64, 96),
        HandshakeConstants.VERSION,
        NO_EXTRAS);
  }

  @Override
  public String toString() {
    return "AckMessage{version=" + Long.toUnsignedString(version) + "}";
  }
}

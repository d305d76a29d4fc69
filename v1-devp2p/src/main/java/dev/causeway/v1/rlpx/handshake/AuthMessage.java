package dev.causeway.v1.rlpx.handshake;

import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.v1.rlp.RlpException;
import dev.causeway.v1.rlp.RlpReader;
import dev.causeway.v1.rlp.RlpWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The plaintext of the RLPx {@code auth} message the initiator sends: its signature over {@code
 * static-shared-secret ^ initiator-nonce}, its static public key and its nonce.
 *
 * <p>Two encodings exist (spec {@code v1-rlpx-devp2p.md} §4.2 and §4.3): the legacy fixed 194-byte
 * layout and the EIP-8 RLP list {@code [sig, pubkey, nonce, version, ...extras]}. This class only
 * deals with plaintext; encryption, padding and the size prefix belong to {@link Handshaker}. The
 * decoders assume nothing about their input: every failure is a {@link HandshakeException}.
 */
public final class AuthMessage {
  /*
   * Design: the EIP-8 decoder is lenient where the spec says receivers must be (any version value,
   * extra list elements, padding after the list) and strict where nothing is gained by leniency
   * (field lengths, canonical RLP, the version being present and a string, as go-ethereum
   * demands). Extra elements are kept as one concatenated raw slice rather than a list of arrays
   * so a hostile packet full of one-byte items costs one copy, not thousands of objects.
   */

  /** Length of the legacy plaintext: sig(65) ‖ keccak(ephemeral-pub)(32) ‖ pub(64) ‖ nonce ‖ 0. */
  public static final int LEGACY_LENGTH = 65 + 32 + 64 + 32 + 1;

  private static final byte[] NO_EXTRAS = new byte[0];

  private final byte[] signature;
  private final byte[] initiatorPublicKey;
  private final byte[] initiatorNonce;
  private final long version;
  private final byte[] extraElements;

  /** An auth message with our version and no extra elements. */
  public AuthMessage(byte[] signature, byte[] initiatorPublicKey, byte[] initiatorNonce) {
    this(signature, initiatorPublicKey, initiatorNonce, HandshakeConstants.VERSION, NO_EXTRAS);
  }

  /**
   * An auth message with any version (unsigned) and extra elements, given as the concatenated
   * complete RLP encodings of the items that follow the version in the EIP-8 list.
   */
  public AuthMessage(
      byte[] signature,
      byte[] initiatorPublicKey,
      byte[] initiatorNonce,
      long version,
      byte[] extraElements) {
    requireLength(signature, Secp256k1.SIGNATURE_LENGTH, "signature");
    requireLength(initiatorPublicKey, Secp256k1.PUBLIC_KEY_LENGTH, "initiator public key");
    requireLength(initiatorNonce, HandshakeConstants.NONCE_LENGTH, "initiator nonce");
    this.signature = signature.clone();
    this.initiatorPublicKey = initiatorPublicKey.clone();
    this.initiatorNonce = initiatorNonce.clone();
    this.version = version;
    this.extraElements = extraElements.clone();
  }

  /** The 65-byte recoverable signature {@code r ‖ s ‖ v}. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The initiator's raw 64-byte static public key (its node id). */
  public byte[] initiatorPublicKey() {
    return initiatorPublicKey.clone();
  }

  public byte[] initiatorNonce() {
    return initiatorNonce.clone();
  }

  /** The version element as sent (unsigned); receivers ignore it. Legacy auths report 4. */
  public long version() {
    return version;
  }

  /** The extra EIP-8 list elements after the version, each as its complete RLP encoding. */
  public List<byte[]> extraElements() {
    return splitItems(extraElements);
  }

  /** The EIP-8 body: the RLP list {@code [sig, pubkey, nonce, version, ...extras]}, unpadded. */
  public byte[] encodeEip8Body() {
    RlpWriter w = new RlpWriter(180 + extraElements.length);
    int list = w.startList();
    w.writeBytes(signature).writeBytes(initiatorPublicKey).writeBytes(initiatorNonce);
    w.writeLong(version).writeRaw(extraElements);
    w.endList(list);
    return w.toByteArray();
  }

  /**
   * The legacy 194-byte plaintext. It carries {@code keccak256(initiator-ephemeral-pubkey)}, which
   * receivers ignore but which the layout requires, so the caller supplies that key.
   */
  public byte[] encodeLegacy(byte[] initiatorEphemeralPublicKey) {
    requireLength(
        initiatorEphemeralPublicKey, Secp256k1.PUBLIC_KEY_LENGTH, "initiator ephemeral key");
    byte[] out = new byte[LEGACY_LENGTH];
    System.arraycopy(signature, 0, out, 0, 65);
    System.arraycopy(Keccak256.hash(initiatorEphemeralPublicKey), 0, out, 65, 32);
    System.arraycopy(initiatorPublicKey, 0, out, 97, 64);
    System.arraycopy(initiatorNonce, 0, out, 161, 32);
    out[193] = 0;
    return out;
  }

  /**
   * Decodes an EIP-8 plaintext: the RLP list at its start; anything after the list (padding) is
   * ignored, as are the version value and any extra elements.
   */
  public static AuthMessage readFromEip8(byte[] plaintext) throws HandshakeException {
    try {
      RlpReader list = RlpReader.of(plaintext).readList();
      byte[] sig = list.readBytes(Secp256k1.SIGNATURE_LENGTH);
      byte[] pub = list.readBytes(Secp256k1.PUBLIC_KEY_LENGTH);
      byte[] nonce = list.readBytes(HandshakeConstants.NONCE_LENGTH);
      long version = readVersion(list);
      byte[] extras = readExtras(list);
      return new AuthMessage(sig, pub, nonce, version, extras);
    } catch (RlpException e) {
      throw new HandshakeException("malformed EIP-8 auth: " + e.getMessage(), e);
    }
  }

  /** Decodes the legacy 194-byte plaintext; the ephemeral-key hash and the flag are ignored. */
  public static AuthMessage readFromLegacy(byte[] plaintext) throws HandshakeException {
    if (plaintext.length != LEGACY_LENGTH) {
      throw new HandshakeException(
          "legacy auth must be " + LEGACY_LENGTH + " bytes, got " + plaintext.length);
    }
    return new AuthMessage(
        Arrays.copyOfRange(plaintext, 0, 65),
        Arrays.copyOfRange(plaintext, 97, 161),
        Arrays.copyOfRange(plaintext, 161, 193),
        HandshakeConstants.VERSION,
        NO_EXTRAS);
  }

  /**
   * Reads the version element: required, a byte string of at most 8 bytes, value otherwise
   * unchecked (nim-eth builds send 4 or 5, EIP-8 test vectors 56/57).
   */
  static long readVersion(RlpReader list) throws RlpException {
    byte[] v = list.readBytesMax(8);
    long value = 0;
    for (byte b : v) {
      value = (value << 8) | (b & 0xff);
    }
    return value;
  }

  /** Validates the remaining items of {@code list} and returns their encodings concatenated. */
  static byte[] readExtras(RlpReader list) throws RlpException {
    if (!list.hasNext()) {
      return NO_EXTRAS;
    }
    int start = list.position();
    while (list.hasNext()) {
      list.skip();
    }
    return Arrays.copyOfRange(list.array(), start, list.position());
  }

  static List<byte[]> splitItems(byte[] concatenated) {
    if (concatenated.length == 0) {
      return List.of();
    }
    List<byte[]> items = new ArrayList<>();
    RlpReader r = RlpReader.of(concatenated);
    try {
      while (r.hasNext()) {
        items.add(r.readRaw());
      }
    } catch (RlpException e) {
      throw new IllegalArgumentException("extra elements are not a sequence of RLP items", e);
    }
    return Collections.unmodifiableList(items);
  }

  static void requireLength(byte[] b, int length, String what) {
    if (b.length != length) {
      throw new IllegalArgumentException(what + " must be " + length + " bytes, got " + b.length);
    }
  }

  @Override
  public String toString() {
    return "AuthMessage{version=" + Long.toUnsignedString(version) + "}";
  }
}

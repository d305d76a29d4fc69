package dev.causeway.libp2p.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.causeway.libp2p.crypto.KeyException;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.crypto.PubKey;
import dev.causeway.libp2p.noise.pb.NoiseProto;
import java.util.List;

/**
 * The libp2p NoiseHandshakePayload carried in messages B and C (spec libp2p-core.md §5.3): the
 * sender's marshalled identity key and its signature over {@code "noise-libp2p-static-key:" ‖
 * static X25519 public key}. We never send {@code extensions}; a received {@code stream_muxers}
 * list is parsed (so malformed extensions are rejected) and exposed, but callers ignore it.
 *
 * <p>{@link #readFrom} assumes its input was bounded by the 65535-byte Noise message limit.
 */
final class HandshakePayload {
  private final byte[] identityKey;
  private final byte[] identitySig;
  private final List<String> streamMuxers;

  private HandshakePayload(byte[] identityKey, byte[] identitySig, List<String> streamMuxers) {
    this.identityKey = identityKey;
    this.identitySig = identitySig;
    this.streamMuxers = streamMuxers;
  }

  /** The payload for {@code identity} vouching for our static X25519 public key. */
  static HandshakePayload sign(PrivKey identity, byte[] staticPublicKey) {
    return new HandshakePayload(
        identity.publicKey().marshal(), identity.sign(signedData(staticPublicKey)), List.of());
  }

  /** {@code identity_key} then {@code identity_sig}; no extensions. */
  byte[] encode() {
    return NoiseProto.NoiseHandshakePayload.newBuilder()
        .setIdentityKey(ByteString.copyFrom(identityKey))
        .setIdentitySig(ByteString.copyFrom(identitySig))
        .build()
        .toByteArray();
  }

  static HandshakePayload readFrom(byte[] bytes) throws NoiseException {
    NoiseProto.NoiseHandshakePayload pb;
    try {
      pb = NoiseProto.NoiseHandshakePayload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new NoiseException(
          NoiseException.Reason.BAD_PAYLOAD, "malformed NoiseHandshakePayload", e);
    }
    if (!pb.hasIdentityKey()) {
      throw new NoiseException(NoiseException.Reason.BAD_PAYLOAD, "payload lacks identity_key");
    }
    if (!pb.hasIdentitySig()) {
      throw new NoiseException(NoiseException.Reason.BAD_PAYLOAD, "payload lacks identity_sig");
    }
    List<String> muxers =
        pb.hasExtensions() ? List.copyOf(pb.getExtensions().getStreamMuxersList()) : List.of();
    return new HandshakePayload(
        pb.getIdentityKey().toByteArray(), pb.getIdentitySig().toByteArray(), muxers);
  }

  /**
   * Unmarshals the identity key and checks the signature over {@code remoteStatic}, the static key
   * actually received in the handshake.
   */
  PubKey verify(byte[] remoteStatic) throws NoiseException {
    PubKey key;
    try {
      key = Keys.unmarshalPublicKey(identityKey);
    } catch (KeyException e) {
      throw new NoiseException(
          NoiseException.Reason.BAD_IDENTITY_KEY, "bad identity key: " + e.getMessage(), e);
    }
    if (!key.verify(signedData(remoteStatic), identitySig)) {
      throw new NoiseException(
          NoiseException.Reason.BAD_SIGNATURE, "identity signature over the static key is invalid");
    }
    return key;
  }

  List<String> streamMuxers() {
    return streamMuxers;
  }

  static byte[] signedData(byte[] staticPublicKey) {
    byte[] prefix = NoiseConstants.SIGNATURE_PREFIX;
    byte[] data = new byte[prefix.length + staticPublicKey.length];
    System.arraycopy(prefix, 0, data, 0, prefix.length);
    System.arraycopy(staticPublicKey, 0, data, prefix.length, staticPublicKey.length);
    return data;
  }
}

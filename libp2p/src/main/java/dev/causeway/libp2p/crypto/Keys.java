package dev.causeway.libp2p.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.causeway.libp2p.crypto.pb.KeysProto;
import java.security.SecureRandom;

/**
 * Factories and the protobuf (un)marshalling of libp2p keys (spec libp2p-core.md §3.1). Ed25519 and
 * secp256k1 are supported; RSA and ECDSA keys are recognised and rejected with a {@link
 * KeyException} (no Waku peer uses them).
 */
public final class Keys {
  /** Largest marshalled key we parse (an RSA-4096 public key is ~550 bytes). */
  public static final int MAX_KEY_BYTES = 1024;

  private Keys() {}

  public static PrivKey generateEd25519(SecureRandom random) {
    return Ed25519Keys.generate(random);
  }

  public static PrivKey generateSecp256k1(SecureRandom random) {
    return Secp256k1Keys.generate(random);
  }

  /** A secp256k1 identity from a 32-byte scalar (the form of an nwaku {@code --nodekey}). */
  public static PrivKey secp256k1(byte[] privateKey32) {
    return Secp256k1Keys.fromPrivate(privateKey32);
  }

  /** An Ed25519 identity from a 32-byte seed. */
  public static PrivKey ed25519(byte[] seed32) {
    return Ed25519Keys.fromSeed(seed32);
  }

  static byte[] marshal(KeyType type, byte[] data, boolean isPrivate) {
    KeysProto.KeyType t = KeysProto.KeyType.forNumber(type.number());
    return isPrivate
        ? KeysProto.PrivateKey.newBuilder()
            .setType(t)
            .setData(ByteString.copyFrom(data))
            .build()
            .toByteArray()
        : KeysProto.PublicKey.newBuilder()
            .setType(t)
            .setData(ByteString.copyFrom(data))
            .build()
            .toByteArray();
  }

  /** Parses a PublicKey protobuf. */
  public static PubKey unmarshalPublicKey(byte[] bytes) throws KeyException {
    if (bytes.length > MAX_KEY_BYTES) {
      throw new KeyException("public key of " + bytes.length + " bytes is too large");
    }
    KeysProto.PublicKey pb;
    try {
      pb = KeysProto.PublicKey.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new KeyException("malformed PublicKey protobuf", e);
    }
    byte[] data = pb.getData().toByteArray();
    return switch (KeyType.of(pb.getType().getNumber())) {
      case ED25519 -> Ed25519Keys.publicKey(data);
      case SECP256K1 -> Secp256k1Keys.publicKey(data);
      default -> throw new KeyException("unsupported key type " + pb.getType());
    };
  }

  /** Parses a PrivateKey protobuf. */
  public static PrivKey unmarshalPrivateKey(byte[] bytes) throws KeyException {
    if (bytes.length > MAX_KEY_BYTES) {
      throw new KeyException("private key of " + bytes.length + " bytes is too large");
    }
    KeysProto.PrivateKey pb;
    try {
      pb = KeysProto.PrivateKey.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new KeyException("malformed PrivateKey protobuf", e);
    }
    byte[] data = pb.getData().toByteArray();
    return switch (KeyType.of(pb.getType().getNumber())) {
      case ED25519 -> Ed25519Keys.privateKey(data);
      case SECP256K1 -> {
        if (data.length != 32) {
          throw new KeyException("secp256k1 private key must be 32 bytes");
        }
        try {
          yield Secp256k1Keys.fromPrivate(data);
        } catch (IllegalArgumentException e) {
          throw new KeyException("secp256k1 private key out of range", e);
        }
      }
      default -> throw new KeyException("unsupported key type " + pb.getType());
    };
  }
}

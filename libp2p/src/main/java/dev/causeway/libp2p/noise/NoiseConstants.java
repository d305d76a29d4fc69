package dev.causeway.libp2p.noise;

import java.nio.charset.StandardCharsets;

/** Constants of libp2p Noise (spec libp2p-core.md §5). */
public final class NoiseConstants {
  /** The multistream protocol id of the security protocol. */
  public static final String PROTOCOL_ID = "/noise";

  /** The Noise protocol name; exactly 32 ASCII bytes, so it is used as the initial h unhashed. */
  public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

  /** X25519 public/private key and shared secret length. */
  public static final int DH_LEN = 32;

  /** SHA-256 output length. */
  public static final int HASH_LEN = 32;

  /** Poly1305 tag length. */
  public static final int TAG_LEN = 16;

  /** Largest Noise message (handshake or transport), excluding the 2-byte length prefix. */
  public static final int MAX_MESSAGE = 65535;

  /** Largest transport plaintext per frame: {@code MAX_MESSAGE - TAG_LEN}. */
  public static final int MAX_PLAINTEXT = MAX_MESSAGE - TAG_LEN;

  /** Length of the big-endian length prefix of every Noise message on the wire. */
  public static final int LENGTH_PREFIX = 2;

  /** The prefix of the data an identity key signs: {@code "noise-libp2p-static-key:"}. */
  static final byte[] SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

  private NoiseConstants() {}
}

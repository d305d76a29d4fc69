package dev.causeway.libp2p.peer;

import dev.causeway.libp2p.crypto.KeyException;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PubKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A libp2p peer id: the multihash of the marshalled public key — identity multihash when the
 * protobuf is at most 42 bytes (Ed25519, secp256k1), SHA-256 otherwise (spec libp2p-core.md §3.2,
 * §3.3). Text form is base58btc; CIDv1 ({@code b…} base32, codec libp2p-key) is parsed too.
 */
public final class PeerId {
  static final int IDENTITY = 0x00;
  static final int SHA2_256 = 0x12;

  /** Identity multihash keys up to this many bytes. */
  static final int MAX_INLINE_KEY = 42;

  private static final int MAX_TEXT = 128;

  private final byte[] bytes;
  private final int hash;

  private PeerId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  public static PeerId fromPublicKey(PubKey key) {
    byte[] pb = key.marshal();
    if (pb.length <= MAX_INLINE_KEY) {
      byte[] mh = new byte[2 + pb.length];
      mh[0] = IDENTITY;
      mh[1] = (byte) pb.length;
      System.arraycopy(pb, 0, mh, 2, pb.length);
      return new PeerId(mh);
    }
    byte[] mh = new byte[34];
    mh[0] = SHA2_256;
    mh[1] = 32;
    System.arraycopy(sha256(pb), 0, mh, 2, 32);
    return new PeerId(mh);
  }

  /**
   * A peer id from its binary multihash.
   *
   * @throws IllegalArgumentException if it is not an identity (≤ 42 bytes) or SHA-256 multihash
   */
  public static PeerId fromBytes(byte[] multihash) {
    if (multihash.length < 2) {
      throw new IllegalArgumentException("peer id too short");
    }
    int code = multihash[0] & 0xff;
    int len = multihash[1] & 0xff;
    if (len >= 0x80) {
      throw new IllegalArgumentException("peer id multihash length too large");
    }
    if (multihash.length != 2 + len) {
      throw new IllegalArgumentException("peer id multihash length mismatch");
    }
    if (code == IDENTITY && len <= MAX_INLINE_KEY) {
      return new PeerId(multihash.clone());
    }
    if (code == SHA2_256 && len == 32) {
      return new PeerId(multihash.clone());
    }
    throw new IllegalArgumentException(
        "unsupported peer id multihash 0x" + Integer.toHexString(code));
  }

  /**
   * Parses base58btc ({@code 12D3KooW…}, {@code 16Uiu2HA…}, {@code Qm…}) or a base32 CIDv1.
   *
   * @throws IllegalArgumentException if the text is not a valid peer id
   */
  public static PeerId parse(String text) {
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("peer id text too long");
    }
    if (text.startsWith("1") || text.startsWith("Qm")) {
      return fromBytes(Base58.decode(text, MAX_TEXT));
    }
    if (text.startsWith("b")) {
      byte[] cid = Base32.decode(text.substring(1).toLowerCase(Locale.ROOT));
      if (cid.length < 3 || cid[0] != 0x01 || (cid[1] & 0xff) != 0x72) {
        throw new IllegalArgumentException("not a CIDv1 libp2p-key");
      }
      return fromBytes(Arrays.copyOfRange(cid, 2, cid.length));
    }
    throw new IllegalArgumentException("unrecognised peer id text");
  }

  /** The binary multihash. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public String toBase58() {
    return Base58.encode(bytes);
  }

  /** The CIDv1 text form ({@code bafz…}). */
  public String toCid() {
    byte[] cid = new byte[2 + bytes.length];
    cid[0] = 0x01;
    cid[1] = 0x72;
    System.arraycopy(bytes, 0, cid, 2, bytes.length);
    return "b" + Base32.encode(cid);
  }

  /** The public key, when inlined (identity multihash). */
  public Optional<PubKey> publicKey() {
    if ((bytes[0] & 0xff) != IDENTITY) {
      return Optional.empty();
    }
    try {
      return Optional.of(Keys.unmarshalPublicKey(Arrays.copyOfRange(bytes, 2, bytes.length)));
    } catch (KeyException e) {
      return Optional.empty();
    }
  }

  /** True if {@code key} hashes to this id. */
  public boolean matches(PubKey key) {
    return equals(fromPublicKey(key));
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId p && Arrays.equals(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}

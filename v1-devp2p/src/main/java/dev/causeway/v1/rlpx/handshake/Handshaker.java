package dev.causeway.v1.rlpx.handshake;

import dev.causeway.common.crypto.CryptoException;
import dev.causeway.common.crypto.Ecies;
import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.crypto.Secp256k1;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The RLPx encrypted handshake (auth/ack) as a pure state machine for either role: it produces the
 * packets to send and consumes the packets received, and never touches a socket (spec {@code
 * v1-rlpx-devp2p.md} §4).
 *
 * <p>The initiator calls {@link #initiate()}, sends the bytes, then feeds the reply to {@link
 * #handlePacket}. The responder feeds the auth to {@link #handlePacket} and sends what it returns.
 * {@link #nextPacketLength} tells a stream reader how many bytes the next packet needs (§4.4); the
 * bytes handed to {@link #handlePacket} must be exactly one packet. Received packets are copied, so
 * the caller may reuse its buffers. Once {@link State#COMPLETE}, {@link #secrets()} hands the
 * framing layer its keys and MAC states.
 *
 * <p>Sends EIP-8 as initiator; as responder accepts legacy and EIP-8 auths and answers in the same
 * format; as initiator accepts either ack format. Anything the peer gets wrong raises {@link
 * HandshakeException} and moves the handshake to {@link State#FAILED}; calling a method in a state
 * where it is not listed as legal is a programming error and raises {@link IllegalStateException}.
 * Not thread-safe: drive it from one thread (the channel's event loop).
 */
public final class Handshaker {
  /*
   * Design notes.
   *
   * Format detection (§4.4) follows go-ethereum: a receiver cannot know the format before it has
   * the legacy length (307 auth / 210 ack) in hand, so nextPacketLength answers -1 until then, then
   * trial-decrypts those bytes as a legacy packet, and only when that fails reads the 2-byte EIP-8
   * size. The trial costs one ECDH, so its outcome is cached together with the bytes it was made
   * on; handlePacket reuses it when given the same bytes, and a stream reader that polls with a
   * growing buffer pays once. Legacy packets begin with the ECIES 0x04 point prefix, so any other
   * first byte skips the trial entirely.
   *
   * Size rule: go-ethereum rejects EIP-8 sizes below the legacy length, but nim-eth can send an
   * auth-size of 306 (308 bytes on the wire). We accept every EIP-8 packet whose total length
   * (size + 2) is at least the legacy length, which is exactly the set a receiver that first reads
   * the legacy length can handle without over-reading; smaller ones are rejected as impossible.
   *
   * Randomness: the ephemeral key and nonce are fixed at construction (so the deterministic
   * factories can reproduce published vectors); the SecureRandom given is used afterwards only for
   * EIP-8 padding and the ECIES ephemeral key and IV of our packet.
   *
   * MAC initialisation (§4.6) absorbs the complete packets as they crossed the wire, size prefix
   * and padding included, which is why both packets are kept until the secrets are derived.
   */

  /** Where a handshake stands, and which calls are legal there. */
  public enum State {
    /**
     * Initiator, nothing sent yet. Legal: {@link #initiate()}, {@link #state()}, {@link
     * #isComplete()}, {@link #remoteNodeId()}.
     */
    READY_TO_INITIATE,
    /**
     * Responder waiting for the initiator's auth. Legal: {@link #nextPacketLength} and {@link
     * #handlePacket} with the auth bytes; {@link #remoteNodeId()} is not known yet.
     */
    AWAITING_AUTH,
    /**
     * Initiator has produced its auth and waits for the ack. Legal: {@link #nextPacketLength} and
     * {@link #handlePacket} with the ack bytes, {@link #remoteNodeId()}.
     */
    AWAITING_ACK,
    /**
     * Both packets exchanged (the responder still has to send the ack {@link #handlePacket}
     * returned). Legal: {@link #secrets()}, {@link #remoteNodeId()}. No more packets.
     */
    COMPLETE,
    /**
     * A received packet was rejected. Terminal: {@link #nextPacketLength} and {@link #handlePacket}
     * throw {@link HandshakeException} again; close the connection.
     */
    FAILED
  }

  private final boolean initiator;
  private final Secp256k1.KeyPair staticKey;
  private final Secp256k1.KeyPair ephemeral;
  private final byte[] nonce;
  private final SecureRandom random;
  private final int legacyPacketLength;

  private State state;
  private byte[] remoteNodeId;
  private byte[] authPacket;
  private HandshakeSecrets secrets;

  // Cache of the last legacy trial decryption: the bytes tried and the plaintext (null = not
  // legacy).
  private byte[] trialBytes;
  private byte[] trialPlaintext;

  private Handshaker(
      boolean initiator,
      Secp256k1.KeyPair staticKey,
      byte[] remoteNodeId,
      Secp256k1.KeyPair ephemeral,
      byte[] nonce,
      SecureRandom random) {
    this.initiator = initiator;
    this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
    this.ephemeral = Objects.requireNonNull(ephemeral, "ephemeral");
    this.random = Objects.requireNonNull(random, "random");
    if (nonce.length != HandshakeConstants.NONCE_LENGTH) {
      throw new IllegalArgumentException("nonce must be 32 bytes, got " + nonce.length);
    }
    this.nonce = nonce.clone();
    this.legacyPacketLength =
        initiator
            ? HandshakeConstants.LEGACY_ACK_PACKET_LENGTH
            : HandshakeConstants.LEGACY_AUTH_PACKET_LENGTH;
    if (initiator) {
      if (remoteNodeId.length != Secp256k1.PUBLIC_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "remote node id must be 64 bytes, got " + remoteNodeId.length);
      }
      try {
        Secp256k1.decodePoint(remoteNodeId);
      } catch (CryptoException e) {
        throw new IllegalArgumentException("remote node id is not a secp256k1 public key", e);
      }
      this.remoteNodeId = remoteNodeId.clone();
      this.state = State.READY_TO_INITIATE;
    } else {
      this.state = State.AWAITING_AUTH;
    }
  }

  /**
   * An initiator towards {@code remoteNodeId} (64-byte raw public key) with a fresh ephemeral key
   * and nonce drawn from {@code random}.
   *
   * @throws IllegalArgumentException if {@code remoteNodeId} is not a valid public key
   */
  public static Handshaker initiator(
      Secp256k1.KeyPair staticKey, byte[] remoteNodeId, SecureRandom random) {
    Secp256k1.KeyPair eph = Secp256k1.KeyPair.random(random);
    return new Handshaker(true, staticKey, remoteNodeId, eph, randomNonce(random), random);
  }

  /** A responder with a fresh ephemeral key and nonce drawn from {@code random}. */
  public static Handshaker responder(Secp256k1.KeyPair staticKey, SecureRandom random) {
    Secp256k1.KeyPair eph = Secp256k1.KeyPair.random(random);
    return new Handshaker(false, staticKey, null, eph, randomNonce(random), random);
  }

  /**
   * An initiator with a given ephemeral key and 32-byte nonce (vectors and tests); {@code
   * paddingRandom} supplies EIP-8 padding and the ECIES randomness.
   */
  public static Handshaker initiator(
      Secp256k1.KeyPair staticKey,
      byte[] remoteNodeId,
      Secp256k1.KeyPair ephemeral,
      byte[] nonce,
      SecureRandom paddingRandom) {
    return new Handshaker(true, staticKey, remoteNodeId, ephemeral, nonce, paddingRandom);
  }

  /**
   * A responder with a given ephemeral key and 32-byte nonce (vectors and tests); {@code
   * paddingRandom} supplies EIP-8 padding and the ECIES randomness.
   */
  public static Handshaker responder(
      Secp256k1.KeyPair staticKey,
      Secp256k1.KeyPair ephemeral,
      byte[] nonce,
      SecureRandom paddingRandom) {
    return new Handshaker(false, staticKey, null, ephemeral, nonce, paddingRandom);
  }

  private static byte[] randomNonce(SecureRandom random) {
    byte[] n = new byte[HandshakeConstants.NONCE_LENGTH];
    random.nextBytes(n);
    return n;
  }

  /**
   * Initiator only, in {@link State#READY_TO_INITIATE}: the EIP-8 auth packet to send (size prefix
   * included), with 100–200 bytes of random padding. Moves to {@link State#AWAITING_ACK}.
   */
  public byte[] initiate() throws HandshakeException {
    int span = HandshakeConstants.MAX_PADDING - HandshakeConstants.MIN_PADDING + 1;
    return initiateEip8(HandshakeConstants.MIN_PADDING + random.nextInt(span));
  }

  /** {@link #initiate()} with a chosen padding length (tests: e.g. nim-eth's 24-byte minimum). */
  byte[] initiateEip8(int paddingLength) throws HandshakeException {
    requireState(State.READY_TO_INITIATE, "initiate");
    return sent(sealEip8(buildAuth().encodeEip8Body(), paddingLength));
  }

  /** Like {@link #initiate()} but sends a legacy (pre-EIP-8) auth; for tests of old peers. */
  byte[] initiateLegacy() throws HandshakeException {
    requireState(State.READY_TO_INITIATE, "initiate");
    byte[] plain = buildAuth().encodeLegacy(ephemeral.publicKey());
    return sent(encrypt(remoteNodeId, plain, null));
  }

  private byte[] sent(byte[] auth) {
    authPacket = auth;
    state = State.AWAITING_ACK;
    return auth.clone();
  }

  private AuthMessage buildAuth() throws HandshakeException {
    try {
      byte[] digest = xor(Secp256k1.ecdh(staticKey, remoteNodeId), nonce);
      return new AuthMessage(Secp256k1.sign(ephemeral, digest), staticKey.publicKey(), nonce);
    } catch (CryptoException e) {
      state = State.FAILED;
      throw new HandshakeException("cannot derive the static shared secret", e);
    }
  }

  /**
   * Given the first {@code available} received bytes at {@code buf[off..]}, the length of the next
   * complete handshake packet (auth for the responder, ack for the initiator), or -1 if more bytes
   * are needed to know. The answer may be larger than {@code available} (read more) or smaller (the
   * peer's next data follows). Legal in {@link State#AWAITING_AUTH} and {@link State#AWAITING_ACK}.
   *
   * @throws HandshakeException if the bytes cannot start a valid packet (EIP-8 size too small)
   */
  public int nextPacketLength(byte[] buf, int off, int available) throws HandshakeException {
    Objects.checkFromIndexSize(off, available, buf.length);
    requireAwaitingPacket("nextPacketLength");
    if (available < legacyPacketLength) {
      return -1;
    }
    if (legacyTrial(buf, off) != null) {
      return legacyPacketLength;
    }
    int total = eip8Size(buf, off) + HandshakeConstants.SIZE_PREFIX_LENGTH;
    if (total < legacyPacketLength) {
      throw fail(
          "EIP-8 "
              + packetName()
              + " of "
              + total
              + " bytes is shorter than the legacy "
              + legacyPacketLength);
    }
    return total;
  }

  /**
   * Consumes exactly one complete packet. Responder ({@link State#AWAITING_AUTH}): returns the ack
   * to send (legacy for a legacy auth, EIP-8 for an EIP-8 auth). Initiator ({@link
   * State#AWAITING_ACK}): returns null. Either way the handshake is then {@link State#COMPLETE}.
   *
   * @throws HandshakeException if the packet does not decrypt, decode or verify
   */
  public byte[] handlePacket(byte[] packet, int off, int len) throws HandshakeException {
    Objects.checkFromIndexSize(off, len, packet.length);
    requireAwaitingPacket("handlePacket");
    byte[] pkt = Arrays.copyOfRange(packet, off, off + len);
    try {
      boolean legacy = false;
      byte[] plain = null;
      if (len == legacyPacketLength) {
        plain = legacyTrial(pkt, 0);
        legacy = plain != null;
      }
      if (!legacy) {
        plain = openEip8(pkt);
      }
      return initiator ? handleAck(pkt, plain, legacy) : handleAuth(pkt, plain, legacy);
    } catch (HandshakeException e) {
      state = State.FAILED;
      throw e;
    } finally {
      trialBytes = null;
      trialPlaintext = null;
    }
  }

  private byte[] handleAuth(byte[] auth, byte[] plain, boolean legacy) throws HandshakeException {
    AuthMessage msg = legacy ? AuthMessage.readFromLegacy(plain) : AuthMessage.readFromEip8(plain);
    byte[] initiatorKey = msg.initiatorPublicKey();
    byte[] initiatorNonce = msg.initiatorNonce();
    byte[] remoteEphemeral;
    try {
      byte[] digest = xor(Secp256k1.ecdh(staticKey, initiatorKey), initiatorNonce);
      remoteEphemeral = Secp256k1.recover(msg.signature(), digest);
    } catch (CryptoException e) {
      throw new HandshakeException("auth has an unusable public key or signature", e);
    }
    AckMessage reply = new AckMessage(ephemeral.publicKey(), nonce);
    byte[] ack;
    if (legacy) {
      ack = encrypt(initiatorKey, reply.encodeLegacy(), null);
    } else {
      int span = HandshakeConstants.MAX_PADDING - HandshakeConstants.MIN_PADDING + 1;
      int padding = HandshakeConstants.MIN_PADDING + random.nextInt(span);
      ack = sealEip8(initiatorKey, reply.encodeEip8Body(), padding);
    }
    remoteNodeId = initiatorKey;
    complete(remoteEphemeral, initiatorNonce, nonce, auth, ack);
    return ack.clone();
  }

  private byte[] handleAck(byte[] ack, byte[] plain, boolean legacy) throws HandshakeException {
    AckMessage msg = legacy ? AckMessage.readFromLegacy(plain) : AckMessage.readFromEip8(plain);
    complete(msg.ephemeralPublicKey(), nonce, msg.recipientNonce(), authPacket, ack);
    return null;
  }

  /** Derives the secrets (§4.5) and MAC states (§4.6) and moves to COMPLETE. */
  private void complete(
      byte[] remoteEphemeral, byte[] initiatorNonce, byte[] recipientNonce, byte[] auth, byte[] ack)
      throws HandshakeException {
    byte[] ephemeralKey;
    try {
      ephemeralKey = Secp256k1.ecdh(ephemeral, remoteEphemeral);
    } catch (CryptoException e) {
      throw new HandshakeException("remote ephemeral key is not a valid public key", e);
    }
    byte[] sharedSecret =
        Keccak256.hash(ephemeralKey, Keccak256.hash(recipientNonce, initiatorNonce));
    byte[] aesSecret = Keccak256.hash(ephemeralKey, sharedSecret);
    byte[] macSecret = Keccak256.hash(ephemeralKey, aesSecret);
    Keccak256 authMac = new Keccak256().update(xor(macSecret, recipientNonce)).update(auth);
    Keccak256 ackMac = new Keccak256().update(xor(macSecret, initiatorNonce)).update(ack);
    Keccak256 egress = initiator ? authMac : ackMac;
    Keccak256 ingress = initiator ? ackMac : authMac;
    secrets =
        new HandshakeSecrets(
            aesSecret, macSecret, egress, ingress, remoteNodeId.clone(), initiator);
    authPacket = null;
    state = State.COMPLETE;
  }

  /** True once both packets have been exchanged and {@link #secrets()} is available. */
  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  public State state() {
    return state;
  }

  /**
   * The secrets for framing; only in {@link State#COMPLETE}.
   *
   * @throws IllegalStateException before completion
   */
  public HandshakeSecrets secrets() {
    if (state != State.COMPLETE) {
      throw new IllegalStateException("handshake not complete: " + state);
    }
    return secrets;
  }

  /**
   * The peer's 64-byte static public key: known from the start to an initiator, learnt from the
   * auth by a responder.
   *
   * @throws IllegalStateException for a responder that has not accepted an auth yet
   */
  public byte[] remoteNodeId() {
    if (remoteNodeId == null) {
      throw new IllegalStateException("remote node id not known yet: " + state);
    }
    return remoteNodeId.clone();
  }

  // ---- packet sealing and opening ----

  private byte[] sealEip8(byte[] body, int paddingLength) throws HandshakeException {
    return sealEip8(remoteNodeId, body, paddingLength);
  }

  private byte[] sealEip8(byte[] recipient, byte[] body, int paddingLength)
      throws HandshakeException {
    int plainLength = body.length + paddingLength;
    int size = plainLength + Ecies.OVERHEAD;
    if (paddingLength < 0 || size > 0xffff) {
      throw new IllegalArgumentException("padding length out of range: " + paddingLength);
    }
    byte[] prefix = {(byte) (size >>> 8), (byte) size};
    byte[] plain = Arrays.copyOf(body, plainLength);
    byte[] pad = new byte[paddingLength];
    random.nextBytes(pad);
    System.arraycopy(pad, 0, plain, body.length, paddingLength);
    byte[] sealed = encrypt(recipient, plain, prefix);
    byte[] out = new byte[HandshakeConstants.SIZE_PREFIX_LENGTH + sealed.length];
    System.arraycopy(prefix, 0, out, 0, 2);
    System.arraycopy(sealed, 0, out, 2, sealed.length);
    return out;
  }

  private byte[] encrypt(byte[] recipient, byte[] plain, byte[] s2) throws HandshakeException {
    try {
      return Ecies.encrypt(recipient, plain, s2, random);
    } catch (CryptoException e) {
      throw new HandshakeException("cannot encrypt to the peer's public key", e);
    }
  }

  /** Decrypts a whole EIP-8 packet after checking its size prefix against its length. */
  private byte[] openEip8(byte[] pkt) throws HandshakeException {
    if (pkt.length < HandshakeConstants.SIZE_PREFIX_LENGTH) {
      throw new HandshakeException(packetName() + " of " + pkt.length + " bytes is truncated");
    }
    int size = eip8Size(pkt, 0);
    if (size + HandshakeConstants.SIZE_PREFIX_LENGTH != pkt.length) {
      throw new HandshakeException(
          "EIP-8 "
              + packetName()
              + " size prefix says "
              + size
              + " bytes but the packet has "
              + (pkt.length - HandshakeConstants.SIZE_PREFIX_LENGTH));
    }
    if (pkt.length < legacyPacketLength) {
      throw new HandshakeException(
          "EIP-8 " + packetName() + " of " + pkt.length + " bytes is shorter than the legacy one");
    }
    try {
      return Ecies.decrypt(staticKey, pkt, 2, size, Arrays.copyOf(pkt, 2));
    } catch (CryptoException e) {
      throw new HandshakeException("cannot decrypt " + packetName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The legacy plaintext if the legacy-length bytes at {@code buf[off..]} decrypt as a legacy
   * packet, else null. Cached by content.
   */
  private byte[] legacyTrial(byte[] buf, int off) {
    if (buf[off] != 0x04) {
      return null; // every ECIES message starts with the uncompressed point prefix
    }
    if (trialBytes != null
        && Arrays.equals(trialBytes, 0, legacyPacketLength, buf, off, off + legacyPacketLength)) {
      return trialPlaintext;
    }
    byte[] plain;
    try {
      plain = Ecies.decrypt(staticKey, buf, off, legacyPacketLength, null);
    } catch (CryptoException e) {
      plain = null;
    }
    trialBytes = Arrays.copyOfRange(buf, off, off + legacyPacketLength);
    trialPlaintext = plain;
    return plain;
  }

  private static int eip8Size(byte[] buf, int off) {
    return ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
  }

  // ---- state checks ----

  private void requireState(State expected, String call) {
    if (state != expected) {
      throw new IllegalStateException(call + " is not legal in state " + state);
    }
  }

  private void requireAwaitingPacket(String call) throws HandshakeException {
    if (state == State.FAILED) {
      throw new HandshakeException("handshake already failed");
    }
    requireState(initiator ? State.AWAITING_ACK : State.AWAITING_AUTH, call);
  }

  private HandshakeException fail(String message) {
    state = State.FAILED;
    trialBytes = null;
    trialPlaintext = null;
    return new HandshakeException(message);
  }

  private String packetName() {
    return initiator ? "ack" : "auth";
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  @Override
  public String toString() {
    return "Handshaker{" + (initiator ? "initiator" : "responder") + ", " + state + "}";
  }
}

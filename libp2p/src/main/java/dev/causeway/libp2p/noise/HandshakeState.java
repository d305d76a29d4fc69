package dev.causeway.libp2p.noise;

import static dev.causeway.libp2p.noise.NoiseConstants.DH_LEN;
import static dev.causeway.libp2p.noise.NoiseConstants.MAX_MESSAGE;
import static dev.causeway.libp2p.noise.NoiseConstants.TAG_LEN;

import java.util.Arrays;

/**
 * The Noise HandshakeState for pattern XX with X25519, ChaCha20-Poly1305 and SHA-256 (spec
 * libp2p-core.md §5.1–5.2; Noise spec §5.3, §7.5). Generic Noise: any prologue, any payloads; the
 * libp2p rules live in {@link NoiseHandshake}.
 *
 * <p>Assumes its caller invokes the six message methods in XX order for its role (A, B, C); {@link
 * NoiseHandshake} enforces that. Bounds every received length before reading it.
 */
final class HandshakeState {
  /*
   * XX tokens, spelled out per message rather than interpreted from a pattern table: there is only
   * one pattern, and the explicit form reads directly against §5.2.
   *   A: -> e             B: <- e, ee, s, es             C: -> s, se
   * es = DH(e_i, s_r) and se = DH(s_i, e_r); each side computes them with its own private half.
   */
  private static final int ENCRYPTED_KEY_LEN = DH_LEN + TAG_LEN;

  private final boolean initiator;
  private final SymmetricState ss;
  private final X25519KeyPair s;
  private final X25519KeyPair e;
  private byte[] rs;
  private byte[] re;

  HandshakeState(boolean initiator, byte[] prologue, X25519KeyPair s, X25519KeyPair e) {
    this.initiator = initiator;
    this.s = s;
    this.e = e;
    this.ss = new SymmetricState(NoiseConstants.PROTOCOL_NAME);
    ss.mixHash(prologue);
  }

  boolean isInitiator() {
    return initiator;
  }

  /** The remote static key; null before it was received. */
  byte[] remoteStatic() {
    return rs == null ? null : rs.clone();
  }

  byte[] localStaticPublic() {
    return s.publicKey();
  }

  byte[] handshakeHash() {
    return ss.handshakeHash();
  }

  /** Initiator: {@code -> e} then the payload (in clear). */
  byte[] writeMessageA(byte[] payload) throws NoiseException {
    byte[] out = new byte[checkedLength(DH_LEN + ss.ciphertextLength(payload.length))];
    writeE(out, 0);
    ss.encryptAndHash(payload, out, DH_LEN);
    return out;
  }

  /** Responder: reads A and returns its payload. */
  byte[] readMessageA(byte[] msg, int off, int len) throws NoiseException {
    checkReceived(len, DH_LEN, "A");
    re = readE(msg, off);
    return ss.decryptAndHash(msg, off + DH_LEN, len - DH_LEN);
  }

  /** Responder: {@code <- e, ee, s, es} then the payload. */
  byte[] writeMessageB(byte[] payload) throws NoiseException {
    byte[] out = new byte[checkedLength(DH_LEN + ENCRYPTED_KEY_LEN + payload.length + TAG_LEN)];
    writeE(out, 0);
    ss.mixKey(e.dh(re)); // ee
    int pos = DH_LEN + ss.encryptAndHash(s.publicKeyUnsafe(), out, DH_LEN); // s
    ss.mixKey(s.dh(re)); // es
    ss.encryptAndHash(payload, out, pos);
    return out;
  }

  /** Initiator: reads B, learning the responder's static key, and returns its payload. */
  byte[] readMessageB(byte[] msg, int off, int len) throws NoiseException {
    checkReceived(len, DH_LEN + ENCRYPTED_KEY_LEN + TAG_LEN, "B");
    re = readE(msg, off);
    ss.mixKey(e.dh(re)); // ee
    rs = ss.decryptAndHash(msg, off + DH_LEN, ENCRYPTED_KEY_LEN); // s
    ss.mixKey(e.dh(rs)); // es
    int pos = DH_LEN + ENCRYPTED_KEY_LEN;
    return ss.decryptAndHash(msg, off + pos, len - pos);
  }

  /** Initiator: {@code -> s, se} then the payload. */
  byte[] writeMessageC(byte[] payload) throws NoiseException {
    byte[] out = new byte[checkedLength(ENCRYPTED_KEY_LEN + payload.length + TAG_LEN)];
    int pos = ss.encryptAndHash(s.publicKeyUnsafe(), out, 0); // s
    ss.mixKey(s.dh(re)); // se
    ss.encryptAndHash(payload, out, pos);
    return out;
  }

  /** Responder: reads C, learning the initiator's static key, and returns its payload. */
  byte[] readMessageC(byte[] msg, int off, int len) throws NoiseException {
    checkReceived(len, ENCRYPTED_KEY_LEN + TAG_LEN, "C");
    rs = ss.decryptAndHash(msg, off, ENCRYPTED_KEY_LEN); // s
    ss.mixKey(e.dh(rs)); // se
    return ss.decryptAndHash(msg, off + ENCRYPTED_KEY_LEN, len - ENCRYPTED_KEY_LEN);
  }

  /** This side's (sender, receiver) transport cipher states. */
  CipherState[] split() {
    CipherState[] c = ss.split();
    return initiator ? c : new CipherState[] {c[1], c[0]};
  }

  private void writeE(byte[] out, int off) {
    System.arraycopy(e.publicKeyUnsafe(), 0, out, off, DH_LEN);
    ss.mixHash(e.publicKeyUnsafe());
  }

  private byte[] readE(byte[] msg, int off) {
    byte[] key = Arrays.copyOfRange(msg, off, off + DH_LEN);
    ss.mixHash(key);
    return key;
  }

  private static int checkedLength(int len) {
    if (len > MAX_MESSAGE) {
      throw new IllegalArgumentException("handshake message of " + len + " bytes exceeds 65535");
    }
    return len;
  }

  private static void checkReceived(int len, int min, String which) throws NoiseException {
    if (len < min || len > MAX_MESSAGE) {
      throw new NoiseException(
          NoiseException.Reason.BAD_SIZE,
          "handshake message " + which + " of " + len + " bytes; expected " + min + "..65535");
    }
  }
}

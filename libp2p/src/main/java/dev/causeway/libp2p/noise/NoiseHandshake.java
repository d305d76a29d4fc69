package dev.causeway.libp2p.noise;

import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.crypto.PubKey;
import dev.causeway.libp2p.peer.PeerId;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The libp2p Noise XX handshake for one connection, initiator (dialer) or responder (spec
 * libp2p-core.md §5.2–5.3): empty prologue, empty payload in message A, a signed identity payload
 * in B and C, no extensions sent. Messages are Noise messages without the 2-byte wire length prefix
 * (add it with {@link NoiseFrameCodec#frame(byte[])}).
 *
 * <p>Drive it by {@link #state()}: call {@link #writeMessage()} in a {@code WRITE_*} state and
 * {@link #readMessage(byte[])} in a {@code READ_*} state; any other call is a programming error
 * ({@link IllegalStateException}). A rejected message moves to {@link State#FAILED}: close the
 * connection. Once {@link State#COMPLETE}, {@link #split()} gives the transport {@link
 * NoiseSession}. The remote identity is verified as soon as its payload arrives (B for the
 * initiator, C for the responder), so the initiator never sends C to an unverified or unexpected
 * peer. Not thread-safe.
 */
public final class NoiseHandshake {
  /*
   * Design: the Noise core (HandshakeState) is generic and checked against published cacophony
   * vectors; this class adds only libp2p's rules on top (payload contents, signature check, peer-id
   * check, message order). The static X25519 key is per handshake by default: it is independent of
   * the identity key, and a fresh one costs a single base-point multiplication. Our signed payload
   * is built lazily when it is first written, so a responder that receives a bad A never signs.
   */

  /** Handshake progress. The initiator goes WRITE_A → READ_B → WRITE_C → COMPLETE. */
  public enum State {
    /** Initiator: send message A ({@code -> e}). */
    WRITE_A,
    /** Responder: receive message A. */
    READ_A,
    /** Initiator: receive and verify message B. */
    READ_B,
    /** Responder: send message B ({@code <- e, ee, s, es} + payload). */
    WRITE_B,
    /** Initiator: send message C ({@code -> s, se} + payload). */
    WRITE_C,
    /** Responder: receive and verify message C. */
    READ_C,
    /** Both identities verified; {@link #split()} is legal. */
    COMPLETE,
    /** A message was rejected; only closing the connection remains. */
    FAILED
  }

  private static final byte[] EMPTY = new byte[0];

  private final PrivKey identity;
  private final PeerId expectedRemote;
  private final HandshakeState hs;
  private State state;
  private PubKey remoteKey;
  private PeerId remotePeer;

  private NoiseHandshake(
      boolean initiator,
      PrivKey identity,
      PeerId expectedRemote,
      X25519KeyPair staticKey,
      X25519KeyPair ephemeralKey) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.expectedRemote = expectedRemote;
    this.hs = new HandshakeState(initiator, EMPTY, staticKey, ephemeralKey);
    this.state = initiator ? State.WRITE_A : State.READ_A;
  }

  /** A dialer that accepts whichever peer answers (no {@code /p2p/} id known). */
  public static NoiseHandshake initiator(PrivKey identity, SecureRandom random) {
    return initiator(identity, null, random);
  }

  /**
   * A dialer; if {@code expectedRemote} is non-null the handshake fails with {@link
   * NoiseException.Reason#PEER_ID_MISMATCH} unless the responder proves that identity.
   */
  public static NoiseHandshake initiator(
      PrivKey identity, PeerId expectedRemote, SecureRandom random) {
    return new NoiseHandshake(
        true,
        identity,
        expectedRemote,
        X25519KeyPair.generate(random),
        X25519KeyPair.generate(random));
  }

  /** A listener answering an inbound connection. */
  public static NoiseHandshake responder(PrivKey identity, SecureRandom random) {
    return new NoiseHandshake(
        false, identity, null, X25519KeyPair.generate(random), X25519KeyPair.generate(random));
  }

  /**
   * A deterministic dialer with fixed 32-byte X25519 static and ephemeral private keys — for test
   * vectors only; reusing an ephemeral key in production destroys forward secrecy.
   */
  public static NoiseHandshake initiator(
      PrivKey identity, PeerId expectedRemote, byte[] staticPrivate, byte[] ephemeralPrivate) {
    return new NoiseHandshake(
        true,
        identity,
        expectedRemote,
        X25519KeyPair.fromPrivate(staticPrivate),
        X25519KeyPair.fromPrivate(ephemeralPrivate));
  }

  /** A deterministic listener; see {@link #initiator(PrivKey, PeerId, byte[], byte[])}. */
  public static NoiseHandshake responder(
      PrivKey identity, byte[] staticPrivate, byte[] ephemeralPrivate) {
    return new NoiseHandshake(
        false,
        identity,
        null,
        X25519KeyPair.fromPrivate(staticPrivate),
        X25519KeyPair.fromPrivate(ephemeralPrivate));
  }

  public State state() {
    return state;
  }

  public boolean isInitiator() {
    return hs.isInitiator();
  }

  /** True in a {@code WRITE_*} state. */
  public boolean isMyTurnToWrite() {
    return state == State.WRITE_A || state == State.WRITE_B || state == State.WRITE_C;
  }

  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  /** Our static X25519 public key (the one our identity signs). */
  public byte[] localStaticPublicKey() {
    return hs.localStaticPublic();
  }

  /** Produces the next handshake message (A, B or C) of this side. */
  public byte[] writeMessage() throws NoiseException {
    try {
      return switch (state) {
        case WRITE_A -> {
          byte[] m = hs.writeMessageA(EMPTY);
          state = State.READ_B;
          yield m;
        }
        case WRITE_B -> {
          byte[] m = hs.writeMessageB(ourPayload());
          state = State.READ_C;
          yield m;
        }
        case WRITE_C -> {
          byte[] m = hs.writeMessageC(ourPayload());
          state = State.COMPLETE;
          yield m;
        }
        default -> throw new IllegalStateException("cannot write a message in state " + state);
      };
    } catch (NoiseException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /** Consumes the remote's next handshake message (the Noise message without length prefix). */
  public void readMessage(byte[] message) throws NoiseException {
    readMessage(message, 0, message.length);
  }

  /** Consumes {@code message[off, off+len)}; see {@link #readMessage(byte[])}. */
  public void readMessage(byte[] message, int off, int len) throws NoiseException {
    Objects.checkFromIndexSize(off, len, message.length);
    State current = state;
    if (current != State.READ_A && current != State.READ_B && current != State.READ_C) {
      throw new IllegalStateException("cannot read a message in state " + current);
    }
    state = State.FAILED; // until the message is fully accepted
    switch (current) {
      case READ_A -> {
        hs.readMessageA(message, off, len); // libp2p: A's payload is empty; ignore whatever came
        state = State.WRITE_B;
      }
      case READ_B -> {
        acceptRemote(hs.readMessageB(message, off, len));
        state = State.WRITE_C;
      }
      default -> {
        acceptRemote(hs.readMessageC(message, off, len));
        state = State.COMPLETE;
      }
    }
  }

  /** The verified remote peer id. */
  public PeerId remotePeerId() {
    if (remotePeer == null) {
      throw new IllegalStateException("remote identity not verified yet (state " + state + ")");
    }
    return remotePeer;
  }

  /** The verified remote identity key. */
  public PubKey remotePublicKey() {
    if (remoteKey == null) {
      throw new IllegalStateException("remote identity not verified yet (state " + state + ")");
    }
    return remoteKey;
  }

  /** The transport session; legal once {@link #isComplete()}. */
  public NoiseSession split() {
    if (state != State.COMPLETE) {
      throw new IllegalStateException("handshake not complete (state " + state + ")");
    }
    CipherState[] c = hs.split();
    return new NoiseSession(
        isInitiator(), c[0], c[1], hs.handshakeHash(), remoteKey, remotePeer, hs.remoteStatic());
  }

  private byte[] ourPayload() {
    return HandshakePayload.sign(identity, hs.localStaticPublic()).encode();
  }

  private void acceptRemote(byte[] payloadBytes) throws NoiseException {
    HandshakePayload payload = HandshakePayload.readFrom(payloadBytes);
    PubKey key = payload.verify(hs.remoteStatic());
    PeerId id = PeerId.fromPublicKey(key);
    if (expectedRemote != null && !expectedRemote.equals(id)) {
      throw new NoiseException(
          NoiseException.Reason.PEER_ID_MISMATCH,
          "remote is " + id + ", expected " + expectedRemote);
    }
    this.remoteKey = key;
    this.remotePeer = id;
  }
}

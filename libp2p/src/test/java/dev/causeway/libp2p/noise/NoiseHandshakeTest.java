package dev.causeway.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.noise.NoiseException.Reason;
import dev.causeway.libp2p.noise.pb.NoiseProto;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.testing.RandomInputs;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The libp2p Noise XX handshake state machine (spec libp2p-core.md §5.2–5.3), without I/O. */
class NoiseHandshakeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] EMPTY = new byte[0];

  // fixed identities and X25519 keys for the deterministic cases
  private static final PrivKey ED = Keys.ed25519(filled(32, 0x11));
  private static final PrivKey SECP = Keys.secp256k1(filled(32, 0x22));
  private static final byte[] I_STATIC = filled(32, 0x31);
  private static final byte[] I_EPH = filled(32, 0x32);
  private static final byte[] R_STATIC = filled(32, 0x41);
  private static final byte[] R_EPH = filled(32, 0x42);

  static Stream<Arguments> identityPairs() {
    Function<String, PrivKey> gen =
        t -> t.equals("ed25519") ? Keys.generateEd25519(RANDOM) : Keys.generateSecp256k1(RANDOM);
    return Stream.of(
        Arguments.of("ed25519", "ed25519", gen),
        Arguments.of("ed25519", "secp256k1", gen),
        Arguments.of("secp256k1", "ed25519", gen),
        Arguments.of("secp256k1", "secp256k1", gen));
  }

  @ParameterizedTest(name = "initiator {0}, responder {1}")
  @MethodSource("identityPairs")
  void handshakeCompletesAndBothSidesLearnTheOthersIdentity(
      String initType, String respType, Function<String, PrivKey> gen) throws Exception {
    PrivKey initId = gen.apply(initType);
    PrivKey respId = gen.apply(respType);
    PeerId respPeer = PeerId.fromPublicKey(respId.publicKey());
    NoiseHandshake init = NoiseHandshake.initiator(initId, respPeer, RANDOM);
    NoiseHandshake resp = NoiseHandshake.responder(respId, RANDOM);
    assertThat(init.isInitiator()).isTrue();
    assertThat(resp.isInitiator()).isFalse();

    assertThat(init.state()).isEqualTo(NoiseHandshake.State.WRITE_A);
    assertThat(resp.state()).isEqualTo(NoiseHandshake.State.READ_A);
    byte[] a = init.writeMessage();
    assertThat(a).hasSize(32); // e only: libp2p sends an empty payload in A
    resp.readMessage(a);
    assertThat(resp.isMyTurnToWrite()).isTrue();
    byte[] b = resp.writeMessage();
    init.readMessage(b);
    assertThat(init.state()).isEqualTo(NoiseHandshake.State.WRITE_C);
    assertThat(init.remotePeerId()).isEqualTo(respPeer);
    byte[] c = init.writeMessage();
    resp.readMessage(c);

    assertThat(init.isComplete()).isTrue();
    assertThat(resp.isComplete()).isTrue();
    assertThat(resp.remotePeerId()).isEqualTo(PeerId.fromPublicKey(initId.publicKey()));
    assertThat(resp.remotePublicKey()).isEqualTo(initId.publicKey());
    assertThat(init.remotePublicKey()).isEqualTo(respId.publicKey());

    NoiseSession si = init.split();
    NoiseSession sr = resp.split();
    assertThat(si.isInitiator()).isTrue();
    assertThat(sr.isInitiator()).isFalse();
    assertThat(si.handshakeHash()).isEqualTo(sr.handshakeHash());
    assertThat(si.remoteStaticKey()).isEqualTo(resp.localStaticPublicKey());
    assertThat(sr.remoteStaticKey()).isEqualTo(init.localStaticPublicKey());
    assertThat(si.remotePeerId()).isEqualTo(respPeer);
    byte[] msg = "hello over noise".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(sr.receiver().decryptWithAd(EMPTY, si.sender().encryptWithAd(EMPTY, msg)))
        .isEqualTo(msg);
    assertThat(si.receiver().decryptWithAd(EMPTY, sr.sender().encryptWithAd(EMPTY, msg)))
        .isEqualTo(msg);
  }

  @Test
  void handshakeWithoutExpectedPeerAcceptsAnyResponder() throws Exception {
    NoiseHandshake init = NoiseHandshake.initiator(ED, RANDOM);
    NoiseHandshake resp = NoiseHandshake.responder(SECP, RANDOM);
    runToCompletion(init, resp);
    assertThat(init.remotePeerId()).isEqualTo(PeerId.fromPublicKey(SECP.publicKey()));
  }

  @Test
  void initiatorRejectsResponderWithOtherPeerIdAndNeverSendsC() throws Exception {
    PeerId expected = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    NoiseHandshake init = NoiseHandshake.initiator(ED, expected, RANDOM);
    NoiseHandshake resp = NoiseHandshake.responder(SECP, RANDOM);
    resp.readMessage(init.writeMessage());
    byte[] b = resp.writeMessage();
    assertThatThrownBy(() -> init.readMessage(b))
        .isInstanceOf(NoiseException.class)
        .extracting(e -> ((NoiseException) e).reason())
        .isEqualTo(Reason.PEER_ID_MISMATCH);
    assertThat(init.state()).isEqualTo(NoiseHandshake.State.FAILED);
    assertThatThrownBy(init::writeMessage).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(init::remotePeerId).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(init::split).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void responderIgnoresPayloadInMessageA() throws Exception {
    HandshakeState rogueInit =
        new HandshakeState(
            true, EMPTY, X25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM));
    NoiseHandshake resp = NoiseHandshake.responder(SECP, RANDOM);
    resp.readMessage(rogueInit.writeMessageA(new byte[] {1, 2, 3}));
    byte[] b = resp.writeMessage();
    byte[] payloadB = rogueInit.readMessageB(b, 0, b.length);
    assertThat(HandshakePayload.readFrom(payloadB).verify(rogueInit.remoteStatic()))
        .isEqualTo(SECP.publicKey());
  }

  @Test
  void sentPayloadsCarryNoExtensions() throws Exception {
    HandshakeState rogueInit =
        new HandshakeState(
            true, EMPTY, X25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM));
    NoiseHandshake resp = NoiseHandshake.responder(ED, RANDOM);
    resp.readMessage(rogueInit.writeMessageA(EMPTY));
    byte[] b = resp.writeMessage();
    NoiseProto.NoiseHandshakePayload pb =
        NoiseProto.NoiseHandshakePayload.parseFrom(rogueInit.readMessageB(b, 0, b.length));
    assertThat(pb.hasExtensions()).isFalse();
    assertThat(pb.getIdentityKey().toByteArray()).isEqualTo(ED.publicKey().marshal());
  }

  @Test
  void initiatorRejectsSignatureOverAnotherStaticKey() throws Exception {
    byte[] otherStatic = X25519KeyPair.generate(RANDOM).publicKey();
    byte[] payload = HandshakePayload.sign(SECP, otherStatic).encode();
    assertThat(rogueResponderReason(payload)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void initiatorRejectsSignatureByAnotherIdentity() throws Exception {
    X25519KeyPair s = X25519KeyPair.generate(RANDOM);
    byte[] payload =
        payload(
            SECP.publicKey().marshal(), ED.sign(HandshakePayload.signedData(s.publicKey())), null);
    assertThat(rogueResponderReason(s, payload)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void initiatorRejectsPayloadWithoutIdentityKeyOrSignature() throws Exception {
    X25519KeyPair s = X25519KeyPair.generate(RANDOM);
    byte[] sig = SECP.sign(HandshakePayload.signedData(s.publicKey()));
    assertThat(rogueResponderReason(s, payload(null, sig, null))).isEqualTo(Reason.BAD_PAYLOAD);
    assertThat(rogueResponderReason(s, payload(SECP.publicKey().marshal(), null, null)))
        .isEqualTo(Reason.BAD_PAYLOAD);
    assertThat(rogueResponderReason(s, EMPTY)).isEqualTo(Reason.BAD_PAYLOAD);
    assertThat(rogueResponderReason(s, new byte[] {(byte) 0xff, 0x01}))
        .isEqualTo(Reason.BAD_PAYLOAD);
  }

  @Test
  void initiatorRejectsUnsupportedOrMalformedIdentityKey() throws Exception {
    X25519KeyPair s = X25519KeyPair.generate(RANDOM);
    byte[] sig = SECP.sign(HandshakePayload.signedData(s.publicKey()));
    byte[] rsaKey = Hex.decode("08001203010001"); // KeyType RSA with a junk body
    byte[] shortEd = Hex.decode("0801120401020304"); // Ed25519 with 4 bytes of key
    assertThat(rogueResponderReason(s, payload(rsaKey, sig, null)))
        .isEqualTo(Reason.BAD_IDENTITY_KEY);
    assertThat(rogueResponderReason(s, payload(shortEd, sig, null)))
        .isEqualTo(Reason.BAD_IDENTITY_KEY);
  }

  @Test
  void unknownFieldThreeAndMuxerExtensionAreTolerated() throws Exception {
    X25519KeyPair s = X25519KeyPair.generate(RANDOM);
    byte[] sig = SECP.sign(HandshakePayload.signedData(s.publicKey()));
    byte[] base = payload(SECP.publicKey().marshal(), sig, new String[] {"/mplex/6.7.0"});
    byte[] withField3 = new byte[base.length + 4];
    System.arraycopy(base, 0, withField3, 0, base.length);
    System.arraycopy(Hex.decode("1a02abcd"), 0, withField3, base.length, 4); // field 3, bytes
    NoiseHandshake init =
        NoiseHandshake.initiator(ED, PeerId.fromPublicKey(SECP.publicKey()), RANDOM);
    HandshakeState rogue = new HandshakeState(false, EMPTY, s, X25519KeyPair.generate(RANDOM));
    byte[] a = init.writeMessage();
    rogue.readMessageA(a, 0, a.length);
    init.readMessage(rogue.writeMessageB(withField3));
    assertThat(init.state()).isEqualTo(NoiseHandshake.State.WRITE_C);
  }

  @Test
  void responderRejectsInitiatorWhoseSignatureDoesNotCoverItsStaticKey() throws Exception {
    X25519KeyPair s = X25519KeyPair.generate(RANDOM);
    HandshakeState rogueInit = new HandshakeState(true, EMPTY, s, X25519KeyPair.generate(RANDOM));
    NoiseHandshake resp = NoiseHandshake.responder(SECP, RANDOM);
    resp.readMessage(rogueInit.writeMessageA(EMPTY));
    byte[] b = resp.writeMessage();
    rogueInit.readMessageB(b, 0, b.length);
    byte[] otherStatic = X25519KeyPair.generate(RANDOM).publicKey();
    byte[] c = rogueInit.writeMessageC(HandshakePayload.sign(ED, otherStatic).encode());
    assertThat(reasonOf(() -> resp.readMessage(c))).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(resp.state()).isEqualTo(NoiseHandshake.State.FAILED);
    assertThatThrownBy(resp::split).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void lowOrderEphemeralKeyIsRejected() throws Exception {
    NoiseHandshake resp = NoiseHandshake.responder(ED, RANDOM);
    resp.readMessage(new byte[32]); // the all-zero point: accepted as bytes, fails at DH
    assertThatThrownBy(resp::writeMessage)
        .isInstanceOf(NoiseException.class)
        .extracting(e -> ((NoiseException) e).reason())
        .isEqualTo(Reason.BAD_DH_KEY);
    assertThat(resp.state()).isEqualTo(NoiseHandshake.State.FAILED);
  }

  @Test
  void rejectsMessagesOfImpossibleSize() throws Exception {
    NoiseHandshake resp = NoiseHandshake.responder(ED, RANDOM);
    assertThat(reasonOf(() -> resp.readMessage(new byte[31]))).isEqualTo(Reason.BAD_SIZE);

    NoiseHandshake resp2 = NoiseHandshake.responder(ED, RANDOM);
    assertThat(reasonOf(() -> resp2.readMessage(new byte[65536]))).isEqualTo(Reason.BAD_SIZE);

    NoiseHandshake init = NoiseHandshake.initiator(ED, RANDOM);
    init.writeMessage();
    assertThat(reasonOf(() -> init.readMessage(new byte[95]))).isEqualTo(Reason.BAD_SIZE);

    NoiseHandshake[] pair = upToReadC();
    assertThat(reasonOf(() -> pair[1].readMessage(new byte[63]))).isEqualTo(Reason.BAD_SIZE);
  }

  @Test
  void everySingleByteFlipInMessagesBAndCIsRejected() throws Exception {
    byte[] b = validB();
    for (int i = 0; i < b.length; i++) {
      byte[] t = b.clone();
      t[i] ^= 0x01;
      NoiseHandshake init = deterministicInitiatorAfterA();
      assertThat(reasonOf(() -> init.readMessage(t))).as("byte %d of B", i).isIn(Reason.BAD_TAG);
    }
    byte[] c = validC();
    for (int i = 0; i < c.length; i++) {
      byte[] t = c.clone();
      t[i] ^= 0x80;
      NoiseHandshake resp = deterministicResponderAfterB();
      assertThat(reasonOf(() -> resp.readMessage(t))).as("byte %d of C", i).isIn(Reason.BAD_TAG);
    }
  }

  @Test
  void tamperedMessageAMakesTheInitiatorRejectB() throws Exception {
    NoiseHandshake init = NoiseHandshake.initiator(ED, RANDOM);
    NoiseHandshake resp = NoiseHandshake.responder(SECP, RANDOM);
    byte[] a = init.writeMessage();
    a[5] ^= 0x04;
    resp.readMessage(a);
    byte[] b = resp.writeMessage();
    assertThat(reasonOf(() -> init.readMessage(b))).isEqualTo(Reason.BAD_TAG);
  }

  @Test
  void readMessageHonoursOffsetAndLength() throws Exception {
    NoiseHandshake init = deterministicInitiatorAfterA();
    byte[] b = validB();
    byte[] padded = new byte[b.length + 10];
    System.arraycopy(b, 0, padded, 7, b.length);
    init.readMessage(padded, 7, b.length);
    assertThat(init.state()).isEqualTo(NoiseHandshake.State.WRITE_C);
  }

  @Test
  void callsOutOfTurnAreProgrammingErrors() throws Exception {
    NoiseHandshake init = NoiseHandshake.initiator(ED, RANDOM);
    NoiseHandshake resp = NoiseHandshake.responder(SECP, RANDOM);
    assertThatThrownBy(() -> init.readMessage(new byte[32]))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(resp::writeMessage).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(resp::split).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(resp::remotePublicKey).isInstanceOf(IllegalStateException.class);
    assertThat(init.state()).isEqualTo(NoiseHandshake.State.WRITE_A);
    runToCompletion(init, resp);
    assertThatThrownBy(init::writeMessage).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> resp.readMessage(new byte[64]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void randomBytesIntoEveryReadStateOnlyGiveNoiseException() {
    RandomInputs.forEachCase(
        300,
        r -> {
          byte[] in = RandomInputs.bytes(r, 400);
          NoiseHandshake respA = NoiseHandshake.responder(ED, new SecureRandom());
          try {
            respA.readMessage(in);
            // A is unauthenticated: any 32+ bytes are an ephemeral key and a payload
            assertThat(in.length).isGreaterThanOrEqualTo(32);
            assertThat(respA.state()).isEqualTo(NoiseHandshake.State.WRITE_B);
          } catch (NoiseException expected) {
            assertThat(respA.state()).isEqualTo(NoiseHandshake.State.FAILED);
          }
          NoiseHandshake init = deterministicInitiatorAfterA();
          assertThat(reasonOf(() -> init.readMessage(in))).isNotNull();
          NoiseHandshake resp = deterministicResponderAfterB();
          assertThat(reasonOf(() -> resp.readMessage(in))).isNotNull();
        });
  }

  @Test
  void mutatedMessagesAreRejectedUnlessUnchanged() throws Exception {
    byte[] b = validB();
    byte[] c = validC();
    RandomInputs.forEachCase(
        300,
        r -> {
          byte[] mb = RandomInputs.mutate(r, b);
          NoiseHandshake init = deterministicInitiatorAfterA();
          Reason rb = reasonOf(() -> init.readMessage(mb));
          assertThat(rb == null).as("B accepted iff unchanged").isEqualTo(Arrays.equals(mb, b));
          byte[] mc = RandomInputs.mutate(r, c);
          NoiseHandshake resp = deterministicResponderAfterB();
          Reason rc = reasonOf(() -> resp.readMessage(mc));
          assertThat(rc == null).as("C accepted iff unchanged").isEqualTo(Arrays.equals(mc, c));
        });
  }

  // --- helpers ---

  private interface Call {
    void run() throws NoiseException;
  }

  /** The reason of the NoiseException {@code call} throws, or null if it succeeds. */
  private static Reason reasonOf(Call call) {
    try {
      call.run();
      return null;
    } catch (NoiseException e) {
      return e.reason();
    }
  }

  private static void runToCompletion(NoiseHandshake init, NoiseHandshake resp)
      throws NoiseException {
    resp.readMessage(init.writeMessage());
    init.readMessage(resp.writeMessage());
    resp.readMessage(init.writeMessage());
    assertThat(init.isComplete()).isTrue();
    assertThat(resp.isComplete()).isTrue();
  }

  private static NoiseHandshake deterministicInitiator() {
    return NoiseHandshake.initiator(ED, PeerId.fromPublicKey(SECP.publicKey()), I_STATIC, I_EPH);
  }

  private static NoiseHandshake deterministicResponder() {
    return NoiseHandshake.responder(SECP, R_STATIC, R_EPH);
  }

  private static NoiseHandshake deterministicInitiatorAfterA() throws NoiseException {
    NoiseHandshake init = deterministicInitiator();
    init.writeMessage();
    return init;
  }

  private static NoiseHandshake deterministicResponderAfterB() throws NoiseException {
    NoiseHandshake resp = deterministicResponder();
    resp.readMessage(deterministicInitiator().writeMessage());
    resp.writeMessage();
    return resp;
  }

  private static byte[] validB() throws NoiseException {
    NoiseHandshake resp = deterministicResponder();
    resp.readMessage(deterministicInitiator().writeMessage());
    return resp.writeMessage();
  }

  private static byte[] validC() throws NoiseException {
    NoiseHandshake init = deterministicInitiatorAfterA();
    init.readMessage(validB());
    return init.writeMessage();
  }

  private static NoiseHandshake[] upToReadC() throws NoiseException {
    NoiseHandshake init = NoiseHandshake.initiator(ED, RANDOM);
    NoiseHandshake resp = NoiseHandshake.responder(SECP, RANDOM);
    resp.readMessage(init.writeMessage());
    init.readMessage(resp.writeMessage());
    return new NoiseHandshake[] {init, resp};
  }

  /** Reason the initiator gives for a B carrying {@code payload} from a rogue responder. */
  private static Reason rogueResponderReason(byte[] payload) throws NoiseException {
    return rogueResponderReason(X25519KeyPair.generate(RANDOM), payload);
  }

  private static Reason rogueResponderReason(X25519KeyPair s, byte[] payload)
      throws NoiseException {
    NoiseHandshake init = NoiseHandshake.initiator(ED, RANDOM);
    HandshakeState rogue = new HandshakeState(false, EMPTY, s, X25519KeyPair.generate(RANDOM));
    byte[] a = init.writeMessage();
    rogue.readMessageA(a, 0, a.length);
    byte[] b = rogue.writeMessageB(payload);
    Reason reason = reasonOf(() -> init.readMessage(b));
    if (reason != null) {
      assertThat(init.state()).isEqualTo(NoiseHandshake.State.FAILED);
    }
    return reason;
  }

  private static byte[] payload(byte[] key, byte[] sig, String[] muxers) {
    NoiseProto.NoiseHandshakePayload.Builder b = NoiseProto.NoiseHandshakePayload.newBuilder();
    if (key != null) {
      b.setIdentityKey(ByteString.copyFrom(key));
    }
    if (sig != null) {
      b.setIdentitySig(ByteString.copyFrom(sig));
    }
    if (muxers != null) {
      b.setExtensions(
          NoiseProto.NoiseExtensions.newBuilder().addAllStreamMuxers(Arrays.asList(muxers)));
    }
    return b.build().toByteArray();
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }
}

package dev.causeway.v1.rlpx.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Ecies;
import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.crypto.Secp256k1;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The handshake state machine without I/O (spec {@code v1-rlpx-devp2p.md} §4). */
class HandshakerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Secp256k1.KeyPair KEY_A = Secp256k1.KeyPair.random(RANDOM);
  private static final Secp256k1.KeyPair KEY_B = Secp256k1.KeyPair.random(RANDOM);
  private static final Secp256k1.KeyPair KEY_C = Secp256k1.KeyPair.random(RANDOM);

  private static Handshaker initiatorAtoB() {
    return Handshaker.initiator(KEY_A, KEY_B.publicKey(), RANDOM);
  }

  private static Handshaker responderB() {
    return Handshaker.responder(KEY_B, RANDOM);
  }

  private static int sizePrefix(byte[] packet) {
    return (packet[0] & 0xff) << 8 | (packet[1] & 0xff);
  }

  private static void assertMirrored(Handshaker a, Handshaker b) {
    HandshakeSecrets sa = a.secrets();
    HandshakeSecrets sb = b.secrets();
    assertThat(sa.initiator()).isTrue();
    assertThat(sb.initiator()).isFalse();
    assertThat(sa.aesSecret()).isEqualTo(sb.aesSecret());
    assertThat(sa.macSecret()).isEqualTo(sb.macSecret());
    assertThat(sa.aesSecret()).isNotEqualTo(sa.macSecret());
    assertThat(sa.egressMac().digest()).isEqualTo(sb.ingressMac().digest());
    assertThat(sb.egressMac().digest()).isEqualTo(sa.ingressMac().digest());
    // The sponges keep running in step after absorbing the same bytes.
    byte[] frame = {1, 2, 3, 4, 5};
    sa.egressMac().update(frame);
    sb.ingressMac().update(frame);
    assertThat(sa.egressMac().digest()).isEqualTo(sb.ingressMac().digest());
    assertThat(sa.remoteNodeId()).isEqualTo(KEY_B.publicKey());
    assertThat(sb.remoteNodeId()).isEqualTo(KEY_A.publicKey());
  }

  @Test
  void eip8RoundTripDerivesMirroredSecrets() throws Exception {
    Handshaker a = initiatorAtoB();
    Handshaker b = responderB();
    assertThat(a.state()).isEqualTo(Handshaker.State.READY_TO_INITIATE);
    assertThat(b.state()).isEqualTo(Handshaker.State.AWAITING_AUTH);

    byte[] auth = a.initiate();
    assertThat(a.state()).isEqualTo(Handshaker.State.AWAITING_ACK);
    assertThat(sizePrefix(auth) + 2).isEqualTo(auth.length);

    byte[] ack = b.handlePacket(auth, 0, auth.length);
    assertThat(b.state()).isEqualTo(Handshaker.State.COMPLETE);
    assertThat(b.remoteNodeId()).isEqualTo(KEY_A.publicKey());
    assertThat(sizePrefix(ack) + 2).isEqualTo(ack.length);

    assertThat(a.handlePacket(ack, 0, ack.length)).isNull();
    assertThat(a.isComplete()).isTrue();
    assertMirrored(a, b);
  }

  @Test
  void legacyAuthIsAnsweredWithLegacyAck() throws Exception {
    Handshaker a = initiatorAtoB();
    Handshaker b = responderB();

    byte[] auth = a.initiateLegacy();
    assertThat(auth).hasSize(HandshakeConstants.LEGACY_AUTH_PACKET_LENGTH);
    byte[] ack = b.handlePacket(auth, 0, auth.length);
    assertThat(ack).hasSize(HandshakeConstants.LEGACY_ACK_PACKET_LENGTH);
    // The legacy ack is a bare ECIES message to A's static key.
    assertThat(AckMessage.readFromLegacy(Ecies.decrypt(KEY_A, ack, null)).recipientNonce())
        .hasSize(32);

    a.handlePacket(ack, 0, ack.length);
    assertMirrored(a, b);
  }

  @Test
  void eip8PaddingStaysWithinBoundsAndAboveLegacySizes() throws Exception {
    int authBody = 169;
    int ackBody = 102;
    for (int i = 0; i < 30; i++) {
      Handshaker a = initiatorAtoB();
      Handshaker b = responderB();
      byte[] auth = a.initiate();
      byte[] ack = b.handlePacket(auth, 0, auth.length);
      assertThat(sizePrefix(auth) - Ecies.OVERHEAD - authBody)
          .isBetween(HandshakeConstants.MIN_PADDING, HandshakeConstants.MAX_PADDING);
      assertThat(sizePrefix(ack) - Ecies.OVERHEAD - ackBody)
          .isBetween(HandshakeConstants.MIN_PADDING, HandshakeConstants.MAX_PADDING);
      assertThat(sizePrefix(auth)).isGreaterThanOrEqualTo(307);
      assertThat(sizePrefix(ack)).isGreaterThanOrEqualTo(210);
    }
  }

  @Test
  void deterministicFactoriesUseTheGivenEphemeralKeyAndNonce() throws Exception {
    Secp256k1.KeyPair eph = Secp256k1.KeyPair.random(RANDOM);
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    Handshaker b = Handshaker.responder(KEY_B, eph, nonce, RANDOM);
    byte[] auth = initiatorAtoB().initiate();

    byte[] ack = b.handlePacket(auth, 0, auth.length);

    AckMessage msg =
        AckMessage.readFromEip8(
            Ecies.decrypt(KEY_A, ack, 2, ack.length - 2, Arrays.copyOf(ack, 2)));
    assertThat(msg.ephemeralPublicKey()).isEqualTo(eph.publicKey());
    assertThat(msg.recipientNonce()).isEqualTo(nonce);
    assertThat(msg.version()).isEqualTo(HandshakeConstants.VERSION);
  }

  @Test
  void acceptsNimMinimumPaddingAuthOfSize306() throws Exception {
    Handshaker a = initiatorAtoB();
    Handshaker b = responderB();
    byte[] auth = a.initiateEip8(24);
    assertThat(sizePrefix(auth)).isEqualTo(306);

    assertThat(b.nextPacketLength(auth, 0, auth.length)).isEqualTo(308);
    byte[] ack = b.handlePacket(auth, 0, auth.length);
    a.handlePacket(ack, 0, ack.length);
    assertMirrored(a, b);
  }

  @Test
  void acceptsEip8PacketExactlyAsLongAsTheLegacyOne() throws Exception {
    Handshaker a = initiatorAtoB();
    Handshaker b = responderB();
    byte[] auth = a.initiateEip8(23); // 169 + 23 + 113 = 305, 307 bytes on the wire
    assertThat(auth).hasSize(HandshakeConstants.LEGACY_AUTH_PACKET_LENGTH);

    assertThat(b.nextPacketLength(auth, 0, auth.length)).isEqualTo(307);
    byte[] ack = b.handlePacket(auth, 0, auth.length);
    assertThat(sizePrefix(ack) + 2).isEqualTo(ack.length);
  }

  @Test
  void acceptsAuthWithOtherVersionAndExtraElements() throws Exception {
    // nim-eth may send its devp2p version (5) as auth-vsn; EIP-8 allows extra elements.
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    Secp256k1.KeyPair eph = Secp256k1.KeyPair.random(RANDOM);
    byte[] digest = Secp256k1.ecdh(KEY_A, KEY_B.publicKey());
    for (int i = 0; i < 32; i++) {
      digest[i] ^= nonce[i];
    }
    byte[] extras = {0x01, (byte) 0xc2, 0x04, 0x05};
    AuthMessage msg =
        new AuthMessage(Secp256k1.sign(eph, digest), KEY_A.publicKey(), nonce, 5, extras);
    byte[] body = msg.encodeEip8Body();
    byte[] plain = Arrays.copyOf(body, body.length + 150);
    int size = plain.length + Ecies.OVERHEAD;
    byte[] prefix = {(byte) (size >> 8), (byte) size};
    byte[] sealed = Ecies.encrypt(KEY_B.publicKey(), plain, prefix, RANDOM);
    byte[] auth = new byte[2 + sealed.length];
    System.arraycopy(prefix, 0, auth, 0, 2);
    System.arraycopy(sealed, 0, auth, 2, sealed.length);

    Handshaker b = responderB();
    b.handlePacket(auth, 0, auth.length);

    assertThat(b.isComplete()).isTrue();
    assertThat(b.remoteNodeId()).isEqualTo(KEY_A.publicKey());
  }

  @Test
  void initiatorAcceptsLegacyAckToEip8Auth() throws Exception {
    Handshaker a = initiatorAtoB();
    a.initiate();
    Secp256k1.KeyPair eph = Secp256k1.KeyPair.random(RANDOM);
    byte[] nonce = new byte[32];
    byte[] ack =
        Ecies.encrypt(
            KEY_A.publicKey(), new AckMessage(eph.publicKey(), nonce).encodeLegacy(), null, RANDOM);

    assertThat(a.nextPacketLength(ack, 0, ack.length)).isEqualTo(210);
    a.handlePacket(ack, 0, ack.length);

    assertThat(a.isComplete()).isTrue();
  }

  @ParameterizedTest(name = "legacy={0}")
  @ValueSource(booleans = {false, true})
  void nextPacketLengthAtEverySplitReturnsMinusOneUntilKnowable(boolean legacy) throws Exception {
    Handshaker a = initiatorAtoB();
    Handshaker b = responderB();
    byte[] auth = legacy ? a.initiateLegacy() : a.initiate();
    byte[] trailing = {9, 9, 9, 9, 9, 9, 9};
    byte[] authStream = concat(auth, trailing);

    for (int n = 0; n <= authStream.length; n++) {
      int expected = n < HandshakeConstants.LEGACY_AUTH_PACKET_LENGTH ? -1 : auth.length;
      assertThat(b.nextPacketLength(authStream, 0, n)).as("auth, %d bytes", n).isEqualTo(expected);
    }
    byte[] ack = b.handlePacket(authStream, 0, auth.length);
    byte[] ackStream = concat(ack, trailing);
    for (int n = 0; n <= ackStream.length; n++) {
      int expected = n < HandshakeConstants.LEGACY_ACK_PACKET_LENGTH ? -1 : ack.length;
      assertThat(a.nextPacketLength(ackStream, 0, n)).as("ack, %d bytes", n).isEqualTo(expected);
    }
    a.handlePacket(ackStream, 0, ack.length);
    assertMirrored(a, b);
  }

  @Test
  void nextPacketLengthAndHandlePacketHonourOffsets() throws Exception {
    Handshaker a = initiatorAtoB();
    Handshaker b = responderB();
    byte[] auth = a.initiate();
    byte[] buf = concat(new byte[] {7, 7, 7}, auth);

    assertThat(b.nextPacketLength(buf, 3, 300)).isEqualTo(-1);
    assertThat(b.nextPacketLength(buf, 3, auth.length)).isEqualTo(auth.length);
    byte[] ack = b.handlePacket(buf, 3, auth.length);
    a.handlePacket(ack, 0, ack.length);
    assertMirrored(a, b);
  }

  @ParameterizedTest(name = "legacy={0}")
  @ValueSource(booleans = {false, true})
  void rejectsAuthCorruptedAnywhere(boolean legacy) throws Exception {
    byte[] auth = legacy ? initiatorAtoB().initiateLegacy() : initiatorAtoB().initiate();
    // size prefix (EIP-8), ECIES point, IV, ciphertext, tag
    int[] positions = {0, 1, 3, 40, 70, 90, 200, auth.length - 40, auth.length - 1};
    for (int pos : positions) {
      byte[] bad = auth.clone();
      bad[pos] ^= 0x10;
      Handshaker b = responderB();
      assertThatThrownBy(() -> b.handlePacket(bad, 0, bad.length))
          .as("flip at %d", pos)
          .isInstanceOf(HandshakeException.class);
      assertThat(b.state()).isEqualTo(Handshaker.State.FAILED);
    }
  }

  @ParameterizedTest(name = "legacy={0}")
  @ValueSource(booleans = {false, true})
  void rejectsAckCorruptedAnywhere(boolean legacy) throws Exception {
    Handshaker a0 = initiatorAtoB();
    byte[] auth = legacy ? a0.initiateLegacy() : a0.initiate();
    byte[] ack = responderB().handlePacket(auth, 0, auth.length);
    int[] positions = {0, 1, 3, 70, 90, 150, ack.length - 1};
    for (int pos : positions) {
      byte[] bad = ack.clone();
      bad[pos] ^= 0x01;
      Handshaker a = initiatorAtoB();
      a.initiate();
      assertThatThrownBy(() -> a.handlePacket(bad, 0, bad.length))
          .as("flip at %d", pos)
          .isInstanceOf(HandshakeException.class);
      assertThat(a.state()).isEqualTo(Handshaker.State.FAILED);
    }
  }

  @Test
  void rejectsTruncatedAndExtendedPackets() throws Exception {
    byte[] auth = initiatorAtoB().initiate();
    for (int len : new int[] {0, 1, 2, 100, 306, 307, auth.length - 1}) {
      Handshaker b = responderB();
      assertThatThrownBy(() -> b.handlePacket(auth, 0, len))
          .as("length %d", len)
          .isInstanceOf(HandshakeException.class);
    }
    byte[] longer = Arrays.copyOf(auth, auth.length + 1);
    assertThatThrownBy(() -> responderB().handlePacket(longer, 0, longer.length))
        .isInstanceOf(HandshakeException.class);
    byte[] legacy = initiatorAtoB().initiateLegacy();
    assertThatThrownBy(() -> responderB().handlePacket(legacy, 0, legacy.length - 1))
        .isInstanceOf(HandshakeException.class);
  }

  @Test
  void rejectsEip8SizeBelowLegacyLength() throws Exception {
    // 169 + 0 + 113 = 282 < 307 - 2: a receiver that first reads 307 bytes would over-read.
    byte[] auth = initiatorAtoB().initiateEip8(0);
    assertThat(sizePrefix(auth)).isEqualTo(282);
    byte[] stream = Arrays.copyOf(auth, 400);

    Handshaker b = responderB();
    assertThat(b.nextPacketLength(stream, 0, 306)).isEqualTo(-1);
    assertThatThrownBy(() -> b.nextPacketLength(stream, 0, 307))
        .isInstanceOf(HandshakeException.class)
        .hasMessageContaining("shorter");
    assertThat(b.state()).isEqualTo(Handshaker.State.FAILED);
    assertThatThrownBy(() -> b.nextPacketLength(stream, 0, 400))
        .isInstanceOf(HandshakeException.class);
    assertThatThrownBy(() -> responderB().handlePacket(auth, 0, auth.length))
        .isInstanceOf(HandshakeException.class);
  }

  @ParameterizedTest(name = "legacy={0}")
  @ValueSource(booleans = {false, true})
  void rejectsAuthForAnotherKey(boolean legacy) throws Exception {
    Handshaker toC = Handshaker.initiator(KEY_A, KEY_C.publicKey(), RANDOM);
    byte[] auth = legacy ? toC.initiateLegacy() : toC.initiate();
    Handshaker b = responderB();

    // Undecryptable bytes are read as EIP-8: a foreign legacy auth ("04 xx...") then announces
    // a 1024..1279-byte packet, as it would to go-ethereum; the wait ends in the read timeout.
    assertThat(b.nextPacketLength(auth, 0, auth.length)).isEqualTo(sizePrefix(auth) + 2);
    assertThatThrownBy(() -> responderB().handlePacket(auth, 0, auth.length))
        .isInstanceOf(HandshakeException.class);
  }

  @Test
  void rejectsAckForAnotherKey() throws Exception {
    Handshaker a = initiatorAtoB();
    a.initiate();
    Handshaker c = Handshaker.initiator(KEY_C, KEY_B.publicKey(), RANDOM);
    byte[] authFromC = c.initiate();
    byte[] ackForC = responderB().handlePacket(authFromC, 0, authFromC.length);

    assertThatThrownBy(() -> a.handlePacket(ackForC, 0, ackForC.length))
        .isInstanceOf(HandshakeException.class);
  }

  @Test
  void rejectsAuthWithUnusableSignature() throws Exception {
    byte[] nonce = new byte[32];
    for (byte[] sig : new byte[][] {new byte[65], badRecoveryId()}) {
      byte[] plain = new AuthMessage(sig, KEY_A.publicKey(), nonce).encodeEip8Body();
      byte[] auth = sealFor(KEY_B, Arrays.copyOf(plain, plain.length + 120));
      assertThatThrownBy(() -> responderB().handlePacket(auth, 0, auth.length))
          .isInstanceOf(HandshakeException.class)
          .hasMessageContaining("signature");
    }
  }

  @Test
  void rejectsAuthWhoseInitiatorKeyIsNotOnTheCurve() throws Exception {
    byte[] nonce = new byte[32];
    byte[] sig = Secp256k1.sign(KEY_C, new byte[32]);
    byte[] plain = new AuthMessage(sig, new byte[64], nonce).encodeEip8Body();
    byte[] auth = sealFor(KEY_B, Arrays.copyOf(plain, plain.length + 120));

    assertThatThrownBy(() -> responderB().handlePacket(auth, 0, auth.length))
        .isInstanceOf(HandshakeException.class);
  }

  @Test
  void rejectsAckWithEphemeralKeyNotOnTheCurve() throws Exception {
    Handshaker a = initiatorAtoB();
    a.initiate();
    byte[] plain = new AckMessage(new byte[64], new byte[32]).encodeEip8Body();
    byte[] ack = sealFor(KEY_A, Arrays.copyOf(plain, plain.length + 120));

    assertThatThrownBy(() -> a.handlePacket(ack, 0, ack.length))
        .isInstanceOf(HandshakeException.class);
  }

  @Test
  void rejectsWellEncryptedGarbage() throws Exception {
    Random rnd = new Random(7);
    byte[] plain = new byte[300];
    rnd.nextBytes(plain);
    plain[0] = (byte) 0xf8; // list header announcing more than is there
    plain[1] = (byte) 0xff;
    byte[] auth = sealFor(KEY_B, plain);
    assertThatThrownBy(() -> responderB().handlePacket(auth, 0, auth.length))
        .isInstanceOf(HandshakeException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void failedHandshakeStaysFailed() throws Exception {
    Handshaker b = responderB();
    byte[] junk = new byte[400];
    assertThatThrownBy(() -> b.handlePacket(junk, 0, junk.length))
        .isInstanceOf(HandshakeException.class);
    byte[] good = initiatorAtoB().initiate();

    assertThatThrownBy(() -> b.handlePacket(good, 0, good.length))
        .isInstanceOf(HandshakeException.class)
        .hasMessageContaining("already failed");
    assertThatThrownBy(() -> b.nextPacketLength(good, 0, good.length))
        .isInstanceOf(HandshakeException.class);
    assertThatThrownBy(b::secrets).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void callsOutOfStateAreProgrammingErrors() throws Exception {
    Handshaker a = initiatorAtoB();
    Handshaker b = responderB();
    byte[] buf = new byte[400];

    assertThatThrownBy(b::initiate).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::secrets).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::remoteNodeId).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> a.handlePacket(buf, 0, buf.length))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> a.nextPacketLength(buf, 0, buf.length))
        .isInstanceOf(IllegalStateException.class);
    assertThat(a.remoteNodeId()).isEqualTo(KEY_B.publicKey());

    byte[] auth = a.initiate();
    assertThatThrownBy(a::initiate).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(a::secrets).isInstanceOf(IllegalStateException.class);
    byte[] ack = b.handlePacket(auth, 0, auth.length);
    assertThatThrownBy(() -> b.handlePacket(auth, 0, auth.length))
        .isInstanceOf(IllegalStateException.class);
    a.handlePacket(ack, 0, ack.length);
    assertThatThrownBy(() -> a.handlePacket(ack, 0, ack.length))
        .isInstanceOf(IllegalStateException.class);
    assertThat(a.secrets()).isSameAs(a.secrets());
  }

  @Test
  void rejectsInvalidConstructorArguments() {
    assertThatThrownBy(() -> Handshaker.initiator(KEY_A, new byte[63], RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Handshaker.initiator(KEY_A, new byte[64], RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Handshaker.responder(KEY_B, KEY_C, new byte[31], RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretsExposeLiveSpongesAndCopiesOfKeys() throws Exception {
    Handshaker a = initiatorAtoB();
    Handshaker b = responderB();
    byte[] auth = a.initiate();
    byte[] ack = b.handlePacket(auth, 0, auth.length);
    a.handlePacket(ack, 0, ack.length);
    HandshakeSecrets s = a.secrets();

    s.aesSecret()[0] ^= 1;
    assertThat(s.aesSecret()).isEqualTo(b.secrets().aesSecret());
    Keccak256 egress = s.egressMac();
    egress.update(new byte[] {42});
    assertThat(s.egressMac()).isSameAs(egress);
    assertThat(s.egressMac().digest()).isNotEqualTo(b.secrets().ingressMac().digest());
  }

  private static byte[] badRecoveryId() {
    byte[] sig = Secp256k1.sign(KEY_C, new byte[32]);
    sig[64] = 9;
    return sig;
  }

  /** An EIP-8 packet with a correct size prefix and tag around an arbitrary plaintext. */
  static byte[] sealFor(Secp256k1.KeyPair recipient, byte[] plain) throws Exception {
    int size = plain.length + Ecies.OVERHEAD;
    byte[] prefix = {(byte) (size >> 8), (byte) size};
    return concat(prefix, Ecies.encrypt(recipient.publicKey(), plain, prefix, RANDOM));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

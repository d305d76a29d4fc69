package dev.causeway.v1.rlpx.handshake;

import static dev.causeway.v1.rlpx.handshake.HandshakeVectors.bytes;
import static dev.causeway.v1.rlpx.handshake.HandshakeVectors.has;
import static dev.causeway.v1.rlpx.handshake.HandshakeVectors.items;
import static dev.causeway.v1.rlpx.handshake.HandshakeVectors.key;
import static dev.causeway.v1.rlpx.handshake.HandshakeVectors.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Ecies;
import dev.causeway.common.crypto.Keccak256;
import dev.causeway.common.crypto.Secp256k1;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published EIP-8 RLPx handshake vectors (EIP-8; go-ethereum {@code rlpx_test.go}) and the
 * values derived from them in spec {@code v1-rlpx-devp2p.md} §6.2, read from {@code
 * vectors/eip8/rlpx-handshake.txt}. Pair 1 is legacy, pairs 2 and 3 EIP-8 (pair 3 with a higher
 * version and extra list elements).
 */
class HandshakeVectorTest {
  private static final Secp256k1.KeyPair STATIC_A = key("static-key-a");
  private static final Secp256k1.KeyPair STATIC_B = key("static-key-b");
  private static final Secp256k1.KeyPair EPHEMERAL_A = key("ephemeral-key-a");
  private static final Secp256k1.KeyPair EPHEMERAL_B = key("ephemeral-key-b");

  private static Handshaker responderB() {
    return Handshaker.responder(STATIC_B, EPHEMERAL_B, bytes("nonce-b"), new SecureRandom());
  }

  private static Handshaker initiatorA() {
    return Handshaker.initiator(
        STATIC_A, bytes("pub-b"), EPHEMERAL_A, bytes("nonce-a"), new SecureRandom());
  }

  private static byte[] fooDigest(Keccak256 mac) {
    return new Keccak256(mac).update("foo".getBytes(StandardCharsets.US_ASCII)).digest();
  }

  @ParameterizedTest(name = "Auth{0}")
  @ValueSource(ints = {1, 2, 3})
  void responderAcceptsPublishedAuthAndDerivesPublishedSecrets(int pair) throws Exception {
    byte[] auth = bytes("auth" + pair);
    Handshaker b = responderB();

    byte[] ack = b.handlePacket(auth, 0, auth.length);

    assertThat(b.state()).isEqualTo(Handshaker.State.COMPLETE);
    assertThat(b.remoteNodeId()).isEqualTo(bytes("pub-a"));
    HandshakeSecrets s = b.secrets();
    assertThat(s.initiator()).isFalse();
    assertThat(s.remoteNodeId()).isEqualTo(bytes("pub-a"));
    assertThat(s.aesSecret()).isEqualTo(bytes("aes-secret"));
    assertThat(s.macSecret()).isEqualTo(bytes("mac-secret"));
    String fooKey = "pair" + pair + "-b-ingress-mac-foo";
    if (has(fooKey)) {
      assertThat(fooDigest(s.ingressMac())).isEqualTo(bytes(fooKey));
    }
    String ingressKey = "pair" + pair + "-b-ingress-digest";
    if (has(ingressKey)) {
      assertThat(s.ingressMac().digest()).isEqualTo(bytes(ingressKey));
    }
    // A legacy auth is answered with a legacy ack, an EIP-8 auth with an EIP-8 ack.
    if (pair == 1) {
      assertThat(ack).hasSize(HandshakeConstants.LEGACY_ACK_PACKET_LENGTH);
    } else {
      assertThat(((ack[0] & 0xff) << 8 | (ack[1] & 0xff)) + 2).isEqualTo(ack.length);
    }
  }

  @ParameterizedTest(name = "Ack{0}")
  @ValueSource(ints = {1, 2, 3})
  void initiatorAcceptsPublishedAckAndDerivesPublishedSecrets(int pair) throws Exception {
    byte[] ack = bytes("ack" + pair);
    Handshaker a = initiatorA();
    a.initiate();

    assertThat(a.handlePacket(ack, 0, ack.length)).isNull();

    assertThat(a.isComplete()).isTrue();
    HandshakeSecrets s = a.secrets();
    assertThat(s.initiator()).isTrue();
    assertThat(s.remoteNodeId()).isEqualTo(bytes("pub-b"));
    assertThat(s.aesSecret()).isEqualTo(bytes("aes-secret"));
    assertThat(s.macSecret()).isEqualTo(bytes("mac-secret"));
    // A's ingress absorbs (mac ^ nonceA) || ack, exactly what B's egress absorbed when B sent it.
    String egressKey = "pair" + pair + "-b-egress-digest";
    if (has(egressKey)) {
      assertThat(s.ingressMac().digest()).isEqualTo(bytes(egressKey));
    }
  }

  @ParameterizedTest(name = "pair {0}")
  @ValueSource(ints = {1, 2, 3})
  void nextPacketLengthFindsPublishedPacketBoundaries(int pair) throws Exception {
    byte[] auth = bytes("auth" + pair);
    byte[] ack = bytes("ack" + pair);
    // Followed by unrelated bytes, as when the peer's first frame arrives in the same read.
    byte[] authStream = Arrays.copyOf(auth, auth.length + 40);
    byte[] ackStream = Arrays.copyOf(ack, ack.length + 40);

    assertThat(responderB().nextPacketLength(authStream, 0, authStream.length))
        .isEqualTo(auth.length);
    Handshaker a = initiatorA();
    a.initiate();
    assertThat(a.nextPacketLength(ackStream, 0, ackStream.length)).isEqualTo(ack.length);
  }

  @ParameterizedTest(name = "Auth{0}")
  @ValueSource(ints = {1, 2, 3})
  void publishedAuthDecodesToPublishedFields(int pair) throws Exception {
    byte[] auth = bytes("auth" + pair);
    AuthMessage msg;
    if (pair == 1) {
      msg = AuthMessage.readFromLegacy(Ecies.decrypt(STATIC_B, auth, null));
    } else {
      byte[] plain = Ecies.decrypt(STATIC_B, auth, 2, auth.length - 2, Arrays.copyOf(auth, 2));
      msg = AuthMessage.readFromEip8(plain);
      byte[] body = msg.encodeEip8Body();
      assertThat(Arrays.copyOf(plain, body.length)).as("re-encoded body").isEqualTo(body);
    }
    assertThat(msg.signature()).isEqualTo(bytes("auth-signature"));
    assertThat(msg.initiatorPublicKey()).isEqualTo(bytes("pub-a"));
    assertThat(msg.initiatorNonce()).isEqualTo(bytes("nonce-a"));
    assertThat(msg.version()).isEqualTo(number("auth" + pair + "-version"));
    assertThat(msg.extraElements())
        .usingElementComparator(Arrays::compare)
        .containsExactlyElementsOf(items("auth" + pair + "-extras"));
  }

  @ParameterizedTest(name = "Ack{0}")
  @ValueSource(ints = {1, 2, 3})
  void publishedAckDecodesToPublishedFields(int pair) throws Exception {
    byte[] ack = bytes("ack" + pair);
    AckMessage msg;
    if (pair == 1) {
      msg = AckMessage.readFromLegacy(Ecies.decrypt(STATIC_A, ack, null));
    } else {
      byte[] plain = Ecies.decrypt(STATIC_A, ack, 2, ack.length - 2, Arrays.copyOf(ack, 2));
      msg = AckMessage.readFromEip8(plain);
      byte[] body = msg.encodeEip8Body();
      assertThat(Arrays.copyOf(plain, body.length)).as("re-encoded body").isEqualTo(body);
    }
    assertThat(msg.ephemeralPublicKey()).isEqualTo(bytes("ephemeral-pub-b"));
    assertThat(msg.recipientNonce()).isEqualTo(bytes("nonce-b"));
    assertThat(msg.version()).isEqualTo(number("ack" + pair + "-version"));
    assertThat(msg.extraElements())
        .usingElementComparator(Arrays::compare)
        .containsExactlyElementsOf(items("ack" + pair + "-extras"));
  }

  @Test
  void initiatorSignsTheDigestThePublishedAuthSigns() throws Exception {
    byte[] eip8 = initiatorA().initiate();
    byte[] legacy = initiatorA().initiateLegacy();

    AuthMessage fromEip8 =
        AuthMessage.readFromEip8(
            Ecies.decrypt(STATIC_B, eip8, 2, eip8.length - 2, Arrays.copyOf(eip8, 2)));
    AuthMessage fromLegacy = AuthMessage.readFromLegacy(Ecies.decrypt(STATIC_B, legacy, null));

    // The published signature used another k than RFC 6979, so compare what they sign: both
    // recover A's ephemeral key from static-shared-secret ^ nonceA.
    byte[] digest = bytes("signed-digest");
    assertThat(Secp256k1.recover(bytes("auth-signature"), digest))
        .isEqualTo(bytes("ephemeral-pub-a"));
    assertThat(Secp256k1.recover(fromEip8.signature(), digest)).isEqualTo(bytes("ephemeral-pub-a"));
    assertThat(Secp256k1.recover(fromLegacy.signature(), digest))
        .isEqualTo(bytes("ephemeral-pub-a"));
    assertThat(fromEip8.initiatorNonce()).isEqualTo(bytes("nonce-a"));
    assertThat(fromLegacy.initiatorPublicKey()).isEqualTo(bytes("pub-a"));
  }

  @Test
  void derivedIntermediateValuesChainToPublishedSecrets() throws Exception {
    assertThat(STATIC_A.publicKey()).isEqualTo(bytes("pub-a"));
    assertThat(EPHEMERAL_B.publicKey()).isEqualTo(bytes("ephemeral-pub-b"));
    assertThat(Secp256k1.ecdh(STATIC_A, bytes("pub-b"))).isEqualTo(bytes("static-shared-secret"));
    byte[] ephemeralKey = Secp256k1.ecdh(EPHEMERAL_A, bytes("ephemeral-pub-b"));
    assertThat(ephemeralKey).isEqualTo(bytes("ephemeral-shared-key"));
    byte[] shared =
        Keccak256.hash(ephemeralKey, Keccak256.hash(bytes("nonce-b"), bytes("nonce-a")));
    assertThat(shared).isEqualTo(bytes("shared-secret"));
    assertThat(Keccak256.hash(ephemeralKey, shared)).isEqualTo(bytes("aes-secret"));
  }

  @ParameterizedTest(name = "legacy={0}")
  @ValueSource(booleans = {false, true})
  void vectorKeysRoundTripToPublishedSecretsWithMirroredMacs(boolean legacy) throws Exception {
    Handshaker a = initiatorA();
    Handshaker b = responderB();

    byte[] auth = legacy ? a.initiateLegacy() : a.initiate();
    byte[] ack = b.handlePacket(auth, 0, auth.length);
    a.handlePacket(ack, 0, ack.length);

    HandshakeSecrets sa = a.secrets();
    HandshakeSecrets sb = b.secrets();
    for (HandshakeSecrets s : new HandshakeSecrets[] {sa, sb}) {
      assertThat(s.aesSecret()).isEqualTo(bytes("aes-secret"));
      assertThat(s.macSecret()).isEqualTo(bytes("mac-secret"));
    }
    assertThat(fooDigest(sa.egressMac())).isEqualTo(fooDigest(sb.ingressMac()));
    assertThat(fooDigest(sb.egressMac())).isEqualTo(fooDigest(sa.ingressMac()));
    assertThat(sa.egressMac().digest()).isNotEqualTo(sa.ingressMac().digest());
  }
}

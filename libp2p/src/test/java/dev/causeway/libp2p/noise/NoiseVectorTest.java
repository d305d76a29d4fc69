package dev.causeway.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.noise.NoiseVectors.Vector;
import dev.causeway.libp2p.peer.PeerId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Published Noise vectors (cacophony and snow XX vectors, js-libp2p-noise HKDF) and the computed
 * libp2p handshake vector of spec libp2p-core.md §5.5, read from {@code vectors/noise/}.
 */
class NoiseVectorTest {
  static List<Vector> publishedXx() {
    return NoiseVectors.load("noise-xx-published.txt");
  }

  static List<Vector> hkdf() {
    return NoiseVectors.load("hkdf.txt");
  }

  static List<Vector> libp2p() {
    return NoiseVectors.load("libp2p-xx-computed.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedXx")
  void genericXxHandshakeAndTransportReproducePublishedCiphertexts(Vector v) throws Exception {
    HandshakeState init =
        new HandshakeState(
            true,
            v.bytes("prologue"),
            X25519KeyPair.fromPrivate(v.bytes("init-static")),
            X25519KeyPair.fromPrivate(v.bytes("init-ephemeral")));
    HandshakeState resp =
        new HandshakeState(
            false,
            v.bytes("prologue"),
            X25519KeyPair.fromPrivate(v.bytes("resp-static")),
            X25519KeyPair.fromPrivate(v.bytes("resp-ephemeral")));

    byte[] a = init.writeMessageA(v.bytes("msg0-payload"));
    assertThat(Hex.encode(a)).isEqualTo(Hex.encode(v.bytes("msg0-ciphertext")));
    assertThat(resp.readMessageA(a, 0, a.length)).isEqualTo(v.bytes("msg0-payload"));

    byte[] b = resp.writeMessageB(v.bytes("msg1-payload"));
    assertThat(Hex.encode(b)).isEqualTo(Hex.encode(v.bytes("msg1-ciphertext")));
    assertThat(init.readMessageB(b, 0, b.length)).isEqualTo(v.bytes("msg1-payload"));

    byte[] c = init.writeMessageC(v.bytes("msg2-payload"));
    assertThat(Hex.encode(c)).isEqualTo(Hex.encode(v.bytes("msg2-ciphertext")));
    assertThat(resp.readMessageC(c, 0, c.length)).isEqualTo(v.bytes("msg2-payload"));

    assertThat(init.handshakeHash()).isEqualTo(resp.handshakeHash());
    if (v.has("handshake-hash")) {
      assertThat(Hex.encode(init.handshakeHash())).isEqualTo(Hex.encode(v.bytes("handshake-hash")));
    }
    assertThat(init.remoteStatic()).isEqualTo(resp.localStaticPublic());
    assertThat(resp.remoteStatic()).isEqualTo(init.localStaticPublic());

    CipherState[] i = init.split(); // {send, receive}
    CipherState[] r = resp.split();
    for (int m = 3; v.has("msg" + m + "-payload"); m++) {
      byte[] payload = v.bytes("msg" + m + "-payload");
      boolean fromInitiator = m % 2 == 0;
      CipherState sender = fromInitiator ? i[0] : r[0];
      CipherState receiver = fromInitiator ? r[1] : i[1];
      byte[] ct = sender.encryptWithAd(new byte[0], payload);
      assertThat(Hex.encode(ct))
          .as("message %d", m)
          .isEqualTo(Hex.encode(v.bytes("msg" + m + "-ciphertext")));
      assertThat(receiver.decryptWithAd(new byte[0], ct)).isEqualTo(payload);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hkdf")
  void hkdfMatchesPublishedOutputs(Vector v) {
    byte[][] out = SymmetricState.hkdf(v.bytes("ck"), v.bytes("ikm"), 3);
    assertThat(Hex.encode(out[0])).isEqualTo(Hex.encode(v.bytes("out1")));
    assertThat(Hex.encode(out[1])).isEqualTo(Hex.encode(v.bytes("out2")));
    assertThat(Hex.encode(out[2])).isEqualTo(Hex.encode(v.bytes("out3")));
    byte[][] two = SymmetricState.hkdf(v.bytes("ck"), v.bytes("ikm"), 2);
    assertThat(two[0]).isEqualTo(out[0]);
    assertThat(two[1]).isEqualTo(out[1]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libp2p")
  void libp2pHandshakeReproducesComputedWireBytesAndKeys(Vector v) throws Exception {
    PrivKey initId = Keys.unmarshalPrivateKey(v.bytes("init-identity"));
    PrivKey respId = Keys.unmarshalPrivateKey(v.bytes("resp-identity"));
    PeerId respPeer = PeerId.fromPublicKey(respId.publicKey());
    NoiseHandshake init =
        NoiseHandshake.initiator(
            initId, respPeer, v.bytes("init-static"), v.bytes("init-ephemeral"));
    NoiseHandshake resp =
        NoiseHandshake.responder(respId, v.bytes("resp-static"), v.bytes("resp-ephemeral"));
    assertThat(init.localStaticPublicKey()).isEqualTo(v.bytes("init-static-pub"));
    assertThat(resp.localStaticPublicKey()).isEqualTo(v.bytes("resp-static-pub"));

    // the signed data and the payloads, field by field
    assertThat(HandshakePayload.signedData(v.bytes("resp-static-pub")))
        .isEqualTo(v.bytes("resp-signed"));
    assertThat(HandshakePayload.signedData(v.bytes("init-static-pub")))
        .isEqualTo(v.bytes("init-signed"));
    assertThat(Hex.encode(respId.sign(v.bytes("resp-signed"))))
        .isEqualTo(Hex.encode(v.bytes("resp-sig")));
    assertThat(Hex.encode(initId.sign(v.bytes("init-signed"))))
        .isEqualTo(Hex.encode(v.bytes("init-sig")));
    assertThat(HandshakePayload.sign(respId, v.bytes("resp-static-pub")).encode())
        .isEqualTo(v.bytes("payload-b"));
    assertThat(HandshakePayload.sign(initId, v.bytes("init-static-pub")).encode())
        .isEqualTo(v.bytes("payload-c"));

    byte[] a = init.writeMessage();
    assertThat(Hex.encode(NoiseFrameCodec.frame(a))).isEqualTo(Hex.encode(v.bytes("wire-a")));
    resp.readMessage(a);
    byte[] b = resp.writeMessage();
    assertThat(Hex.encode(NoiseFrameCodec.frame(b))).isEqualTo(Hex.encode(v.bytes("wire-b")));
    init.readMessage(b);
    assertThat(init.remotePeerId()).isEqualTo(respPeer);
    byte[] c = init.writeMessage();
    assertThat(Hex.encode(NoiseFrameCodec.frame(c))).isEqualTo(Hex.encode(v.bytes("wire-c")));
    resp.readMessage(c);
    assertThat(init.isComplete()).isTrue();
    assertThat(resp.isComplete()).isTrue();
    assertThat(resp.remotePeerId()).isEqualTo(PeerId.fromPublicKey(initId.publicKey()));
    assertThat(resp.remotePublicKey()).isEqualTo(initId.publicKey());

    NoiseSession si = init.split();
    NoiseSession sr = resp.split();
    assertThat(Hex.encode(si.handshakeHash())).isEqualTo(Hex.encode(v.bytes("handshake-hash")));
    assertThat(sr.handshakeHash()).isEqualTo(si.handshakeHash());
    assertThat(si.remoteStaticKey()).isEqualTo(v.bytes("resp-static-pub"));

    byte[] plaintext = v.bytes("transport-plaintext");
    NoiseFrameCodec ci = new NoiseFrameCodec(si);
    NoiseFrameCodec cr = new NoiseFrameCodec(sr);
    byte[] fromInit = ci.encrypt(plaintext);
    byte[] fromResp = cr.encrypt(plaintext);
    assertThat(Hex.encode(fromInit)).isEqualTo(Hex.encode(v.bytes("transport-init-framed")));
    assertThat(Hex.encode(fromResp)).isEqualTo(Hex.encode(v.bytes("transport-resp-framed")));
    assertThat(cr.decrypt(fromInit)).containsExactly(plaintext);
    assertThat(ci.decrypt(fromResp)).containsExactly(plaintext);

    // k1 and k2 themselves: fresh cipher states under them reproduce the first frames
    byte[] body = Arrays.copyOfRange(fromInit, 2, fromInit.length);
    assertThat(new CipherState(v.bytes("k1")).encryptWithAd(new byte[0], plaintext))
        .isEqualTo(body);
    body = Arrays.copyOfRange(fromResp, 2, fromResp.length);
    assertThat(new CipherState(v.bytes("k2")).encryptWithAd(new byte[0], plaintext))
        .isEqualTo(body);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libp2p")
  void initiatorAcceptsStreamMuxersExtensionInMessageB(Vector v) throws Exception {
    PrivKey initId = Keys.unmarshalPrivateKey(v.bytes("init-identity"));
    PrivKey respId = Keys.unmarshalPrivateKey(v.bytes("resp-identity"));
    byte[] withExt = v.bytes("payload-b-with-extensions");
    assertThat(HandshakePayload.readFrom(withExt).streamMuxers())
        .containsExactly("/yamux/1.0.0", "/mplex/6.7.0");

    NoiseHandshake init =
        NoiseHandshake.initiator(
            initId,
            PeerId.fromPublicKey(respId.publicKey()),
            v.bytes("init-static"),
            v.bytes("init-ephemeral"));
    // a responder that, like js-libp2p-noise, sends extensions: the generic core with that payload
    HandshakeState resp =
        new HandshakeState(
            false,
            new byte[0],
            X25519KeyPair.fromPrivate(v.bytes("resp-static")),
            X25519KeyPair.fromPrivate(v.bytes("resp-ephemeral")));
    byte[] a = init.writeMessage();
    resp.readMessageA(a, 0, a.length);
    byte[] b = resp.writeMessageB(withExt);
    init.readMessage(b);
    assertThat(init.state()).isEqualTo(NoiseHandshake.State.WRITE_C);
    assertThat(init.remotePeerId()).isEqualTo(PeerId.fromPublicKey(respId.publicKey()));
    byte[] c = init.writeMessage();
    assertThat(HandshakePayload.readFrom(resp.readMessageC(c, 0, c.length)).streamMuxers())
        .isEmpty();
  }
}

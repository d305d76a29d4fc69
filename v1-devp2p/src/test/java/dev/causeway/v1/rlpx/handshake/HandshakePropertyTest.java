package dev.causeway.v1.rlpx.handshake;

import dev.causeway.common.crypto.Ecies;
import dev.causeway.common.crypto.Secp256k1;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile input only ever produces {@link HandshakeException}: random bytes, bytes with a
 * consistent EIP-8 size prefix, random or mutated plaintexts under a valid ECIES tag (which reach
 * the RLP, signature and key checks), fed to {@link Handshaker} and to the message decoders.
 */
class HandshakePropertyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Secp256k1.KeyPair KEY_A = Secp256k1.KeyPair.random(RANDOM);
  private static final Secp256k1.KeyPair KEY_B = Secp256k1.KeyPair.random(RANDOM);
  private static final Secp256k1.KeyPair EPH = Secp256k1.KeyPair.random(RANDOM);
  private static final byte[] NONCE = new byte[32];

  private static Handshaker responder() {
    return Handshaker.responder(KEY_B, EPH, NONCE, RANDOM);
  }

  private static Handshaker awaitingAck() throws HandshakeException {
    Handshaker a = Handshaker.initiator(KEY_A, KEY_B.publicKey(), EPH, NONCE, RANDOM);
    a.initiate();
    return a;
  }

  /** Feeds {@code data} the way a stream reader would; only HandshakeException may escape. */
  private static void feed(Handshaker h, byte[] data, int available) {
    try {
      int n = h.nextPacketLength(data, 0, Math.min(available, data.length));
      if (n > 0 && n <= data.length) {
        h.handlePacket(data, 0, n);
      }
    } catch (HandshakeException expected) {
      // the only acceptable failure
    }
    try {
      if (h.state() != Handshaker.State.COMPLETE) {
        h.handlePacket(data, 0, data.length);
      }
    } catch (HandshakeException expected) {
      // the only acceptable failure
    }
  }

  @Provide
  Arbitrary<byte[]> packets() {
    Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(700);
    Arbitrary<byte[]> legacySized =
        Arbitraries.of(210, 307)
            .flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n))
            .map(
                b -> {
                  b[0] = 0x04; // looks like an ECIES point prefix, so the legacy trial runs
                  return b;
                });
    Arbitrary<byte[]> consistentPrefix =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMinSize(210)
            .ofMaxSize(700)
            .map(
                b -> {
                  int size = b.length - 2;
                  b[0] = (byte) (size >>> 8);
                  b[1] = (byte) size;
                  if (b.length > 2) {
                    b[2] = 0x04;
                  }
                  return b;
                });
    return Arbitraries.oneOf(any, legacySized, consistentPrefix);
  }

  @Property(tries = 300)
  void responderOnlyThrowsHandshakeException(
      @ForAll("packets") byte[] data, @ForAll @IntRange(min = 0, max = 700) int available) {
    feed(responder(), data, available);
  }

  @Property(tries = 200)
  void initiatorOnlyThrowsHandshakeException(
      @ForAll("packets") byte[] data, @ForAll @IntRange(min = 0, max = 700) int available)
      throws HandshakeException {
    feed(awaitingAck(), data, available);
  }

  @Property(tries = 200)
  void encryptedRandomPlaintextOnlyThrowsHandshakeException(
      @ForAll @Size(max = 400) byte[] plain, @ForAll boolean legacy, @ForAll boolean toResponder)
      throws Exception {
    Secp256k1.KeyPair recipient = toResponder ? KEY_B : KEY_A;
    byte[] packet;
    if (legacy) {
      int len = toResponder ? AuthMessage.LEGACY_LENGTH : AckMessage.LEGACY_LENGTH;
      packet = Ecies.encrypt(recipient.publicKey(), Arrays.copyOf(plain, len), null, RANDOM);
    } else {
      packet = HandshakerTest.sealFor(recipient, Arrays.copyOf(plain, Math.max(plain.length, 200)));
    }
    feed(toResponder ? responder() : awaitingAck(), packet, packet.length);
  }

  @Property(tries = 200)
  void encryptedMutatedBodiesOnlyThrowHandshakeException(
      @ForAll @Size(min = 1, max = 6) int[] positions,
      @ForAll byte value,
      @ForAll boolean toResponder,
      @ForAll @IntRange(min = 0, max = 150) int padding)
      throws Exception {
    byte[] body =
        toResponder
            ? new AuthMessage(
                    Secp256k1.sign(EPH, new byte[32]), KEY_A.publicKey(), NONCE, 4, new byte[] {1})
                .encodeEip8Body()
            : new AckMessage(EPH.publicKey(), NONCE).encodeEip8Body();
    byte[] plain = Arrays.copyOf(body, body.length + padding);
    for (int p : positions) {
      plain[Math.floorMod(p, plain.length)] ^= value == 0 ? 1 : value;
    }
    byte[] packet = HandshakerTest.sealFor(toResponder ? KEY_B : KEY_A, plain);
    feed(toResponder ? responder() : awaitingAck(), packet, packet.length);
  }

  @Property(tries = 1000)
  void messageDecodersOnlyThrowHandshakeException(@ForAll @Size(max = 300) byte[] plain) {
    try {
      AuthMessage.readFromEip8(plain).extraElements();
    } catch (HandshakeException expected) {
      // acceptable
    }
    try {
      AckMessage.readFromEip8(plain).extraElements();
    } catch (HandshakeException expected) {
      // acceptable
    }
    try {
      AuthMessage.readFromLegacy(plain);
    } catch (HandshakeException expected) {
      // acceptable
    }
    try {
      AckMessage.readFromLegacy(plain);
    } catch (HandshakeException expected) {
      // acceptable
    }
  }
}

package dev.causeway.v1.rlpx.handshake;

import dev.causeway.common.crypto.Ecies;
import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.testing.RandomInputs;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

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

  /** Random packets: any bytes, legacy-sized ECIES-looking bytes, or a consistent EIP-8 prefix. */
  private static byte[] packet(Random r) {
    switch (r.nextInt(3)) {
      case 0:
        return RandomInputs.bytes(r, 700);
      case 1:
        {
          int n = r.nextBoolean() ? 210 : 307;
          byte[] b = RandomInputs.bytes(r, n, n);
          b[0] = 0x04; // looks like an ECIES point prefix, so the legacy trial runs
          return b;
        }
      default:
        {
          byte[] b = RandomInputs.bytes(r, 210, 700);
          int size = b.length - 2;
          b[0] = (byte) (size >>> 8);
          b[1] = (byte) size;
          b[2] = 0x04;
          return b;
        }
    }
  }

  @Test
  void responderOnlyThrowsHandshakeException() {
    RandomInputs.forEachCase(300, r -> feed(responder(), packet(r), r.nextInt(701)));
  }

  @Test
  void initiatorOnlyThrowsHandshakeException() {
    RandomInputs.forEachCase(200, r -> feed(awaitingAck(), packet(r), r.nextInt(701)));
  }

  @Test
  void encryptedRandomPlaintextOnlyThrowsHandshakeException() {
    RandomInputs.forEachCase(
        200,
        r -> {
          byte[] plain = RandomInputs.bytes(r, 400);
          boolean legacy = r.nextBoolean();
          boolean toResponder = r.nextBoolean();
          Secp256k1.KeyPair recipient = toResponder ? KEY_B : KEY_A;
          byte[] packet;
          if (legacy) {
            int len = toResponder ? AuthMessage.LEGACY_LENGTH : AckMessage.LEGACY_LENGTH;
            packet = Ecies.encrypt(recipient.publicKey(), Arrays.copyOf(plain, len), null, RANDOM);
          } else {
            packet =
                HandshakerTest.sealFor(
                    recipient, Arrays.copyOf(plain, Math.max(plain.length, 200)));
          }
          feed(toResponder ? responder() : awaitingAck(), packet, packet.length);
        });
  }

  @Test
  void encryptedMutatedBodiesOnlyThrowHandshakeException() {
    RandomInputs.forEachCase(
        200,
        r -> {
          boolean toResponder = r.nextBoolean();
          byte[] body =
              toResponder
                  ? new AuthMessage(
                          Secp256k1.sign(EPH, new byte[32]),
                          KEY_A.publicKey(),
                          NONCE,
                          4,
                          new byte[] {1})
                      .encodeEip8Body()
                  : new AckMessage(EPH.publicKey(), NONCE).encodeEip8Body();
          byte[] plain = RandomInputs.mutate(r, Arrays.copyOf(body, body.length + r.nextInt(151)));
          if (plain.length == 0) {
            plain = new byte[] {1};
          }
          byte[] packet = HandshakerTest.sealFor(toResponder ? KEY_B : KEY_A, plain);
          feed(toResponder ? responder() : awaitingAck(), packet, packet.length);
        });
  }

  @Test
  void messageDecodersOnlyThrowHandshakeException() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          byte[] plain = RandomInputs.bytes(r, 300);
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
        });
  }
}

package dev.causeway.v1.waku;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.payload.DecodedPayload;
import dev.causeway.common.payload.PayloadCodec;
import dev.causeway.common.payload.SymmetricKeys;
import dev.causeway.common.payload.Topics;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.SubProtocol;
import dev.causeway.v1.rlpx.SubProtocolHandler;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.host.Devp2pHost;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.message.StatusMessage;
import dev.causeway.v1.waku.message.StatusOptions;
import dev.causeway.v1.waku.message.WakuV1MessageCodes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three of our {@code waku/1} nodes in a line on 127.0.0.1 (A — B — C), on one fixed clock:
 * encrypted envelopes posted at A are flooded through B and decrypt at C; a peer that sends garbage
 * is disconnected with BREACH_OF_PROTOCOL while the line keeps working.
 */
class WakuV1NodeIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
  private static final Topic TOPIC = Topic.of(Topics.toTopic("status"));
  private static final byte[] SYM_KEY = SymmetricKeys.fromPassword("status");
  private final List<AutoCloseable> closeables = new ArrayList<>();

  record Node(WakuV1Node node, BlockingQueue<Envelope> received) {}

  private Node node(List<Enode> staticPeers) throws Exception {
    Devp2pConfig dev =
        Devp2pConfig.defaults(Secp256k1.KeyPair.random(RANDOM), "127.0.0.1", 0)
            .withStaticPeers(staticPeers)
            .withReconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
            .withIoThreads(1);
    WakuV1Config cfg =
        WakuV1Config.defaults(dev).withMinPow(0.002).withFloodInterval(Duration.ofMillis(50));
    WakuV1Node n = new WakuV1Node(cfg, new SimpleMeterRegistry(), CLOCK, RANDOM);
    closeables.add(n);
    BlockingQueue<Envelope> q = new LinkedBlockingQueue<>();
    n.addListener((e, pow, from) -> q.add(e));
    n.start();
    return new Node(n, q);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private static Envelope poll(BlockingQueue<Envelope> q) throws InterruptedException {
    Envelope e = q.poll(20, TimeUnit.SECONDS);
    assertThat(e).as("envelope within 20 s").isNotNull();
    return e;
  }

  @Test
  void symmetricAndAsymmetricMessagesCrossALineOfThreeNodes() throws Exception {
    Node c = node(List.of());
    Node b = node(List.of(c.node().enode()));
    Node a = node(List.of(b.node().enode()));
    Secp256k1.KeyPair recipient = Secp256k1.KeyPair.random(RANDOM);
    Secp256k1.KeyPair signer = Secp256k1.KeyPair.random(RANDOM);

    byte[] sym =
        PayloadCodec.encryptSymmetric(
            "hello over waku/1".getBytes(StandardCharsets.UTF_8), SYM_KEY, signer, RANDOM);
    byte[] asym =
        PayloadCodec.encryptAsymmetric(
            "for your eyes only".getBytes(StandardCharsets.UTF_8),
            recipient.publicKey(),
            null,
            RANDOM);
    Envelope s1 = a.node().post(TOPIC, sym, 50, 0.002).get(20, TimeUnit.SECONDS);
    Envelope s2 = a.node().post(TOPIC, asym, 50, 0.002).get(20, TimeUnit.SECONDS);

    List<Envelope> atC = List.of(poll(c.received()), poll(c.received()));
    assertThat(atC).extracting(Envelope::hash).containsExactlyInAnyOrder(s1.hash(), s2.hash());
    Envelope symAtC = atC.get(0).hash().equals(s1.hash()) ? atC.get(0) : atC.get(1);
    Envelope asymAtC = atC.get(0).hash().equals(s2.hash()) ? atC.get(0) : atC.get(1);

    DecodedPayload d1 = PayloadCodec.decryptSymmetric(symAtC.data(), SYM_KEY);
    assertThat(new String(d1.payload(), StandardCharsets.UTF_8)).isEqualTo("hello over waku/1");
    assertThat(d1.signerPublicKey()).isEqualTo(signer.publicKey());
    DecodedPayload d2 = PayloadCodec.decryptAsymmetric(asymAtC.data(), recipient);
    assertThat(new String(d2.payload(), StandardCharsets.UTF_8)).isEqualTo("for your eyes only");

    // B saw both once; nothing is echoed back to A as new.
    assertThat(b.node().metrics().receivedCount(WakuV1Metrics.Received.NEW)).isEqualTo(2.0);
    assertThat(a.node().metrics().receivedCount(WakuV1Metrics.Received.NEW)).isZero();
    assertThat(c.node().highestPeerPowRequirement()).isEqualTo(0.002);
  }

  @Test
  void garbageSenderIsDisconnectedWithBreachWhileOthersKeepWorking() throws Exception {
    Node c = node(List.of());
    Node b = node(List.of(c.node().enode()));
    Node a = node(List.of(b.node().enode()));
    // Let the line form, then attack B.
    Envelope first =
        a.node().post(TOPIC, new byte[] {1, 2, 3}, 50, 0.002).get(20, TimeUnit.SECONDS);
    assertThat(poll(c.received()).hash()).isEqualTo(first.hash());

    BlockingQueue<DisconnectReason> closed = new LinkedBlockingQueue<>();
    Devp2pHost attacker =
        new Devp2pHost(
            Devp2pConfig.defaults(Secp256k1.KeyPair.random(RANDOM), "127.0.0.1", -1)
                .withIoThreads(1),
            List.of(garbageWaku(closed)),
            new SimpleMeterRegistry(),
            RANDOM);
    closeables.add(attacker);
    attacker.start();
    attacker.connect(b.node().enode()).get(20, TimeUnit.SECONDS);
    assertThat(closed.poll(20, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
    assertThat(b.node().metrics().peerDrops(WakuV1Metrics.PeerDrop.MALFORMED_PACKET))
        .isEqualTo(1.0);

    Envelope second =
        a.node().post(TOPIC, new byte[] {4, 5, 6}, 50, 0.002).get(20, TimeUnit.SECONDS);
    assertThat(poll(c.received()).hash()).isEqualTo(second.hash());
  }

  /** A waku/1 peer that sends a valid Status, then a Messages packet that is not RLP. */
  private static SubProtocol garbageWaku(BlockingQueue<DisconnectReason> closed) {
    return new SubProtocol() {
      @Override
      public Capability capability() {
        return new Capability("waku", 1);
      }

      @Override
      public int messageCount() {
        return 128;
      }

      @Override
      public SubProtocolHandler open(PeerConnection connection) {
        StatusOptions status = StatusOptions.builder().powRequirement(0.002).build();
        connection.send(WakuV1MessageCodes.STATUS, new StatusMessage(status).encode());
        connection.send(WakuV1MessageCodes.MESSAGES, new byte[] {(byte) 0xf9, 0x7f, 0x00, 0x01});
        return new SubProtocolHandler() {
          @Override
          public void onMessage(int code, byte[] msgData) {}

          @Override
          public void onClose(DisconnectReason reason, boolean byRemote) {
            closed.add(reason);
          }
        };
      }
    };
  }
}

package dev.causeway.v1.rlpx.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.netty.Session;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two or more devp2p hosts on 127.0.0.1 with the test {@code echo/1} capability. */
class Devp2pHostIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  record Node(
      Devp2pHost host, EchoProtocol echo, SimpleMeterRegistry registry, Secp256k1.KeyPair key) {}

  private static Secp256k1.KeyPair keyOf(Node n) {
    return n.key();
  }

  private Node node(Duration handshakeTimeout, int maxPeers) throws Exception {
    EchoProtocol echo = new EchoProtocol();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Secp256k1.KeyPair key = Secp256k1.KeyPair.random(RANDOM);
    Devp2pConfig cfg =
        Devp2pConfig.defaults(key, "127.0.0.1", 0)
            .withMaxPeers(maxPeers)
            .withTimeouts(handshakeTimeout, Duration.ofSeconds(5), Duration.ofSeconds(15))
            .withIoThreads(1);
    Devp2pHost host = new Devp2pHost(cfg, List.of(echo), registry, RANDOM);
    closeables.add(host);
    host.start();
    return new Node(host, echo, registry, key);
  }

  private Node node() throws Exception {
    return node(Duration.ofSeconds(5), 10);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  @Test
  void dialledPeersExchangeSubProtocolMessagesBothWays() throws Exception {
    Node a = node();
    Node b = node();
    Session s = a.host().connect(b.host().localEnode()).get(10, TimeUnit.SECONDS);
    assertThat(s.remoteNodeId()).isEqualTo(b.host().localEnode().nodeId());
    assertThat(s.snappy()).isTrue();
    PeerConnection fromA = a.echo().opened.poll(10, TimeUnit.SECONDS);
    PeerConnection fromB = b.echo().opened.poll(10, TimeUnit.SECONDS);
    assertThat(fromA).isNotNull();
    assertThat(fromB).isNotNull();
    assertThat(fromB.isInbound()).isTrue();

    byte[] big = new byte[900_000];
    RANDOM.nextBytes(big);
    fromA.send(0, big);
    fromB.send(0, "hi".getBytes(StandardCharsets.UTF_8));
    EchoProtocol.Received atA = a.echo().received.poll(10, TimeUnit.SECONDS);
    EchoProtocol.Received atA2 = a.echo().received.poll(10, TimeUnit.SECONDS);
    EchoProtocol.Received atB = b.echo().received.poll(10, TimeUnit.SECONDS);
    assertThat(atA).isNotNull();
    assertThat(atA.data()).isEqualTo(big);
    assertThat(atA2).isNull();
    assertThat(atB.data()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void protocolViolationDisconnectsWithReasonAndOthersKeepWorking() throws Exception {
    Node a = node();
    Node b = node();
    Node c = node();
    a.host().connect(b.host().localEnode()).get(10, TimeUnit.SECONDS);
    c.host().connect(b.host().localEnode()).get(10, TimeUnit.SECONDS);
    PeerConnection aToB = a.echo().opened.poll(10, TimeUnit.SECONDS);
    PeerConnection cToB = c.echo().opened.poll(10, TimeUnit.SECONDS);

    aToB.send(3, new byte[] {1});
    assertThat(a.echo().closed.poll(10, TimeUnit.SECONDS))
        .isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
    assertThat(a.host().metrics().disconnectsReceived(DisconnectReason.BREACH_OF_PROTOCOL))
        .isEqualTo(1.0);

    cToB.send(0, new byte[] {7});
    EchoProtocol.Received echoed = c.echo().received.poll(10, TimeUnit.SECONDS);
    assertThat(echoed).isNotNull();
    assertThat(echoed.data()).containsExactly(7);
  }

  @Test
  void secondSessionWithSameNodeIdIsRefusedAsAlreadyConnected() throws Exception {
    Node a = node();
    Node b = node();
    a.host().connect(b.host().localEnode()).get(10, TimeUnit.SECONDS);
    // Dialling a connected peer again returns the existing session.
    Session again = b.host().connect(a.host().localEnode()).get(10, TimeUnit.SECONDS);
    assertThat(again.remoteNodeId()).isEqualTo(a.host().localEnode().nodeId());
    // A second process with a's key is refused by b on the wire.
    EchoProtocol twinEcho = new EchoProtocol();
    Devp2pConfig twinCfg = Devp2pConfig.defaults(keyOf(a), "127.0.0.1", 0).withIoThreads(1);
    Devp2pHost twin = new Devp2pHost(twinCfg, List.of(twinEcho), new SimpleMeterRegistry(), RANDOM);
    closeables.add(twin);
    twin.start();
    // The twin admits the session on its side, then b's Disconnect arrives.
    twin.connect(b.host().localEnode());
    assertThat(twinEcho.closed.poll(10, TimeUnit.SECONDS))
        .isEqualTo(DisconnectReason.ALREADY_CONNECTED);
    assertThat(twin.metrics().disconnectsReceived(DisconnectReason.ALREADY_CONNECTED))
        .isEqualTo(1.0);
    assertThat(b.host().peerCount()).isEqualTo(1);
  }

  @Test
  void peerLimitRefusesExtraPeersWithTooManyPeers() throws Exception {
    Node hub = node(Duration.ofSeconds(5), 1);
    Node a = node();
    Node b = node();
    a.host().connect(hub.host().localEnode()).get(10, TimeUnit.SECONDS);
    b.host().connect(hub.host().localEnode());
    assertThat(b.echo().closed.poll(10, TimeUnit.SECONDS))
        .isEqualTo(DisconnectReason.TOO_MANY_PEERS);
    assertThat(b.host().metrics().disconnectsReceived(DisconnectReason.TOO_MANY_PEERS))
        .isEqualTo(1.0);
    assertThat(hub.host().peerCount()).isEqualTo(1);
  }

  @Test
  void garbageBeforeHandshakeIsClosedAndCountedWhileSessionsContinue() throws Exception {
    Node a = node();
    Node b = node();
    a.host().connect(b.host().localEnode()).get(10, TimeUnit.SECONDS);
    PeerConnection aToB = a.echo().opened.poll(10, TimeUnit.SECONDS);
    try (Socket raw = new Socket("127.0.0.1", b.host().port())) {
      raw.setSoTimeout(10_000);
      OutputStream out = raw.getOutputStream();
      byte[] junk = new byte[600];
      RANDOM.nextBytes(junk);
      junk[0] = 0x01; // an EIP-8 size prefix of a few hundred bytes
      out.write(junk);
      out.flush();
      InputStream in = raw.getInputStream();
      assertThat(in.read()).isEqualTo(-1); // closed by b
    }
    assertThat(b.host().metrics().setupFailures(Devp2pMetrics.SetupFailure.HANDSHAKE_INVALID))
        .isEqualTo(1.0);
    aToB.send(0, new byte[] {9});
    assertThat(a.echo().received.poll(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void silentConnectionIsClosedAtHandshakeTimeout() throws Exception {
    Node b = node(Duration.ofMillis(300), 10);
    try (Socket raw = new Socket("127.0.0.1", b.host().port())) {
      raw.setSoTimeout(10_000);
      assertThat(raw.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(b.host().metrics().setupFailures(Devp2pMetrics.SetupFailure.HANDSHAKE_TIMEOUT))
        .isEqualTo(1.0);
  }

  @Test
  void staticPeerIsRedialledAfterItRestarts() throws Exception {
    Node b = node();
    Secp256k1.KeyPair aKey = Secp256k1.KeyPair.random(RANDOM);
    EchoProtocol echoA = new EchoProtocol();
    Devp2pConfig cfg =
        Devp2pConfig.defaults(aKey, "127.0.0.1", 0)
            .withStaticPeers(List.of(b.host().localEnode()))
            .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200))
            .withIoThreads(1);
    Devp2pHost a = new Devp2pHost(cfg, List.of(echoA), new SimpleMeterRegistry(), RANDOM);
    closeables.add(a);
    a.start();
    PeerConnection first = b.echo().opened.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    first.disconnect(DisconnectReason.REQUESTED);
    PeerConnection second = b.echo().opened.poll(10, TimeUnit.SECONDS);
    assertThat(second).isNotNull();
    assertThat(second.remoteNodeId()).isEqualTo(aKey.publicKey());
  }

  @Test
  void enodeUrlRoundTrips() {
    Secp256k1.KeyPair k = Secp256k1.KeyPair.random(RANDOM);
    Enode e = new Enode(k.publicKey(), "127.0.0.1", 30303);
    assertThat(Enode.parse(e.url())).isEqualTo(e);
    assertThatThrownBy(() -> Enode.parse("enode://abc@127.0.0.1:1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

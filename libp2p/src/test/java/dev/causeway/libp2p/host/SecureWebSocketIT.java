package dev.causeway.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.identify.IdentifyProtocol;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.netty.HostContext;
import dev.causeway.testing.Await;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secure WebSocket (spec libp2p-core.md §11): our host listens on {@code /tcp/0/wss} and {@code
 * /tcp/0/tls/ws} with a self-signed certificate; another host dials with a client TLS context that
 * trusts it and runs identify, ping and echo over TLS + WebSocket + Noise + yamux. A dialler that
 * does not trust the certificate fails quickly, and the listener counts the failed upgrade.
 */
class SecureWebSocketIT {
  private static SelfSignedCertificate cert;
  private static SslContext serverTls;
  private static SslContext trustingClient;
  private final TestHosts hosts = new TestHosts();

  @BeforeAll
  static void certificate() throws Exception {
    cert = new SelfSignedCertificate("localhost");
    serverTls = SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
    trustingClient = SslContextBuilder.forClient().trustManager(cert.cert()).build();
  }

  @AfterAll
  static void deleteCertificate() {
    cert.delete();
  }

  @AfterEach
  void closeAll() {
    hosts.close();
  }

  private Libp2pHost listener() throws Exception {
    return hosts.start(
        c -> c.withTls(serverTls, null),
        List.of(
            Multiaddr.parse("/ip4/127.0.0.1/tcp/0/wss"),
            Multiaddr.parse("/ip4/127.0.0.1/tcp/0/tls/ws")));
  }

  private Libp2pHost dialer(SslContext client) throws Exception {
    return hosts.start(
        c -> c.withTls(null, client), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
  }

  @Test
  void dialsWssWithIdentifyPingAndEcho() throws Exception {
    Libp2pHost server = listener();
    Libp2pHost client = dialer(trustingClient);
    Multiaddr wss = server.listenAddresses().get(0).withPeerId(server.peerId());
    assertThat(wss.isSecureWebSocket()).isTrue();
    assertThat(wss.toString()).contains("/wss/");

    Connection c = client.dial(wss).get(10, TimeUnit.SECONDS);
    assertThat(c.remotePeer()).isEqualTo(server.peerId());
    IdentifyProtocol.Result id = client.identified(c).get(10, TimeUnit.SECONDS);
    assertThat(id.publicKey()).isEqualTo(server.identity().publicKey());
    assertThat(id.protocols()).contains(Echo.ID, IdentifyProtocol.ID);
    assertThat(id.listenAddrs()).containsAll(server.listenAddresses());
    assertThat(client.ping(c, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS)).isPositive();

    byte[] big = new byte[2 * 1024 * 1024];
    new Random(7).nextBytes(big);
    assertThat(Echo.roundTrip(c, big, 128 * 1024).get(30, TimeUnit.SECONDS)).isEqualTo(big);
    // And the listener can open streams back over the same TLS connection.
    Connection back = server.connections(client.peerId()).get(0);
    assertThat(Echo.roundTrip(back, new byte[] {1, 2}, 8).get(10, TimeUnit.SECONDS))
        .containsExactly(1, 2);
  }

  @Test
  void dialsTheTlsWsForm() throws Exception {
    Libp2pHost server = listener();
    Libp2pHost client = dialer(trustingClient);
    int port = server.listenAddresses().get(1).toInetSocketAddress().orElseThrow().getPort();
    Multiaddr tlsWs =
        Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port + "/tls/ws/p2p/" + server.peerId());
    assertThat(tlsWs.isSecureWebSocket()).isTrue();
    Connection c = client.dial(tlsWs).get(10, TimeUnit.SECONDS);
    assertThat(client.identified(c).get(10, TimeUnit.SECONDS).publicKey())
        .isEqualTo(server.identity().publicKey());
    assertThat(Echo.roundTrip(c, new byte[] {3, 4, 5}, 8).get(10, TimeUnit.SECONDS))
        .containsExactly(3, 4, 5);
  }

  @Test
  void untrustedCertificateFailsTheDialAndTheListenerCountsIt() throws Exception {
    Libp2pHost server = listener();
    Libp2pHost client = dialer(null); // the JDK's default trust store
    Multiaddr wss = server.listenAddresses().get(0).withPeerId(server.peerId());
    assertThatThrownBy(() -> client.dial(wss).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    Await.until(
        Duration.ofSeconds(10),
        "the listener counts the failed upgrade",
        () -> server.upgradeFailures(HostContext.UpgradeFailure.CLOSED) >= 1);
    assertThat(server.connections()).isEmpty();
  }
}

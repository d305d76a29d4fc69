package dev.causeway.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.identify.IdentifyProtocol;
import dev.causeway.libp2p.mplex.Mplex;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.ping.PingProtocol;
import dev.causeway.libp2p.yamux.Yamux;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Two of our hosts on 127.0.0.1 over TCP+yamux, TCP+mplex and WS+mplex. */
class Libp2pHostIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<Libp2pHost> hosts = new ArrayList<>();

  private Libp2pHost host(String muxer, boolean secp) throws Exception {
    HostConfig cfg =
        HostConfig.defaults(
                secp ? Keys.generateSecp256k1(RANDOM) : Keys.generateEd25519(RANDOM),
                List.of(
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0/ws")))
            .withMuxers(List.of(muxer))
            .withIoThreads(1);
    Libp2pHost h = new Libp2pHost(cfg, new SimpleMeterRegistry(), RANDOM);
    h.registerHandler(Echo.ID, Echo.handler());
    h.start();
    hosts.add(h);
    return h;
  }

  @AfterEach
  void closeAll() {
    hosts.forEach(Libp2pHost::close);
  }

  private static Multiaddr addr(Libp2pHost h, boolean ws) {
    return h.listenAddresses().stream()
        .filter(a -> a.isWebSocket() == ws)
        .findFirst()
        .orElseThrow()
        .withPeerId(h.peerId());
  }

  @ParameterizedTest
  @CsvSource({"/yamux/1.0.0,false", "/mplex/6.7.0,false", "/mplex/6.7.0,true", "/yamux/1.0.0,true"})
  void dialIdentifyPingAndEcho(String muxer, boolean ws) throws Exception {
    Libp2pHost a = host(muxer, false);
    Libp2pHost b = host(muxer, true);
    Connection c = a.dial(addr(b, ws)).get(10, TimeUnit.SECONDS);
    assertThat(c.remotePeer()).isEqualTo(b.peerId());
    assertThat(c.muxer()).isEqualTo(muxer);

    IdentifyProtocol.Result id = a.identified(c).get(10, TimeUnit.SECONDS);
    assertThat(id.publicKey()).isEqualTo(b.identity().publicKey());
    assertThat(id.protocols())
        .contains(Echo.ID, IdentifyProtocol.ID, IdentifyProtocol.PUSH_ID, PingProtocol.ID);
    assertThat(id.listenAddrs()).containsAll(b.listenAddresses());

    assertThat(a.ping(c, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS)).isPositive();

    byte[] big = new byte[16 * 1024 * 1024];
    new Random(1).nextBytes(big);
    assertThat(Echo.roundTrip(c, big, 256 * 1024).get(60, TimeUnit.SECONDS)).isEqualTo(big);

    List<CompletableFuture<byte[]>> many = new ArrayList<>();
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] d = new byte[64 * 1024];
      new Random(i).nextBytes(d);
      sent.add(d);
      many.add(Echo.roundTrip(c, d, 16 * 1024));
    }
    for (int i = 0; i < 100; i++) {
      assertThat(many.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(sent.get(i));
    }
    // The listener side can open streams back over the same connection.
    Connection back = b.connections(a.peerId()).get(0);
    assertThat(Echo.roundTrip(back, new byte[] {1, 2, 3}, 8).get(10, TimeUnit.SECONDS))
        .containsExactly(1, 2, 3);
  }

  @Test
  void yamuxDialerFallsBackToMplexWhenListenerOnlySpeaksMplex() throws Exception {
    Libp2pHost mplexOnly = host(Mplex.PROTOCOL_ID, false);
    HostConfig cfg =
        HostConfig.defaults(
                Keys.generateEd25519(RANDOM), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
            .withMuxers(List.of(Yamux.PROTOCOL_ID, Mplex.PROTOCOL_ID))
            .withIoThreads(1);
    Libp2pHost both = new Libp2pHost(cfg, new SimpleMeterRegistry(), RANDOM);
    hosts.add(both);
    both.start();
    Connection c = both.dial(addr(mplexOnly, false)).get(10, TimeUnit.SECONDS);
    assertThat(c.muxer()).isEqualTo(Mplex.PROTOCOL_ID);
  }

  @Test
  void dialWithWrongPeerIdFailsAndIsCounted() throws Exception {
    Libp2pHost a = host(Yamux.PROTOCOL_ID, false);
    Libp2pHost b = host(Yamux.PROTOCOL_ID, false);
    Libp2pHost c = host(Yamux.PROTOCOL_ID, false);
    Multiaddr wrong = addr(b, false).withPeerId(c.peerId());
    assertThatThrownBy(() -> a.dial(wrong).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThat(
            a.upgradeFailures(
                dev.causeway.libp2p.netty.HostContext.UpgradeFailure.PEER_ID_MISMATCH))
        .isEqualTo(1.0);
    // Backoff: a second immediate dial is refused without touching the network.
    assertThatThrownBy(() -> a.dial(wrong).get(10, TimeUnit.SECONDS))
        .hasMessageContaining("backing off");
  }

  @Test
  void unsupportedProtocolIsRefused() throws Exception {
    Libp2pHost a = host(Yamux.PROTOCOL_ID, false);
    Libp2pHost b = host(Yamux.PROTOCOL_ID, false);
    Connection c = a.dial(addr(b, false)).get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> c.newStream(List.of("/nope/1.0.0")).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StreamException.class);
    // The connection is still usable.
    assertThat(Echo.roundTrip(c, new byte[] {7}, 8).get(10, TimeUnit.SECONDS)).containsExactly(7);
  }
}

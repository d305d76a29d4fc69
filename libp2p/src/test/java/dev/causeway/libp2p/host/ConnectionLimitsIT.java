package dev.causeway.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multistream.Multistream;
import dev.causeway.libp2p.multistream.MultistreamCodec;
import dev.causeway.libp2p.noise.NoiseConstants;
import dev.causeway.testing.Await;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Inbound connection limits of {@link Libp2pHost} (total and per IP): extra connections are refused
 * and counted in {@code causeway_libp2p_connections_refused_total{reason}} while the admitted ones
 * keep working; and identify push (spec libp2p-core.md §9) updating a connected peer's store.
 */
class ConnectionLimitsIT {
  private static final String REFUSED = "causeway_libp2p_connections_refused_total";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void closeAll() {
    hosts.close();
  }

  @Test
  void maxConnectionsRefusesExtraInboundWhileExistingOnesKeepWorking() throws Exception {
    Libp2pHost server = hosts.start(c -> c.withLimits(2, 10));
    Libp2pHost c1 = hosts.start(c -> c);
    Libp2pHost c2 = hosts.start(c -> c);
    Libp2pHost c3 = hosts.start(c -> c);
    Multiaddr target = TestHosts.addr(server, false);
    Connection k1 = c1.dial(target).get(10, TimeUnit.SECONDS);
    Connection k2 = c2.dial(TestHosts.addr(server, true)).get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> c3.dial(target).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThat(hosts.counter(server, REFUSED, "reason", "max_connections")).isEqualTo(1.0);
    assertThat(hosts.counter(server, REFUSED, "reason", "max_connections_per_ip")).isZero();
    assertThat(server.connections()).hasSize(2);

    assertThat(Echo.roundTrip(k1, new byte[] {1}, 8).get(10, TimeUnit.SECONDS)).containsExactly(1);
    assertThat(Echo.roundTrip(k2, new byte[] {2}, 8).get(10, TimeUnit.SECONDS)).containsExactly(2);

    // A closed connection frees its slot.
    k1.close();
    Await.until(WAIT, "the server drops c1", () -> server.connections().size() == 1);
    Await.until(WAIT, "the slot is released", () -> gauge(server) == 1);
    Connection k3 = c3.dial(target.withoutPeerId()).get(10, TimeUnit.SECONDS);
    assertThat(k3.remotePeer()).isEqualTo(server.peerId());
    assertThat(Echo.roundTrip(k3, new byte[] {3}, 8).get(10, TimeUnit.SECONDS)).containsExactly(3);
  }

  private double gauge(Libp2pHost h) {
    return hosts.registry(h).get("causeway_libp2p_connections").gauge().value();
  }

  @Test
  void maxConnectionsPerIpRefusesTheSameAddressButNotAnother() throws Exception {
    Libp2pHost server = hosts.start(c -> c.withLimits(10, 1));
    Libp2pHost c1 = hosts.start(c -> c);
    Libp2pHost c2 = hosts.start(c -> c);
    Multiaddr target = TestHosts.addr(server, false);
    Connection k1 = c1.dial(target).get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> c2.dial(target).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThat(hosts.counter(server, REFUSED, "reason", "max_connections_per_ip")).isEqualTo(1.0);

    // Another loopback address (127.0.0.2) has its own allowance: the server answers multistream.
    InetSocketAddress sa = target.toInetSocketAddress().orElseThrow();
    try (Socket raw = new Socket()) {
      raw.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      raw.connect(sa, 10_000);
      raw.setSoTimeout(10_000);
      byte[] header = MultistreamCodec.encode(Multistream.PROTOCOL_ID);
      byte[] noise = MultistreamCodec.encode(NoiseConstants.PROTOCOL_ID);
      raw.getOutputStream().write(header);
      raw.getOutputStream().write(noise);
      raw.getOutputStream().flush();
      byte[] answer = readFully(raw.getInputStream(), header.length + noise.length);
      assertThat(answer).startsWith(header).endsWith(noise);
    }
    assertThat(hosts.counter(server, REFUSED, "reason", "max_connections_per_ip")).isEqualTo(1.0);
    assertThat(hosts.counter(server, REFUSED, "reason", "max_connections")).isZero();
    assertThat(Echo.roundTrip(k1, new byte[] {5}, 8).get(10, TimeUnit.SECONDS)).containsExactly(5);
  }

  private static byte[] readFully(InputStream in, int n) throws Exception {
    byte[] out = new byte[n];
    int got = 0;
    while (got < n) {
      int r = in.read(out, got, n - got);
      if (r < 0) {
        throw new AssertionError("EOF after " + got + " of " + n + " bytes");
      }
      got += r;
    }
    return out;
  }

  @Test
  void identifyPushTellsConnectedPeersAboutNewAndRemovedHandlers() throws Exception {
    Libp2pHost a = hosts.start(c -> c);
    Libp2pHost b = hosts.start(c -> c);
    Connection c = a.dial(TestHosts.addr(b, false)).get(10, TimeUnit.SECONDS);
    a.identified(c).get(10, TimeUnit.SECONDS);
    Await.until(WAIT, "b has the connection", () -> !b.connections(a.peerId()).isEmpty());
    b.identified(b.connections(a.peerId()).get(0)).get(10, TimeUnit.SECONDS);
    String fresh = "/causeway/test/fresh/1.0.0";
    assertThat(a.peerStore().protocols(b.peerId())).doesNotContain(fresh);

    b.registerHandler(fresh, Echo.handler());
    Await.until(
        WAIT,
        "a's peer store lists b's new protocol",
        () -> a.peerStore().protocols(b.peerId()).contains(fresh));
    assertThat(a.peerStore().protocols(b.peerId())).contains(Echo.ID);

    a.registerHandler(fresh, Echo.handler());
    Await.until(
        WAIT,
        "b's peer store lists a's new protocol",
        () -> b.peerStore().protocols(a.peerId()).contains(fresh));

    b.unregisterHandler(fresh);
    Await.until(
        WAIT,
        "a's peer store drops b's removed protocol",
        () -> !a.peerStore().protocols(b.peerId()).contains(fresh));
    assertThat(a.peerStore().protocols(b.peerId())).contains(Echo.ID);
  }
}

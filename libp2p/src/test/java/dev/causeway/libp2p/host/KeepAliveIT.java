package dev.causeway.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.ping.PingProtocol;
import dev.causeway.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive pings ({@link HostConfig#keepAliveInterval()}, spec libp2p-core.md §10) between two of
 * our hosts on 127.0.0.1: answered pings keep a connection, {@code na} counts as alive, a peer that
 * swallows pings is disconnected after {@link HostConfig#keepAliveFailures()} misses.
 */
class KeepAliveIT {
  private static final Duration INTERVAL = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PINGS = "causeway_libp2p_keepalive_pings_total";
  private static final String CLOSED = "causeway_libp2p_keepalive_closed_total";
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void closeAll() {
    hosts.close();
  }

  private Libp2pHost pinging() throws Exception {
    return hosts.start(c -> c.withKeepAlive(INTERVAL, 2));
  }

  private Libp2pHost silent() throws Exception {
    return hosts.start(c -> c.withKeepAlive(Duration.ZERO, 2));
  }

  @Test
  void answeredPingsKeepTheConnectionOpen() throws Exception {
    Libp2pHost a = pinging();
    Libp2pHost b = pinging();
    Connection c = a.dial(TestHosts.addr(b, false)).get(10, TimeUnit.SECONDS);
    Await.until(
        WAIT,
        "three answered keep-alive pings each way",
        () ->
            hosts.counter(a, PINGS, "result", "ok") >= 3
                && hosts.counter(b, PINGS, "result", "ok") >= 3);
    assertThat(c.isOpen()).isTrue();
    assertThat(hosts.counter(a, CLOSED)).isZero();
    assertThat(hosts.counter(b, CLOSED)).isZero();
    assertThat(Echo.roundTrip(c, new byte[] {1}, 8).get(10, TimeUnit.SECONDS)).containsExactly(1);
  }

  @Test
  void peerAnsweringNaForPingCountsAsAlive() throws Exception {
    Libp2pHost a = pinging();
    Libp2pHost b = silent();
    b.unregisterHandler(PingProtocol.ID);
    Connection c = a.dial(TestHosts.addr(b, false)).get(10, TimeUnit.SECONDS);
    Await.until(
        WAIT,
        "three keep-alive pings answered with na",
        () -> hosts.counter(a, PINGS, "result", "unsupported") >= 3);
    // Three na answers in a row and still open: na is not a failure (the limit is two).
    assertThat(c.isOpen()).isTrue();
    assertThat(hosts.counter(a, PINGS, "result", "failed")).isZero();
    assertThat(hosts.counter(a, CLOSED)).isZero();
  }

  @Test
  void peerThatNeverAnswersPingIsDisconnected() throws Exception {
    Libp2pHost a = pinging();
    Libp2pHost b = silent();
    // Replaces our ping handler with one that negotiates /ipfs/ping/1.0.0 and swallows the data.
    b.registerHandler(PingProtocol.ID, s -> s.setListener(data -> {}));
    CompletableFuture<Connection> gone = new CompletableFuture<>();
    a.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onDisconnected(Connection connection) {
            gone.complete(connection);
          }
        });
    Connection c = a.dial(TestHosts.addr(b, false)).get(10, TimeUnit.SECONDS);
    assertThat(gone.get(20, TimeUnit.SECONDS)).isSameAs(c);
    assertThat(c.isOpen()).isFalse();
    assertThat(hosts.counter(a, PINGS, "result", "failed")).isEqualTo(2.0);
    assertThat(hosts.counter(a, PINGS, "result", "ok")).isZero();
    assertThat(hosts.counter(a, CLOSED)).isEqualTo(1.0);
    Await.until(WAIT, "b sees the close", () -> b.connections(a.peerId()).isEmpty());
  }

  @Test
  void keepAliveOffSendsNoPings() throws Exception {
    Libp2pHost a = silent();
    Libp2pHost b = pinging();
    Connection c = a.dial(TestHosts.addr(b, false)).get(10, TimeUnit.SECONDS);
    // b's pings reach a; a itself never pings.
    Await.until(WAIT, "b pings a", () -> hosts.counter(b, PINGS, "result", "ok") >= 2);
    assertThat(hosts.counter(a, PINGS, "result", "ok")).isZero();
    assertThat(c.isOpen()).isTrue();
  }
}

package dev.causeway.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multistream.Multistream;
import dev.causeway.libp2p.multistream.MultistreamCodec;
import dev.causeway.libp2p.netty.HostContext.UpgradeFailure;
import dev.causeway.libp2p.noise.NoiseConstants;
import dev.causeway.testing.Await;
import dev.causeway.testing.RandomInputs;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Raw sockets sending garbage to a listening host (spec libp2p-core.md §0, §12): random bytes, and
 * random bytes after a valid multistream prefix or in place of Noise messages, each on a new
 * socket. Every connection is closed and counted exactly once as a failed upgrade; silent sockets
 * (TCP and WebSocket) are closed by the upgrade timeout; afterwards the host still serves a good
 * peer.
 */
class GarbageIT {
  private static final int CASES = 300;
  private static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(2);
  private static final byte[] PREFIX =
      concat(
          MultistreamCodec.encode(Multistream.PROTOCOL_ID),
          MultistreamCodec.encode(NoiseConstants.PROTOCOL_ID));
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void closeAll() {
    hosts.close();
  }

  @Test
  void garbageIsClosedAndCountedAndTheHostKeepsServing() throws Exception {
    Libp2pHost host = hosts.start(c -> c.withUpgradeTimeout(UPGRADE_TIMEOUT));
    InetSocketAddress tcp = TestHosts.addr(host, false).toInetSocketAddress().orElseThrow();
    InetSocketAddress ws = TestHosts.addr(host, true).toInetSocketAddress().orElseThrow();

    RandomInputs.forEachCase(
        CASES,
        r -> {
          try (Socket s = new Socket()) {
            s.connect(tcp, 10_000);
            s.setSoTimeout(10_000);
            try {
              s.getOutputStream().write(garbage(r));
              s.getOutputStream().flush();
              s.shutdownOutput();
            } catch (SocketException e) {
              // the host already closed on an early byte: fine
            }
            assertClosedByPeer(s.getInputStream());
          }
        });

    // Sockets that go quiet: the upgrade timeout closes them (on WS before the HTTP upgrade).
    try (Socket partial = new Socket();
        Socket silentWs = new Socket()) {
      partial.connect(tcp, 10_000);
      silentWs.connect(ws, 10_000);
      partial.setSoTimeout(10_000);
      silentWs.setSoTimeout(10_000);
      partial.getOutputStream().write(new byte[] {0x13, '/', 'm'}); // a header's first bytes
      partial.getOutputStream().flush();
      assertClosedByPeer(partial.getInputStream());
      assertClosedByPeer(silentWs.getInputStream());
    }

    int expected = CASES + 2;
    Await.until(
        Duration.ofSeconds(20),
        "every garbage connection counted",
        () -> hosts.upgradeFailures(host) >= expected);
    assertThat(hosts.upgradeFailures(host)).isEqualTo(expected);
    assertThat(host.upgradeFailures(UpgradeFailure.SECURITY_NEGOTIATION)).isPositive();
    assertThat(host.upgradeFailures(UpgradeFailure.NOISE)).isPositive();
    assertThat(host.upgradeFailures(UpgradeFailure.TIMEOUT)).isEqualTo(2.0);
    assertThat(host.connections()).isEmpty();

    // A good peer, over TCP and over WebSocket.
    Libp2pHost good = hosts.start(c -> c);
    for (boolean overWs : new boolean[] {false, true}) {
      Multiaddr target = TestHosts.addr(host, overWs);
      Connection c = good.dial(target).get(10, TimeUnit.SECONDS);
      assertThat(good.identified(c).get(10, TimeUnit.SECONDS).publicKey())
          .isEqualTo(host.identity().publicKey());
      assertThat(Echo.roundTrip(c, new byte[] {42}, 8).get(10, TimeUnit.SECONDS))
          .containsExactly(42);
      c.close();
    }
  }

  /** Random bytes; or a valid prefix then random bytes, a random or mutated Noise message. */
  private static byte[] garbage(Random r) {
    byte[] random = RandomInputs.bytes(r, 600);
    return switch (r.nextInt(4)) {
      case 0 -> random;
      case 1 -> concat(PREFIX, random);
      case 2 -> {
        // message A (any 32 bytes are an X25519 key), then garbage as message C
        byte[] a = frame(RandomInputs.bytes(r, 32, 32));
        yield concat(concat(PREFIX, a), frame(RandomInputs.bytes(r, 1, 300)));
      }
      default -> RandomInputs.mutate(r, concat(PREFIX, frame(RandomInputs.bytes(r, 32, 32))));
    };
  }

  /** Reads until the host closes (EOF, or a reset if it closed with our bytes unread). */
  private static void assertClosedByPeer(InputStream in) throws Exception {
    byte[] buf = new byte[4096];
    try {
      while (in.read(buf) >= 0) {
        // discard what the host answered before closing
      }
    } catch (SocketException reset) {
      // connection reset by the host: closed as well
    }
  }

  private static byte[] frame(byte[] m) {
    byte[] out = new byte[m.length + 2];
    out[0] = (byte) (m.length >>> 8);
    out[1] = (byte) m.length;
    System.arraycopy(m, 0, out, 2, m.length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

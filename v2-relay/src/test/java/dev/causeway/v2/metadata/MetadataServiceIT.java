package dev.causeway.v2.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.ConnectionListener;
import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.v2.metadata.MetadataService.DisconnectReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metadata exchange and the cluster check between two of our hosts on 127.0.0.1 (spec §7). */
class MetadataServiceIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<Libp2pHost> hosts = new ArrayList<>();
  private final List<MetadataService> services = new ArrayList<>();

  @AfterEach
  void closeAll() {
    services.forEach(MetadataService::close);
    hosts.forEach(Libp2pHost::close);
  }

  private Libp2pHost host() throws Exception {
    HostConfig cfg =
        HostConfig.defaults(
                Keys.generateEd25519(RANDOM), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
            .withIoThreads(1);
    Libp2pHost h = new Libp2pHost(cfg, new SimpleMeterRegistry(), RANDOM);
    hosts.add(h);
    return h;
  }

  /** A started host running the metadata service in {@code cluster}. */
  private MetadataService serviceOn(Libp2pHost h, int cluster, Set<Integer> shards)
      throws Exception {
    MetadataService s =
        new MetadataService(MetadataConfig.of(cluster, () -> shards), new SimpleMeterRegistry());
    services.add(s);
    s.start(h);
    h.start();
    return s;
  }

  private static Multiaddr addr(Libp2pHost h) {
    return h.listenAddresses().get(0).withPeerId(h.peerId());
  }

  private static CompletableFuture<Metadata> accepted(MetadataService s) {
    CompletableFuture<Metadata> f = new CompletableFuture<>();
    s.addListener(
        new MetadataService.Listener() {
          @Override
          public void onAccepted(Connection c, Metadata m) {
            f.complete(m);
          }

          @Override
          public void onRejected(Connection c, DisconnectReason r) {
            f.completeExceptionally(new AssertionError("rejected: " + r));
          }
        });
    return f;
  }

  private static CompletableFuture<DisconnectReason> rejected(MetadataService s) {
    CompletableFuture<DisconnectReason> f = new CompletableFuture<>();
    s.addListener(
        new MetadataService.Listener() {
          @Override
          public void onRejected(Connection c, DisconnectReason r) {
            f.complete(r);
          }
        });
    return f;
  }

  private static CompletableFuture<Connection> disconnected(Libp2pHost h) {
    CompletableFuture<Connection> f = new CompletableFuture<>();
    h.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onDisconnected(Connection c) {
            f.complete(c);
          }
        });
    return f;
  }

  @Test
  void peersInTheSameClusterLearnEachOthersShardsAndStayConnected() throws Exception {
    Libp2pHost a = host();
    Libp2pHost b = host();
    MetadataService sa = serviceOn(a, 1, Set.of(0, 1, 2, 3, 4, 5, 6, 7));
    MetadataService sb = serviceOn(b, 1, Set.of(3));
    CompletableFuture<Metadata> aLearned = accepted(sa);
    CompletableFuture<Metadata> bLearned = accepted(sb);

    Connection c = a.dial(addr(b)).get(10, TimeUnit.SECONDS);

    assertThat(aLearned.get(10, TimeUnit.SECONDS)).isEqualTo(Metadata.of(1, List.of(3)));
    assertThat(bLearned.get(10, TimeUnit.SECONDS))
        .isEqualTo(Metadata.of(1, List.of(0, 1, 2, 3, 4, 5, 6, 7)));
    assertThat(c.isOpen()).isTrue();
    assertThat(a.connections(b.peerId())).containsExactly(c);
    assertThat(sa.peerMetadata(b.peerId())).contains(Metadata.of(1, List.of(3)));
    assertThat(a.identified(c).get(10, TimeUnit.SECONDS).protocols()).contains(MetadataProtocol.ID);
    for (DisconnectReason r : DisconnectReason.values()) {
      assertThat(sa.disconnects(r) + sb.disconnects(r)).isZero();
    }
  }

  @Test
  void peerInAnotherClusterIsDisconnectedAndCounted() throws Exception {
    Libp2pHost a = host();
    Libp2pHost b = host();
    MetadataService sa = serviceOn(a, 1, Set.of(0));
    // b only answers metadata (cluster 2) and does not check, so the close is a's doing.
    b.registerHandler(
        MetadataProtocol.ID,
        new MetadataProtocol(() -> Metadata.of(2, List.of(0)), MetadataConfig.DEFAULT_TIMEOUT));
    b.start();
    CompletableFuture<DisconnectReason> why = rejected(sa);
    CompletableFuture<Connection> aClosed = disconnected(a);
    CompletableFuture<Connection> bClosed = disconnected(b);

    a.dial(addr(b)).get(10, TimeUnit.SECONDS);

    assertThat(why.get(10, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.CLUSTER_MISMATCH);
    aClosed.get(10, TimeUnit.SECONDS);
    bClosed.get(10, TimeUnit.SECONDS);
    assertThat(sa.disconnects(DisconnectReason.CLUSTER_MISMATCH)).isEqualTo(1);
    assertThat(sa.accepted()).isZero();
    assertThat(a.connections(b.peerId())).isEmpty();
    assertThat(sa.peerMetadata(b.peerId())).isEmpty();
  }

  @Test
  void bothSidesCheckingDisconnectAcrossClusters() throws Exception {
    Libp2pHost a = host();
    Libp2pHost b = host();
    MetadataService sa = serviceOn(a, 1, Set.of(0));
    MetadataService sb = serviceOn(b, 16, Set.of(32));
    CompletableFuture<Connection> aClosed = disconnected(a);
    CompletableFuture<Connection> bClosed = disconnected(b);

    a.dial(addr(b)).get(10, TimeUnit.SECONDS);

    aClosed.get(10, TimeUnit.SECONDS);
    bClosed.get(10, TimeUnit.SECONDS);
    assertThat(
            sa.disconnects(DisconnectReason.CLUSTER_MISMATCH)
                + sb.disconnects(DisconnectReason.CLUSTER_MISMATCH))
        .isBetween(1L, 2L);
    assertThat(sa.accepted() + sb.accepted()).isZero();
  }

  @Test
  void peerThatDoesNotServeMetadataIsDisconnected() throws Exception {
    Libp2pHost a = host();
    Libp2pHost plain = host();
    MetadataService sa = serviceOn(a, 1, Set.of(0));
    plain.start();
    CompletableFuture<DisconnectReason> why = rejected(sa);
    CompletableFuture<Connection> closed = disconnected(plain);

    a.dial(addr(plain)).get(10, TimeUnit.SECONDS);

    assertThat(why.get(10, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.UNSUPPORTED);
    closed.get(10, TimeUnit.SECONDS);
    assertThat(sa.disconnects(DisconnectReason.UNSUPPORTED)).isEqualTo(1);
  }
}

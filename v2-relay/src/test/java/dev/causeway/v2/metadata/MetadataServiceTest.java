package dev.causeway.v2.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.v2.metadata.MetadataService.DisconnectReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-connection cluster check (spec v2-message-relay-sharding.md §6.3, §7), without sockets.
 */
class MetadataServiceTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MetadataConfig config = MetadataConfig.of(1, () -> Set.of(0, 1));
  private final MetadataService service = new MetadataService(config, registry);
  private final List<String> events = new ArrayList<>();
  private final List<FakeConnection> conns = new ArrayList<>();

  MetadataServiceTest() {
    service.addListener(
        new MetadataService.Listener() {
          @Override
          public void onAccepted(Connection c, Metadata m) {
            events.add("accepted " + m.clusterId().getAsLong());
          }

          @Override
          public void onRejected(Connection c, DisconnectReason r) {
            events.add("rejected " + r);
          }
        });
  }

  @AfterEach
  void shutdown() {
    conns.forEach(c -> c.scheduler.shutdownNow());
  }

  private FakeConnection peerInCluster(int cluster, int seed) {
    FakeConnection c = new FakeConnection(seed);
    conns.add(c);
    c.remoteHandlers.put(
        MetadataProtocol.ID,
        new MetadataProtocol(() -> Metadata.of(cluster, List.of(3)), config.timeout()));
    return c;
  }

  private FakeConnection bare(int seed) {
    FakeConnection c = new FakeConnection(seed);
    conns.add(c);
    return c;
  }

  @Test
  void checkAcceptsOnlyTheSameCluster() {
    assertThat(MetadataService.check(1, Metadata.of(1, List.of()))).isEmpty();
    assertThat(MetadataService.check(1, Metadata.of(2, List.of())))
        .contains(DisconnectReason.CLUSTER_MISMATCH);
    assertThat(MetadataService.check(1, new Metadata(OptionalLong.empty(), List.of(1L))))
        .contains(DisconnectReason.NO_CLUSTER_ID);
    assertThat(MetadataService.check(1, new Metadata(OptionalLong.of(1L + (1L << 16)), List.of())))
        .contains(DisconnectReason.CLUSTER_MISMATCH);
  }

  @Test
  void peerInOurClusterStaysConnectedEvenWithOtherShards() {
    FakeConnection c = peerInCluster(1, 1);
    service.onConnected(c);
    assertThat(c.isOpen()).isTrue();
    assertThat(service.accepted()).isEqualTo(1);
    assertThat(service.peerMetadata(c.remotePeer())).contains(Metadata.of(1, List.of(3)));
    assertThat(events).containsExactly("accepted 1");
    for (DisconnectReason r : DisconnectReason.values()) {
      assertThat(service.disconnects(r)).isZero();
    }
  }

  @Test
  void peerInAnotherClusterIsDisconnectedAndCounted() {
    FakeConnection c = peerInCluster(2, 1);
    service.onConnected(c);
    assertThat(c.isOpen()).isFalse();
    assertThat(service.disconnects(DisconnectReason.CLUSTER_MISMATCH)).isEqualTo(1);
    assertThat(
            registry
                .get("causeway_waku_metadata_disconnects_total")
                .tag("reason", "cluster_mismatch")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(service.peerMetadata(c.remotePeer())).isEmpty();
    assertThat(events).containsExactly("rejected CLUSTER_MISMATCH");
  }

  @Test
  void peerWithoutClusterIdIsDisconnected() {
    FakeConnection c = bare(1);
    c.remoteHandlers.put(
        MetadataProtocol.ID,
        s -> {
          s.setListener(d -> {});
          s.write(
              LengthPrefixed.frame(
                  MetadataCodec.encodeResponse(new Metadata(OptionalLong.empty(), List.of()))));
          s.closeWrite();
        });
    service.onConnected(c);
    assertThat(c.isOpen()).isFalse();
    assertThat(service.disconnects(DisconnectReason.NO_CLUSTER_ID)).isEqualTo(1);
  }

  @Test
  void peerThatDoesNotServeMetadataIsDisconnectedAsNwakuDoes() {
    FakeConnection c = bare(1);
    service.onConnected(c);
    assertThat(c.isOpen()).isFalse();
    assertThat(service.disconnects(DisconnectReason.UNSUPPORTED)).isEqualTo(1);
    assertThat(events).containsExactly("rejected UNSUPPORTED");
  }

  @Test
  void failedOrTimedOutExchangeDisconnects() {
    FakeConnection resets = bare(1);
    resets.remoteHandlers.put(MetadataProtocol.ID, s -> s.setListener(d -> s.reset()));
    service.onConnected(resets);
    assertThat(resets.isOpen()).isFalse();

    FakeConnection silent = bare(2);
    silent.remoteHandlers.put(MetadataProtocol.ID, s -> s.setListener(d -> {}));
    service.onConnected(silent);
    assertThat(silent.isOpen()).isTrue();
    silent.scheduler.runAll();
    assertThat(silent.isOpen()).isFalse();
    assertThat(service.disconnects(DisconnectReason.REQUEST_FAILED)).isEqualTo(2);
  }

  @Test
  void tolerantModeKeepsPeersWithoutMetadataButStillRejectsOtherClusters() {
    MetadataService tolerant =
        new MetadataService(config.withDisconnectWithoutMetadata(false), new SimpleMeterRegistry());
    FakeConnection noProtocol = bare(1);
    tolerant.onConnected(noProtocol);
    assertThat(noProtocol.isOpen()).isTrue();
    assertThat(tolerant.disconnects(DisconnectReason.UNSUPPORTED)).isZero();
    FakeConnection other = peerInCluster(5, 2);
    tolerant.onConnected(other);
    assertThat(other.isOpen()).isFalse();
    assertThat(tolerant.disconnects(DisconnectReason.CLUSTER_MISMATCH)).isEqualTo(1);
  }

  @Test
  void failureOnAConnectionThatAlreadyWentAwayIsNotCounted() {
    FakeConnection c = bare(1);
    c.remoteHandlers.put(MetadataProtocol.ID, s -> s.setListener(d -> {}));
    service.onConnected(c);
    c.close();
    service.onDisconnected(c);
    c.scheduler.runAll();
    assertThat(service.disconnects(DisconnectReason.REQUEST_FAILED)).isZero();
    assertThat(c.closeCalls).isEqualTo(1);
  }

  @Test
  void forgetsMetadataWhenTheConnectionCloses() {
    FakeConnection c = peerInCluster(1, 1);
    service.onConnected(c);
    assertThat(service.peerMetadata(c.remotePeer())).isPresent();
    service.onDisconnected(c);
    assertThat(service.peerMetadata(c.remotePeer())).isEmpty();
  }

  @Test
  void closedServiceIgnoresNewConnections() {
    service.close();
    service.close();
    FakeConnection c = peerInCluster(2, 1);
    service.onConnected(c);
    assertThat(c.isOpen()).isTrue();
    assertThat(c.opened).isEmpty();
  }

  @Test
  void servesOurClusterAndCurrentShards() {
    FakeConnection c = bare(1);
    c.remoteHandlers.put(MetadataProtocol.ID, service.protocol());
    assertThat(new MetadataClient(() -> Metadata.of(1, List.of()), config.timeout()).exchange(c))
        .isCompletedWithValue(Metadata.of(1, List.of(0, 1)));
  }
}

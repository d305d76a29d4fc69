package dev.causeway.v2.metadata;

import dev.causeway.v2.core.PubsubTopic;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of our metadata protocol (spec v2-message-relay-sharding.md §7).
 *
 * @param clusterId our cluster, 0..65535 (always reported: nwaku disconnects peers that omit it)
 * @param shards the shards we currently serve, read at every exchange (relay subscriptions can
 *     change); an empty collection for nodes without relay. Each shard is written twice, so about
 *     200 shards (about 340 below shard 128) fill nwaku's 1024-byte read limit; a node serving more
 *     must advertise fewer
 * @param timeout deadline for one exchange, client and server side
 * @param disconnectWithoutMetadata whether {@link MetadataService} closes connections to peers
 *     whose exchange fails or who do not serve the protocol, as nwaku does
 */
public record MetadataConfig(
    int clusterId,
    Supplier<? extends Collection<Integer>> shards,
    Duration timeout,
    boolean disconnectWithoutMetadata) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public MetadataConfig {
    if (clusterId < 0 || clusterId > PubsubTopic.MAX_CLUSTER_ID) {
      throw new IllegalArgumentException("cluster id out of range: " + clusterId);
    }
    Objects.requireNonNull(shards, "shards");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /** nwaku's behaviour: 10 s timeout, disconnect peers without metadata. */
  public static MetadataConfig of(int clusterId, Supplier<? extends Collection<Integer>> shards) {
    return new MetadataConfig(clusterId, shards, DEFAULT_TIMEOUT, true);
  }

  public MetadataConfig withTimeout(Duration t) {
    return new MetadataConfig(clusterId, shards, t, disconnectWithoutMetadata);
  }

  public MetadataConfig withDisconnectWithoutMetadata(boolean d) {
    return new MetadataConfig(clusterId, shards, timeout, d);
  }

  /** A snapshot of what we report now. */
  public Metadata local() {
    return Metadata.of(clusterId, shards.get());
  }
}

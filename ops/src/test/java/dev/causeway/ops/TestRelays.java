package dev.causeway.ops;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.pubsub.gossipsub.GossipsubConfig;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.node.WakuV2Config;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/** Relay node settings for the command ITs' own peers. */
final class TestRelays {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestRelays() {}

  /**
   * A fresh key, relaying {@code topic}, dialling {@code staticNodes}, with a 200 ms gossipsub
   * heartbeat so the mesh forms within a test's patience.
   */
  static WakuV2Config config(
      List<Multiaddr> listen, List<Multiaddr> staticNodes, PubsubTopic topic) {
    return WakuV2Config.defaults(Keys.generateSecp256k1(RANDOM), listen, List.of(topic))
        .withStaticNodes(staticNodes)
        .withGossipsub(
            GossipsubConfig.defaults().toBuilder()
                .heartbeatInterval(Duration.ofMillis(200))
                .build());
  }
}

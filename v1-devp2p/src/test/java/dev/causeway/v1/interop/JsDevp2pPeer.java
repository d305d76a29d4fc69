package dev.causeway.v1.interop;

import dev.causeway.testing.JsFixturePeer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Test support: an independent RLPx + devp2p peer ({@code @ethereumjs/devp2p}, pinned in {@code
 * src/test/js/devp2p-peer/package-lock.json}) running as a Node.js child process on 127.0.0.1.
 *
 * <p>The peer ({@code peer.mjs}) either listens on an ephemeral port or dials one enode URL,
 * advertises {@code waku/1} (128 message ids) so that a waku/1 node is not a useless peer to it,
 * sends a Ping as soon as both Hellos are exchanged, sends a waku Status, and reports everything it
 * sees as one JSON object per stdout line. The process plumbing (events, waits, commands, npm
 * install, skipping without Node.js) is {@link JsFixturePeer}'s. Commands ({@link
 * #command(String)}): {@code ping}, {@code disconnect <reason>}, {@code send <cap> <code> <hex
 * msg-data>} (compressed for the wire when Snappy is active), {@code raw <msg-id> <hex bytes>}
 * (written as-is), or {@code exit}; the peer answers with a {@code command-done} or {@code error}
 * event. The event and command protocol is documented in {@code src/test/js/devp2p-peer/README.md}.
 * Spec: v1-rlpx-devp2p.md §2 (enode), §4 (handshake), §7 (devp2p base protocol).
 *
 * <p>Not thread-safe for concurrent waiters: one test thread calls the {@code await} methods.
 */
public final class JsDevp2pPeer extends JsFixturePeer {

  /** How long {@code peer.mjs} lives at most unless told otherwise ({@code --deadline-ms}). */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  private static final Fixture FIXTURE =
      new Fixture(
          "ethereumjs devp2p",
          "v1-devp2p",
          "devp2p-peer",
          "peer.mjs",
          "@ethereumjs/devp2p",
          18,
          DEFAULT_DEADLINE,
          "js-devp2p-peer");

  private static final Pattern KEY_HEX = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

  private JsDevp2pPeer(String privateKeyHex, List<String> args) {
    super(FIXTURE, args, Map.of("PEER_KEY", privateKeyHex));
  }

  /**
   * Starts a peer listening on 127.0.0.1 at an ephemeral port; wait for it with {@link
   * #awaitEnode(Duration)}.
   *
   * @param privateKeyHex 32-byte secp256k1 private key, 64 hex characters
   * @param options extra {@code peer.mjs} options, e.g. {@code "--no-ping"}, {@code "--cap",
   *     "waku/0"}, {@code "--deadline-ms", "60000"} (see the fixture README)
   */
  public static JsDevp2pPeer listen(String privateKeyHex, String... options) {
    return start(privateKeyHex, arguments(options, "listen"));
  }

  /**
   * Starts a peer that dials {@code enodeUrl} (which must point at 127.0.0.1 or localhost).
   *
   * @param privateKeyHex 32-byte secp256k1 private key, 64 hex characters
   * @param enodeUrl {@code enode://<128 hex>@127.0.0.1:<port>}
   * @param options extra {@code peer.mjs} options (see {@link #listen(String, String...)})
   */
  public static JsDevp2pPeer dial(String privateKeyHex, String enodeUrl, String... options) {
    return start(privateKeyHex, arguments(options, "dial", enodeUrl));
  }

  private static JsDevp2pPeer start(String privateKeyHex, List<String> args) {
    if (!KEY_HEX.matcher(privateKeyHex).matches()) {
      throw new IllegalArgumentException("private key must be 64 hex characters");
    }
    return new JsDevp2pPeer(privateKeyHex, args);
  }

  /**
   * Waits for the {@code listening} event of a peer started with {@link #listen(String, String...)}
   * and returns its enode URL ({@code enode://<id>@127.0.0.1:<port>}).
   */
  public String awaitEnode(Duration timeout) throws InterruptedException {
    Object enode = awaitEvent("listening", timeout).get("enode");
    return String.valueOf(enode);
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

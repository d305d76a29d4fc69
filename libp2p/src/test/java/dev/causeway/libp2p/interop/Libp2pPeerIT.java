package dev.causeway.libp2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.peer.PeerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Self-test of the {@link JsLibp2pPeer} fixture, independent of our own libp2p host: two js-libp2p
 * peers connect over TCP or WebSocket with yamux or mplex, identify each other, ping, and echo 16
 * MiB over one stream and 64 KiB over each of 100 concurrent streams. If this fails, an interop
 * failure against our host says nothing about our host. (The js↔js throughput baseline is measured
 * by {@code StreamThroughputBench}, on demand, next to our own pair.)
 */
class Libp2pPeerIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration LONG = Duration.ofSeconds(90);
  private static final String DEADLINE = Long.toString(Duration.ofMinutes(3).toMillis());
  private static final int ECHO_BIG = 16 * 1024 * 1024;
  private static final int ECHO_SMALL = 64 * 1024;
  private static final int ECHO_STREAMS = 100;
  private static final List<String> JS_PROTOCOLS =
      List.of(
          "/causeway/bench/1.0.0",
          "/causeway/echo/1.0.0",
          "/ipfs/id/1.0.0",
          "/ipfs/id/push/1.0.0",
          "/ipfs/ping/1.0.0");

  // Fixed identities: an Ed25519 listener and a secp256k1 dialer, so that both key types cross
  // between our key code and js-libp2p (peer ids and public-key protobufs must agree).
  private static final PrivKey LISTENER_KEY = Keys.ed25519(fill(0x11));
  private static final PrivKey DIALER_KEY = Keys.secp256k1(fill(0x22));

  // Per test, not per class, so that a skip shows up in the report for every test it hides.
  @BeforeEach
  void nodeAvailable() {
    JsLibp2pPeer.assumeInteropEnabled();
    JsLibp2pPeer.ensureInstalled();
  }

  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource({"tcp, yamux", "tcp, mplex", "ws, mplex"})
  void twoJsPeersIdentifyPingAndEcho(String transport, String muxer) throws Exception {
    String listenerId = peerId(LISTENER_KEY);
    String dialerId = peerId(DIALER_KEY);
    String expectedMuxer = "yamux".equals(muxer) ? "/yamux/1.0.0" : "/mplex/6.7.0";
    try (JsLibp2pPeer listener =
        JsLibp2pPeer.listen(
            JsLibp2pPeer.keyHex(LISTENER_KEY), "--muxer", "both", "--deadline-ms", DEADLINE)) {
      Map<String, Object> listening = listener.awaitListening(WAIT);
      assertThat(listening)
          .containsEntry("peerId", listenerId)
          .containsEntry("publicKey", hex(LISTENER_KEY.publicKey().marshal()))
          .containsEntry("protocols", JS_PROTOCOLS);
      String addr = listener.awaitAddr(transport, WAIT);
      assertThat(addr)
          .matches(
              "/ip4/127\\.0\\.0\\.1/tcp/\\d+"
                  + ("ws".equals(transport) ? "/ws" : "")
                  + "/p2p/"
                  + listenerId);

      try (JsLibp2pPeer dialer =
          JsLibp2pPeer.dial(
              JsLibp2pPeer.keyHex(DIALER_KEY), addr, "--muxer", muxer, "--deadline-ms", DEADLINE)) {
        assertThat(dialer.awaitEvent("dialed", WAIT)).containsEntry("ok", true);
        assertConnected(dialer, listenerId, "outbound", expectedMuxer, addr);
        assertConnected(listener, dialerId, "inbound", expectedMuxer, null);

        assertIdentified(dialer, listenerId, LISTENER_KEY, true);
        assertIdentified(listener, dialerId, DIALER_KEY, false);

        Map<String, Object> ping = dialer.run("ping " + listenerId, "ping", WAIT);
        assertThat(ping).containsEntry("ok", true);
        assertThat(((Number) ping.get("rtt")).longValue()).isNotNegative();
        assertThat(listener.run("ping " + dialerId, "ping", WAIT)).containsEntry("ok", true);

        Map<String, Object> big =
            dialer.run("echo " + listenerId + " " + ECHO_BIG, "echo-result", LONG);
        assertThat(big)
            .containsEntry("ok", true)
            .containsEntry("bytes", ECHO_BIG)
            .containsEntry("streams", 1)
            .containsEntry("muxer", expectedMuxer);
        assertThat(listener.awaitEvent("echo-served", WAIT)).containsEntry("bytes", ECHO_BIG);

        Map<String, Object> many =
            dialer.run(
                "echo " + listenerId + " " + ECHO_SMALL + " " + ECHO_STREAMS, "echo-result", LONG);
        assertThat(many)
            .containsEntry("ok", true)
            .containsEntry("streams", ECHO_STREAMS)
            .containsEntry("failed", 0);
        for (int i = 0; i < ECHO_STREAMS; i++) {
          assertThat(listener.awaitEvent("echo-served", WAIT)).containsEntry("bytes", ECHO_SMALL);
        }

        // Streams opened by the side that accepted the connection work as well.
        assertThat(listener.run("echo " + dialerId + " 100000 10", "echo-result", LONG))
            .containsEntry("ok", true);

        dialer.run("hangup " + listenerId, "hangup-done", WAIT);
        assertThat(dialer.awaitEvent("connection:close", WAIT)).containsEntry("peer", listenerId);
        assertThat(listener.awaitEvent("connection:close", WAIT)).containsEntry("peer", dialerId);
      }
    }
  }

  @Test
  void refusesToDialAnythingButLoopback() throws Exception {
    try (JsLibp2pPeer peer =
        JsLibp2pPeer.listen(JsLibp2pPeer.keyHex(LISTENER_KEY), "--transports", "tcp")) {
      assertThat(peer.awaitListening(WAIT).get("ws")).isNull();
      String command = "dial /ip4/192.0.2.1/tcp/4001/p2p/" + peerId(DIALER_KEY);
      peer.command(command);
      Map<String, Object> error =
          peer.awaitEvent("error", e -> command.equals(e.get("command")), WAIT);
      assertThat((String) error.get("message")).contains("non-loopback");
      assertThat(peer.events()).noneMatch(e -> "dialing".equals(e.get("event")));
    }
  }

  private static void assertConnected(
      JsLibp2pPeer self, String remoteId, String direction, String muxer, String remoteAddr)
      throws InterruptedException {
    Map<String, Object> open = self.awaitEvent("connection:open", WAIT);
    assertThat(open)
        .containsEntry("peer", remoteId)
        .containsEntry("direction", direction)
        .containsEntry("muxer", muxer)
        .containsEntry("encryption", "/noise")
        .containsEntry("transient", false);
    if (remoteAddr != null) {
      assertThat(open).containsEntry("remoteAddr", remoteAddr);
    } else {
      assertThat((String) open.get("remoteAddr")).startsWith("/ip4/127.0.0.1/tcp/");
    }
  }

  /** What {@code self} must have learnt by identifying the remote {@code remoteId}. */
  private static void assertIdentified(
      JsLibp2pPeer self, String remoteId, PrivKey remoteKey, boolean remoteListens)
      throws InterruptedException {
    Map<String, Object> id = self.awaitEvent("identify", e -> remoteId.equals(e.get("peer")), WAIT);
    assertThat(id)
        .containsEntry("protocolVersion", "ipfs/0.1.0")
        .containsEntry("agentVersion", "causeway-interop-js-libp2p/1.9.4")
        .containsEntry("publicKey", hex(remoteKey.publicKey().marshal()))
        .containsEntry("protocols", JS_PROTOCOLS);
    assertThat((String) id.get("observedAddr")).startsWith("/ip4/127.0.0.1/tcp/");
    @SuppressWarnings("unchecked")
    List<String> listenAddrs = (List<String>) id.get("listenAddrs");
    if (remoteListens) {
      assertThat(listenAddrs)
          .hasSize(2)
          .allMatch(a -> a.startsWith("/ip4/127.0.0.1/tcp/") && !a.contains("/p2p/"));
    } else {
      assertThat(listenAddrs).isEmpty();
    }
  }

  private static void writeBaseline(List<String> lines) throws IOException {
    Path dir = Path.of(System.getProperty("basedir", "."), "target");
    Files.createDirectories(dir);
    Files.write(dir.resolve("js-libp2p-baseline.txt"), lines, StandardCharsets.UTF_8);
  }

  private static String peerId(PrivKey key) {
    return PeerId.fromPublicKey(key.publicKey()).toBase58();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static byte[] fill(int value) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }
}

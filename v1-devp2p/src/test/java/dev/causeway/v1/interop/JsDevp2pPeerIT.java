package dev.causeway.v1.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Self-test of the {@link JsDevp2pPeer} fixture, independent of our own RLPx stack: two ethereumjs
 * peers connect to each other, and each must see the other's Hello (devp2p 5, {@code waku/1}), a
 * Pong for its Ping, and the other's waku Status. If this fails, an interop failure against our
 * node says nothing about our node.
 */
class JsDevp2pPeerIT {

  // The EIP-8 test keys (spec v1-rlpx-devp2p.md §6.1); our Secp256k1 derives their node ids.
  private static final String KEY_A =
      "49a7b37aa6f6645917e7b807e9d1c00d4fa71f18343b0d4122a4d2df64dd6fee";
  private static final String KEY_B =
      "b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291";
  private static final Duration WAIT = Duration.ofSeconds(20);

  // Per test, not per class, so that a skip shows up in the report for every test it hides.
  @BeforeEach
  void nodeAvailable() {
    JsDevp2pPeer.assumeInteropEnabled();
    JsDevp2pPeer.ensureInstalled();
  }

  @Test
  void twoEthereumjsPeersExchangeHelloPingPongAndWakuStatus() throws Exception {
    String idA = nodeId(KEY_A);
    String idB = nodeId(KEY_B);
    try (JsDevp2pPeer listener = JsDevp2pPeer.listen(KEY_A)) {
      String enode = listener.awaitEnode(WAIT);
      assertThat(enode).matches("enode://" + idA + "@127\\.0\\.0\\.1:\\d+");

      try (JsDevp2pPeer dialer = JsDevp2pPeer.dial(KEY_B, enode)) {
        assertThat(dialer.awaitEvent("dialing", WAIT)).containsEntry("id", idB);

        assertSessionEstablished(listener, idB);
        assertSessionEstablished(dialer, idA);

        // Commands reach the peer: a Disconnect from the dialer is seen by the listener.
        dialer.command("disconnect 8");
        assertThat(dialer.awaitEvent("disconnect", WAIT))
            .containsEntry("initiator", "local")
            .containsEntry("reason", 8);
        assertThat(listener.awaitEvent("disconnect", WAIT))
            .containsEntry("initiator", "remote")
            .containsEntry("reason", 8);
      }
    }
  }

  @Test
  void peerWithoutSharedCapabilityIsDisconnectedAsUseless() throws Exception {
    try (JsDevp2pPeer listener = JsDevp2pPeer.listen(KEY_A, "--cap", "shh/6");
        JsDevp2pPeer dialer = JsDevp2pPeer.dial(KEY_B, listener.awaitEnode(WAIT))) {
      // The listener sends its Hello together with the ack, so the dialer always reads it and
      // gives up. The dialer's own Hello is sent one tick after the ack is processed, so it may
      // never be sent (ethereumjs then sends Disconnect as its first frame): the listener sees a
      // USELESS_PEER Disconnect either way, from itself or from the dialer.
      assertThat(dialer.awaitEvent("hello", WAIT)).containsEntry("capabilities", List.of("shh/6"));
      assertThat(dialer.awaitEvent("disconnect", WAIT))
          .containsEntry("initiator", "local")
          .containsEntry("reason", 3)
          .containsEntry("name", "USELESS_PEER");
      assertThat(listener.awaitEvent("disconnect", WAIT)).containsEntry("reason", 3);
      // A session would have been reported before the Disconnect.
      assertThat(dialer.events()).noneMatch(e -> "connected".equals(e.get("event")));
      assertThat(listener.events()).noneMatch(e -> "connected".equals(e.get("event")));
    }
  }

  /** What one side must have seen of a healthy session with {@code remoteId}. */
  private static void assertSessionEstablished(JsDevp2pPeer self, String remoteId)
      throws InterruptedException {
    Map<String, Object> hello = self.awaitEvent("hello", WAIT);
    assertThat(hello)
        .containsEntry("protocolVersion", 5)
        .containsEntry("id", remoteId)
        .containsEntry("capabilities", List.of("waku/1"));
    assertThat((String) hello.get("clientId")).startsWith("causeway-interop-ethereumjs/");

    Map<String, Object> connected = self.awaitEvent("connected", WAIT);
    assertThat(connected).containsEntry("snappy", true).containsEntry("id", remoteId);
    assertThat(connected.get("shared"))
        .isEqualTo(List.of(Map.of("cap", "waku/1", "offset", 16, "length", 128)));

    self.awaitEvent("ping-sent", WAIT);
    self.awaitEvent("ping-received", WAIT);
    self.awaitEvent("pong-received", WAIT);

    Map<String, Object> status = self.awaitEvent("waku-status", WAIT);
    assertThat(status).containsEntry("valid", true);
    assertThat(status.get("keys")).isEqualTo(List.of(0, 1, 2, 3));
  }

  private static String nodeId(String privateKeyHex) {
    return Hex.encode(Secp256k1.KeyPair.fromPrivateKey(Hex.decode(privateKeyHex)).publicKey());
  }
}

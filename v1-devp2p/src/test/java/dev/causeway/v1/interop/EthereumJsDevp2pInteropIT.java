package dev.causeway.v1.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.SubProtocol;
import dev.causeway.v1.rlpx.SubProtocolHandler;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.rlpx.host.Devp2pHost;
import dev.causeway.v1.rlpx.netty.Session;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our RLPx + devp2p base layer against an independent implementation, {@code @ethereumjs/devp2p}
 * 10.0.0 from npm: EIP-8 handshake, Hello (version 5, Snappy), Ping/Pong both ways, a sub-protocol
 * message at the negotiated offset and Disconnect in both directions — once with our host dialling
 * and once with the JavaScript peer dialling us.
 */
class EthereumJsDevp2pInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Status of a full node with PoW 0.002 and a full bloom (spec v1-waku.md §3.1). */
  private static final String JS_WAKU_STATUS =
      "f856ca80883f60624dd2f1a9fc" + "f84301b840" + "ff".repeat(64) + "c20280c20380";

  private Devp2pHost host;
  private final BlockingQueue<byte[]> wakuStatuses = new LinkedBlockingQueue<>();
  private final BlockingQueue<DisconnectReason> closes = new LinkedBlockingQueue<>();
  private Secp256k1.KeyPair key;

  @BeforeEach
  void setUp() throws Exception {
    JsDevp2pPeer.assumeInteropEnabled();
    JsDevp2pPeer.ensureInstalled();
    key = Secp256k1.KeyPair.random(RANDOM);
    Devp2pConfig cfg =
        Devp2pConfig.defaults(key, "127.0.0.1", 0)
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(300))
            .withIoThreads(1);
    host = new Devp2pHost(cfg, List.of(recordingWaku()), new SimpleMeterRegistry(), RANDOM);
    host.start();
  }

  @AfterEach
  void tearDown() {
    if (host != null) {
      host.close();
    }
  }

  /** waku/1 stand-in that records the Status (code 0) the JS peer sends. */
  private SubProtocol recordingWaku() {
    return new SubProtocol() {
      @Override
      public Capability capability() {
        return new Capability("waku", 1);
      }

      @Override
      public int messageCount() {
        return 128;
      }

      @Override
      public SubProtocolHandler open(PeerConnection connection) {
        return new SubProtocolHandler() {
          @Override
          public void onMessage(int code, byte[] msgData) {
            if (code == 0) {
              wakuStatuses.add(msgData);
            }
          }

          @Override
          public void onClose(DisconnectReason reason, boolean byRemote) {
            closes.add(reason);
          }
        };
      }
    };
  }

  @Test
  void weDialEthereumjs() throws Exception {
    try (JsDevp2pPeer js = JsDevp2pPeer.listen(randomKeyHex())) {
      Enode enode = Enode.parse(js.awaitEnode(WAIT));
      Session s = host.connect(enode).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      checkSession(js, s);
      js.command("disconnect 4");
      assertThat(closes.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(DisconnectReason.TOO_MANY_PEERS);
      assertThat(host.metrics().disconnectsReceived(DisconnectReason.TOO_MANY_PEERS))
          .isEqualTo(1.0);
    }
  }

  @Test
  void ethereumjsDialsUs() throws Exception {
    try (JsDevp2pPeer js = JsDevp2pPeer.dial(randomKeyHex(), host.localEnode().url())) {
      Session s = awaitSession();
      assertThat(s.isInbound()).isTrue();
      checkSession(js, s);
      host.close();
      assertThat(js.awaitEvent("disconnect", WAIT))
          .containsEntry("initiator", "remote")
          .containsEntry("reason", DisconnectReason.CLIENT_QUITTING.code());
    }
  }

  private Session awaitSession() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<Session> sessions = host.sessions();
      if (!sessions.isEmpty()) {
        return sessions.get(0);
      }
      // Poll the next sub-protocol event rather than sleeping.
      byte[] status = wakuStatuses.poll(100, TimeUnit.MILLISECONDS);
      if (status != null) {
        wakuStatuses.add(status);
      }
    }
    throw new AssertionError("no session with the JS peer within " + WAIT);
  }

  private void checkSession(JsDevp2pPeer js, Session s) throws Exception {
    // Their Hello as we saw it.
    assertThat(s.remoteHello().protocolVersion()).isEqualTo(5);
    assertThat(s.remoteHello().capabilities()).contains(new Capability("waku", 1));
    assertThat(s.snappy()).isTrue();
    // Our Hello as they saw it.
    Map<String, Object> hello = js.awaitEvent("hello", WAIT);
    assertThat(hello).containsEntry("protocolVersion", 5);
    assertThat(hello).containsEntry("id", Hex.encode(key.publicKey()));
    assertThat(hello.get("capabilities")).isEqualTo(List.of("waku/1"));
    assertThat(js.awaitEvent("connected", WAIT)).containsEntry("snappy", true);
    // Their Ping answered by us; our Pings (every 300 ms here) answered by them.
    js.awaitEvent("pong-received", WAIT);
    js.awaitEvent("ping-received", WAIT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (host.metrics().pongsReceived() < 1 && System.nanoTime() < deadline) {
      js.awaitEvent("ping-received", WAIT);
    }
    assertThat(host.metrics().pongsReceived()).isGreaterThanOrEqualTo(1.0);
    assertThat(host.metrics().pingsAnswered()).isGreaterThanOrEqualTo(1.0);
    // A sub-protocol message at the negotiated offset (0x10), Snappy-decompressed.
    byte[] status = wakuStatuses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(status).isNotNull();
    assertThat(Hex.encode(status)).isEqualTo(JS_WAKU_STATUS);
  }

  private static String randomKeyHex() {
    return Hex.encode(Secp256k1.KeyPair.random(RANDOM).privateKey());
  }
}

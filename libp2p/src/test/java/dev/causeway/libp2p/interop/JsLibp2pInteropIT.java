package dev.causeway.libp2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.Echo;
import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.identify.IdentifyProtocol;
import dev.causeway.libp2p.mplex.Mplex;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.ping.PingProtocol;
import dev.causeway.libp2p.yamux.Yamux;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our libp2p host against js-libp2p 1.9 (npm, see {@code src/test/js/libp2p-peer}): over TCP+yamux,
 * TCP+mplex and WS+mplex, with our host dialling and with the js peer dialling: Noise with both key
 * types, identify both ways (public key, every protocol), ping both ways, a 16 MiB echo over one
 * stream and 100 concurrent echo streams, each way.
 */
class JsLibp2pInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration LONG = Duration.ofSeconds(120);
  private static final int BIG = 16 * 1024 * 1024;
  private static final int SMALL = 64 * 1024;
  private static final int STREAMS = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Libp2pHost ours;

  @BeforeEach
  void nodeAvailable() {
    JsLibp2pPeer.assumeInteropEnabled();
    JsLibp2pPeer.ensureInstalled();
  }

  @AfterEach
  void stop() {
    if (ours != null) {
      ours.close();
    }
  }

  private Libp2pHost start(String muxer) throws Exception {
    PrivKey key = Keys.generateSecp256k1(RANDOM);
    HostConfig cfg =
        HostConfig.defaults(
                key,
                List.of(
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                    Multiaddr.parse("/ip4/127.0.0.1/tcp/0/ws")))
            .withMuxers(
                "yamux".equals(muxer)
                    ? List.of(Yamux.PROTOCOL_ID, Mplex.PROTOCOL_ID)
                    : List.of(Mplex.PROTOCOL_ID));
    ours = new Libp2pHost(cfg, new SimpleMeterRegistry(), RANDOM);
    ours.registerHandler(Echo.ID, Echo.handler());
    ours.start();
    return ours;
  }

  @ParameterizedTest(name = "{0} + {1}, we dial: {2}")
  @CsvSource({
    "tcp, yamux, true",
    "tcp, yamux, false",
    "tcp, mplex, true",
    "tcp, mplex, false",
    "ws, mplex, true",
    "ws, mplex, false"
  })
  void interoperates(String transport, String muxer, boolean weDial) throws Exception {
    Libp2pHost host = start(muxer);
    String expectedMuxer = "yamux".equals(muxer) ? Yamux.PROTOCOL_ID : Mplex.PROTOCOL_ID;
    PrivKey jsKey = Keys.generateEd25519(RANDOM);
    String jsId = dev.causeway.libp2p.peer.PeerId.fromPublicKey(jsKey.publicKey()).toBase58();
    String ourId = host.peerId().toBase58();
    Connection c;
    JsLibp2pPeer js;
    if (weDial) {
      js = JsLibp2pPeer.listen(JsLibp2pPeer.keyHex(jsKey), "--muxer", muxer);
      js.awaitListening(WAIT);
      c = host.dial(Multiaddr.parse(js.awaitAddr(transport, WAIT))).get(30, TimeUnit.SECONDS);
    } else {
      Multiaddr target =
          host.listenAddresses().stream()
              .filter(a -> a.isWebSocket() == "ws".equals(transport))
              .findFirst()
              .orElseThrow()
              .withPeerId(host.peerId());
      js = JsLibp2pPeer.dial(JsLibp2pPeer.keyHex(jsKey), target.toString(), "--muxer", muxer);
      assertThat(js.awaitEvent("dialed", WAIT)).containsEntry("ok", true);
      c = awaitConnection(host);
    }
    try (js) {
      assertThat(c.remotePeer().toBase58()).isEqualTo(jsId);
      assertThat(c.muxer()).isEqualTo(expectedMuxer);
      Map<String, Object> open = js.awaitEvent("connection:open", WAIT);
      assertThat(open).containsEntry("peer", ourId).containsEntry("muxer", expectedMuxer);

      // identify, both ways
      IdentifyProtocol.Result theirs = host.identified(c).get(30, TimeUnit.SECONDS);
      assertThat(theirs.publicKey()).isEqualTo(jsKey.publicKey());
      assertThat(theirs.protocols()).contains(Echo.ID, PingProtocol.ID, IdentifyProtocol.ID);
      Map<String, Object> jsSawUs =
          js.awaitEvent("identify", e -> ourId.equals(e.get("peer")), WAIT);
      assertThat(jsSawUs.get("publicKey"))
          .isEqualTo(HexFormat.of().formatHex(host.identity().publicKey().marshal()));
      @SuppressWarnings("unchecked")
      List<String> ourProtocols = (List<String>) jsSawUs.get("protocols");
      assertThat(ourProtocols)
          .contains(Echo.ID, PingProtocol.ID, IdentifyProtocol.ID, IdentifyProtocol.PUSH_ID);

      // ping, both ways
      assertThat(host.ping(c, Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS)).isPositive();
      assertThat(js.run("ping " + ourId, "ping", WAIT)).containsEntry("ok", true);

      // js -> us: 16 MiB over one stream, then 100 concurrent streams
      assertThat(js.run("echo " + ourId + " " + BIG, "echo-result", LONG))
          .containsEntry("ok", true)
          .containsEntry("bytes", BIG);
      assertThat(js.run("echo " + ourId + " " + SMALL + " " + STREAMS, "echo-result", LONG))
          .containsEntry("ok", true)
          .containsEntry("failed", 0);

      // us -> js: the same
      byte[] big = new byte[BIG];
      new Random(7).nextBytes(big);
      assertThat(Echo.roundTrip(c, big, 256 * 1024).get(120, TimeUnit.SECONDS)).isEqualTo(big);
      List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
      List<byte[]> sent = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        byte[] d = new byte[SMALL];
        new Random(100 + i).nextBytes(d);
        sent.add(d);
        echoes.add(Echo.roundTrip(c, d, 16 * 1024));
      }
      for (int i = 0; i < STREAMS; i++) {
        assertThat(echoes.get(i).get(120, TimeUnit.SECONDS)).isEqualTo(sent.get(i));
      }
    }
  }

  private static Connection awaitConnection(Libp2pHost host) throws Exception {
    CompletableFuture<Connection> f = new CompletableFuture<>();
    host.addConnectionListener(
        new dev.causeway.libp2p.host.ConnectionListener() {
          @Override
          public void onConnected(Connection c) {
            f.complete(c);
          }
        });
    List<Connection> existing = host.connections();
    if (!existing.isEmpty()) {
      return existing.get(0);
    }
    return f.get(30, TimeUnit.SECONDS);
  }
}
